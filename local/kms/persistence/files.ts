// File primitives for persistence: an atomic snapshot write (temp file, fsync, rename) and a journal
// reader that ignores a torn last line (a process killed mid-append).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** Replaces `path` atomically: readers see the old file or the new one, never half of one. */
export function writeAtomically(path: string, text: string): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/**
 * The journal's entries in order. A last line without its newline, or one that does not parse, is a
 * torn write and is dropped; a bad line in the middle (not expected from append-only writes) is skipped
 * with a warning rather than losing everything after it.
 */
export function readJournal<T>(path: string, warn: (message: string) => void): T[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const entries: T[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const isLast = index === lines.length - 1;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      if (!isLast) warn(`${path}: skipped unreadable entry on line ${index + 1}`);
    }
  });
  return entries;
}
