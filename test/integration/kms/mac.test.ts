import { createHmac } from 'node:crypto';
import {
  CreateKeyCommand,
  DisableKeyCommand,
  GenerateMacCommand,
  type KeySpec,
  type MacAlgorithmSpec,
  ReplicateKeyCommand,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');
const keys: Record<string, string> = {};
const SPECS: Array<[KeySpec, MacAlgorithmSpec]> = [
  ['HMAC_224', 'HMAC_SHA_224'],
  ['HMAC_256', 'HMAC_SHA_256'],
  ['HMAC_384', 'HMAC_SHA_384'],
  ['HMAC_512', 'HMAC_SHA_512'],
];

beforeAll(async () => {
  kms = await startKms();
  for (const [spec] of SPECS) {
    const { KeyMetadata } = await east().send(
      new CreateKeyCommand({ MultiRegion: true, KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' }),
    );
    keys[spec] = KeyMetadata?.KeyId as string;
    await east().send(new ReplicateKeyCommand({ KeyId: keys[spec], ReplicaRegion: 'eu-west-1' }));
  }
  keys.symmetric = (await east().send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
});
afterAll(() => kms.close());

describe('GenerateMac / VerifyMac validation', () => {
  it('lists the MAC algorithms in AWS’s order for a bad enum', async () => {
    const answer = await rawKms(kms.endpoint, 'GenerateMac', {
      KeyId: keys.HMAC_256,
      Message: 'YQ==',
      MacAlgorithm: 'HMAC_SHA_1',
    });
    expect(answer.json).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value 'HMAC_SHA_1' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]",
    });
  });

  it('refuses an algorithm of another key spec, and keys of another usage', async () => {
    await expect(
      east().send(
        new GenerateMacCommand({
          KeyId: keys.HMAC_224,
          Message: Buffer.from('m'),
          MacAlgorithm: 'HMAC_SHA_256',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.',
    });
    await expect(
      east().send(
        new GenerateMacCommand({
          KeyId: keys.symmetric,
          Message: Buffer.from('m'),
          MacAlgorithm: 'HMAC_SHA_256',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: expect.stringMatching(/key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac\.$/),
    });
  });

  it('refuses a message over 4096 bytes and a missing Mac', async () => {
    const long = await rawKms(kms.endpoint, 'GenerateMac', {
      KeyId: keys.HMAC_256,
      Message: Buffer.alloc(4097).toString('base64'),
      MacAlgorithm: 'HMAC_SHA_256',
    });
    expect(long.json?.message).toBe(
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    const noMac = await rawKms(kms.endpoint, 'VerifyMac', {
      KeyId: keys.HMAC_256,
      Message: 'YQ==',
      MacAlgorithm: 'HMAC_SHA_256',
    });
    expect(noMac.json?.message).toBe(
      "1 validation error detected: Value null at 'mac' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('GenerateMac / VerifyMac behaviour', () => {
  it.each(SPECS)('%s: the same MAC in every Region, a real %s', async (spec, algorithm) => {
    const message = Buffer.from('same everywhere');
    const a = await east().send(
      new GenerateMacCommand({ KeyId: keys[spec], Message: message, MacAlgorithm: algorithm }),
    );
    const b = await west().send(
      new GenerateMacCommand({ KeyId: keys[spec], Message: message, MacAlgorithm: algorithm }),
    );
    expect(Buffer.from(a.Mac as Uint8Array).equals(Buffer.from(b.Mac as Uint8Array))).toBe(true);
    expect(a.Mac?.length).toBe(createHmac(algorithm.replace('HMAC_SHA_', 'sha'), 'k').digest().length);
    expect(b.KeyId).toContain(':eu-west-1:');
    const verified = await west().send(
      new VerifyMacCommand({ KeyId: keys[spec], Message: message, MacAlgorithm: algorithm, Mac: a.Mac }),
    );
    expect(verified).toMatchObject({ MacValid: true, MacAlgorithm: algorithm });
  });

  it('answers KMSInvalidMacException with no message for a wrong MAC', async () => {
    const { Mac } = await east().send(
      new GenerateMacCommand({
        KeyId: keys.HMAC_512,
        Message: Buffer.from('a'),
        MacAlgorithm: 'HMAC_SHA_512',
      }),
    );
    const answer = await rawKms(kms.endpoint, 'VerifyMac', {
      KeyId: keys.HMAC_512,
      Message: Buffer.from('b').toString('base64'),
      MacAlgorithm: 'HMAC_SHA_512',
      Mac: Buffer.from(Mac as Uint8Array).toString('base64'),
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ __type: 'KMSInvalidMacException' });
  });

  it('answers DryRun, and refuses a disabled member only in its own Region', async () => {
    await expect(
      east().send(
        new GenerateMacCommand({
          KeyId: keys.HMAC_384,
          Message: Buffer.from('a'),
          MacAlgorithm: 'HMAC_SHA_384',
          DryRun: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'DryRunOperationException' });
    await west().send(new DisableKeyCommand({ KeyId: keys.HMAC_384 }));
    await expect(
      west().send(
        new GenerateMacCommand({
          KeyId: keys.HMAC_384,
          Message: Buffer.from('a'),
          MacAlgorithm: 'HMAC_SHA_384',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'DisabledException',
      message: expect.stringMatching(/:eu-west-1:.* is disabled\.$/),
    });
    const ok = await east().send(
      new GenerateMacCommand({
        KeyId: keys.HMAC_384,
        Message: Buffer.from('a'),
        MacAlgorithm: 'HMAC_SHA_384',
      }),
    );
    expect(ok.Mac?.length).toBe(48);
  });
});
