// Exit codes that mean something to a script, and the errors that carry them.

export const EXIT = {
  ok: 0,
  other: 1,
  usage: 2,
  notFound: 3,
  /** 409, 412, 422: another operation holds the key, a stale version, or the state forbids it. */
  conflict: 4,
  /** 401, 403: no or bad token, or the role/guardrail says no. */
  denied: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for an HTTP error status from the API. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 404) return EXIT.notFound;
  if (status === 409 || status === 412 || status === 422) return EXIT.conflict;
  if (status === 401 || status === 403) return EXIT.denied;
  if (status === 400) return EXIT.usage;
  return EXIT.other;
}

/** A failure the CLI explains: what went wrong, what to do, and the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.other,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The command line itself is wrong (exit 2); `usage` is the help text to point at. */
export class UsageError extends CliError {
  constructor(message: string, hint = 'Run `mrkctl --help` for usage.') {
    super(message, EXIT.usage, hint);
  }
}
