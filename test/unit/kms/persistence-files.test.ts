import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../local/kms/clock.js';
import { readJournal, writeAtomically } from '../../../local/kms/persistence/files.js';
import { loadRootKey, seal, unseal } from '../../../local/kms/persistence/root-key.js';

const dirs: string[] = [];
const dir = () => {
  const path = mkdtempSync(join(tmpdir(), 'kms-files-'));
  dirs.push(path);
  return path;
};
afterEach(() => {
  for (const path of dirs.splice(0)) rmSync(path, { recursive: true, force: true });
});

describe('journal reading', () => {
  it('drops a torn last line and keeps every complete entry', () => {
    const path = join(dir(), 'journal-1.log');
    writeFileSync(path, '{"n":1}\n{"n":2}\n{"n":3,"tru');
    expect(readJournal(path, () => undefined)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('skips (and reports) a damaged line in the middle instead of losing what follows', () => {
    const path = join(dir(), 'journal-1.log');
    writeFileSync(path, '{"n":1}\nxx\n{"n":3}\n');
    const warnings: string[] = [];
    expect(readJournal(path, (message) => warnings.push(message))).toEqual([{ n: 1 }, { n: 3 }]);
    expect(warnings).toHaveLength(1);
  });

  it('reads a missing journal as empty', () => {
    expect(readJournal(join(dir(), 'nope.log'), () => undefined)).toEqual([]);
  });
});

describe('snapshot and root key files', () => {
  it('replaces a file atomically and leaves no temp file', () => {
    const path = join(dir(), 'snapshot.json');
    writeAtomically(path, 'one');
    writeAtomically(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(() => statSync(`${path}.tmp`)).toThrow();
  });

  it('creates a 32-byte root key with mode 0600 and reuses it', () => {
    const where = dir();
    const key = loadRootKey(where);
    expect(key).toHaveLength(32);
    expect(statSync(join(where, 'root.key')).mode & 0o777).toBe(0o600);
    expect(loadRootKey(where).equals(key)).toBe(true);
  });

  it('seals material bound to its record id; another id or key cannot open it', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = seal(key, 'secret material', 'acct/mrk-1');
    expect(sealed).not.toContain('secret');
    expect(unseal(key, sealed, 'acct/mrk-1')).toBe('secret material');
    expect(() => unseal(key, sealed, 'acct/mrk-2')).toThrow(/does not open/);
    expect(() => unseal(Buffer.alloc(32, 8), sealed, 'acct/mrk-1')).toThrow(/does not open/);
  });
});

describe('VirtualClock', () => {
  it('restores a saved offset, counting the time it was stopped at real speed', () => {
    const clock = new VirtualClock(1, 1_000_000);
    clock.advance(5 * 86_400_000);
    const saved = clock.state();
    const restored = new VirtualClock();
    restored.restore({ virtualMs: saved.virtualMs, realMs: saved.realMs - 60_000 });
    const drift = restored.now() - (saved.virtualMs + 60_000);
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(60_000);
  });
});
