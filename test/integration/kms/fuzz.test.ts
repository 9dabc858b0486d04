import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../../local/kms/operations/registry.js';
import { type KmsFixture, rawKms, startKms } from '../../helpers/kms.js';

// Random bodies to random targets: every answer is a 200 or an AWS-shaped 400, the server keeps
// serving, and nothing a malformed request carries changes the emulator's state.

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let kms: KmsFixture;

beforeAll(async () => {
  kms = await startKms();
  const created = await rawKms(kms.endpoint, 'CreateKey', { MultiRegion: true });
  const keyId = (created.json?.KeyMetadata as { KeyId: string } | undefined)?.KeyId as string;
  await rawKms(kms.endpoint, 'ReplicateKey', { KeyId: keyId, ReplicaRegion: 'eu-west-1' });
  await rawKms(kms.endpoint, 'CreateAlias', { AliasName: 'alias/fuzz', TargetKeyId: keyId });
  await rawKms(
    kms.endpoint,
    'CreateKey',
    { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
    { region: 'ap-southeast-2' },
  );
});
afterAll(() => kms.close());

async function listKeysEverywhere(): Promise<unknown[]> {
  return Promise.all(
    REGIONS.map(async (region) => (await rawKms(kms.endpoint, 'ListKeys', {}, { region })).json),
  );
}

const names = Object.keys(operations);
const memberNames = [...new Set(names.flatMap((name) => Object.keys(operations[name]?.input.members ?? {})))];

const target = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 30 }));
const member = fc.oneof(fc.constantFrom(...memberNames), fc.string({ maxLength: 12 }));
const objectBody = fc.dictionary(member, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
const body = fc.oneof(
  objectBody.map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

/**
 * CreateKey accepts almost any object, and an empty body is `{}`: give every body that would parse
 * to an object a member of the wrong type, so no random request can create a key.
 */
function poisoned(name: string, payload: string | Buffer): string | Buffer {
  if (name !== 'CreateKey') return payload;
  const text = payload.toString();
  if (text.trim() === '') return '{"MultiRegion":"no"}';
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return JSON.stringify({ ...parsed, MultiRegion: 'no' });
    }
  } catch {
    // Not JSON: the emulator must answer SerializationException.
  }
  return payload;
}

describe('random requests', () => {
  it('never crash, answer 200 or an AWS-shaped 400, and change nothing', async () => {
    const before = await listKeysEverywhere();
    const snapshot = JSON.stringify(kms.emulator.store.snapshot());
    await fc.assert(
      fc.asyncProperty(target, body, fc.constantFrom(...REGIONS), async (name, payload, region) => {
        const answer = await rawKms(kms.endpoint, name, poisoned(name, payload), { region });
        expect([200, 400]).toContain(answer.status);
        if (answer.status === 400) {
          expect(typeof answer.json?.__type).toBe('string');
          expect(answer.json?.__type).toMatch(/^[A-Za-z]+$/);
        }
      }),
      { numRuns: 400 },
    );
    expect(await listKeysEverywhere()).toEqual(before);
    expect(JSON.stringify(kms.emulator.store.snapshot())).toBe(snapshot);
  });
});
