// What a command may touch outside itself: the two output streams, the environment and the clock.
// main() fills it from the process; tests fill it with buffers and a fake environment.

export interface OutputStream {
  write(text: string): unknown;
  /** True when a person is watching (redrawn progress lines, colours); false for pipes and files. */
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder (where ~/.mrkctl lives). */
  readonly homedir: string;
  /** The folder relative paths start from (the project, for `login --local`). */
  readonly cwd: string;
  /** How long `--wait` pauses between polls of an operation, in ms. */
  readonly pollMs?: number;
  /** Resolves after `ms`; injectable so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
