// One emulator per data directory: DIR/lock holds the owner's pid. A lock left by a process that no
// longer runs (kill -9) is taken over; one held by a live process refuses to start.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirLock {
  release(): void;
}

const heldHere = new Set<string>();

export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, 'lock');
  if (heldHere.has(path)) throw new Error(`Data directory ${dir} is already open in this process.`);
  const owner = readOwner(path);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `Data directory ${dir} is in use by process ${owner}; stop it or choose another --data-dir.`,
    );
  }
  writeFileSync(path, String(process.pid), { mode: 0o600 });
  heldHere.add(path);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldHere.delete(path);
      if (readOwner(path) === process.pid) rmSync(path, { force: true });
    },
  };
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
