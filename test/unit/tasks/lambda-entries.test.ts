// functions/tasks/*: one Lambda entry per task, wired to its task, built from the environment once.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TASK_FUNCTION_NAMES } from '../../../src/app/tasks/task-functions.js';

const folder = fileURLToPath(new URL('../../../functions/tasks/', import.meta.url));
const entries = readdirSync(folder)
  .filter((file) => file.endsWith('.ts'))
  .sort();
const kebab = (logicalId: string) =>
  logicalId
    .replace(/Function$/, '')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase();

beforeAll(() => {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('KEYS_TABLE_NAME', 'KeysTable');
  vi.stubEnv('ALLOWED_REGIONS', 'us-east-1,eu-west-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
});
afterAll(() => vi.unstubAllEnvs());

describe('functions/tasks', () => {
  it('has one entry per task function, named after its logical id', () => {
    expect(entries).toEqual(TASK_FUNCTION_NAMES.map((name) => `${kebab(name)}.ts`).sort());
  });

  it.each(entries)('%s exports a handler that refuses a bad event by name, before any I/O', async (file) => {
    const module = (await import(`${folder}${file}`)) as { handler: (event: unknown) => Promise<unknown> };
    await expect(module.handler({ operationId: '', keyId: 'nope' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });
});
