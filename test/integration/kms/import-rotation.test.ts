// Imported key material, part 3: the documented ExpirationModel default, ImportType NEW_KEY_MATERIAL and
// RotateKeyOnDemand of imported material (a multi-Region set imports into every member first),
// ListKeyRotations' fields and states, CurrentKeyMaterialId after DeleteImportedKeyMaterial; with the AWS
// SDK and boto3.
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type ImportKeyMaterialCommandInput,
  type KMSClient,
  ListKeyRotationsCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';
import { requireBoto3, runProgram } from './external-clients.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');
const NO_EXPIRY = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } as const;

async function wrapped(client: KMSClient, keyId: string, material: Buffer) {
  const params = await client.send(
    new GetParametersForImportCommand({
      KeyId: keyId,
      WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
      WrappingKeySpec: 'RSA_2048',
    }),
  );
  const key = createPublicKey({
    key: Buffer.from(params.PublicKey as Uint8Array),
    format: 'der',
    type: 'spki',
  });
  const EncryptedKeyMaterial = publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    material,
  );
  return { ImportToken: params.ImportToken as Uint8Array, EncryptedKeyMaterial };
}

async function importInto(
  client: KMSClient,
  keyId: string,
  material: Buffer,
  extra: Partial<ImportKeyMaterialCommandInput> = NO_EXPIRY,
) {
  return client.send(
    new ImportKeyMaterialCommand({ KeyId: keyId, ...(await wrapped(client, keyId, material)), ...extra }),
  );
}
const describeKey = async (client: KMSClient, keyId: string) =>
  (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
const rotations = async (client: KMSClient, keyId: string, all = true) =>
  (
    await client.send(
      new ListKeyRotationsCommand({
        KeyId: keyId,
        ...(all && { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' as const }),
      }),
    )
  ).Rotations ?? [];

describe('ImportKeyMaterial expiration model', () => {
  it('defaults to KEY_MATERIAL_EXPIRES, so ValidTo is required unless the material does not expire', async () => {
    const { KeyMetadata } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    const keyId = KeyMetadata?.KeyId as string;
    await expect(importInto(east(), keyId, randomBytes(32), {})).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES.',
    });
    expect((await describeKey(east(), keyId))?.KeyState).toBe('PendingImport');
    const validTo = new Date(Date.now() + 3_600_000);
    await importInto(east(), keyId, randomBytes(32), { ValidTo: validTo });
    expect(await describeKey(east(), keyId)).toMatchObject({
      KeyState: 'Enabled',
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
    });
  });
});

describe('NEW_KEY_MATERIAL and on-demand rotation of imported material', () => {
  it('rotates a single-Region key to imported material; old ciphertext still decrypts', async () => {
    const { KeyMetadata } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    const keyId = KeyMetadata?.KeyId as string;
    const arn = KeyMetadata?.Arn as string;
    await expect(east().send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).rejects.toMatchObject({
      name: 'KMSInvalidStateException',
      message: `${arn} is pending import.`,
    });
    const first = await importInto(east(), keyId, randomBytes(32));
    await expect(east().send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).rejects.toMatchObject({
      name: 'KMSInvalidStateException',
      message: `No available key material pending rotation for the key: ${arn}.`,
    });
    const before = await east().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('before') }));

    const second = await importInto(east(), keyId, randomBytes(32), {
      ...NO_EXPIRY,
      ImportType: 'NEW_KEY_MATERIAL',
      KeyMaterialDescription: 'second generation',
    });
    expect(second.KeyMaterialId).not.toBe(first.KeyMaterialId);
    // Pending material is not used yet.
    expect((await describeKey(east(), keyId))?.CurrentKeyMaterialId).toBe(first.KeyMaterialId);
    expect(await rotations(east(), keyId)).toEqual([
      {
        KeyId: keyId,
        KeyMaterialId: first.KeyMaterialId,
        ImportState: 'IMPORTED',
        KeyMaterialState: 'CURRENT',
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      },
      {
        KeyId: keyId,
        KeyMaterialId: second.KeyMaterialId,
        KeyMaterialDescription: 'second generation',
        ImportState: 'IMPORTED',
        KeyMaterialState: 'PENDING_ROTATION',
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      },
    ]);
    // A second pending material is refused, naming both.
    const third = importInto(east(), keyId, randomBytes(32), {
      ...NO_EXPIRY,
      ImportType: 'NEW_KEY_MATERIAL',
    });
    await expect(third).rejects.toMatchObject({ name: 'KMSInvalidStateException' });
    await expect(third).rejects.toThrow(second.KeyMaterialId as string);
    await expect(third).rejects.toThrow(/importing new key material [0-9a-f]{64}/);

    expect((await east().send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).KeyId).toBe(arn);
    expect((await describeKey(east(), keyId))?.CurrentKeyMaterialId).toBe(second.KeyMaterialId);
    const after = await east().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('after') }));
    for (const [blob, text] of [
      [before.CiphertextBlob, 'before'],
      [after.CiphertextBlob, 'after'],
    ] as const) {
      const { Plaintext, KeyMaterialId } = await east().send(new DecryptCommand({ CiphertextBlob: blob }));
      expect(Buffer.from(Plaintext as Uint8Array).toString()).toBe(text);
      expect(KeyMaterialId).toBe(text === 'before' ? first.KeyMaterialId : second.KeyMaterialId);
    }
    const onlyRotations = await rotations(east(), keyId, false);
    expect(onlyRotations).toHaveLength(1);
    expect(onlyRotations[0]).toMatchObject({
      KeyMaterialId: second.KeyMaterialId,
      KeyMaterialState: 'CURRENT',
      RotationType: 'ON_DEMAND',
    });
    expect(onlyRotations[0]?.RotationDate).toBeInstanceOf(Date);
  });

  it('a multi-Region set imports the new material into every member before it rotates', async () => {
    const { KeyMetadata } = await east().send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', MultiRegion: true }),
    );
    const keyId = KeyMetadata?.KeyId as string;
    const original = randomBytes(32);
    await importInto(east(), keyId, original);
    await east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
    await importInto(west(), keyId, original);
    const before = await east().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('old') }));

    const next = randomBytes(32);
    const imported = await importInto(east(), keyId, next, { ...NO_EXPIRY, ImportType: 'NEW_KEY_MATERIAL' });
    const pendingIn = async (client: KMSClient) =>
      (await rotations(client, keyId)).find((entry) => entry.KeyMaterialId === imported.KeyMaterialId);
    expect(await pendingIn(east())).toMatchObject({
      ImportState: 'IMPORTED',
      KeyMaterialState: 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION',
    });
    expect(await pendingIn(west())).toMatchObject({
      ImportState: 'PENDING_IMPORT',
      KeyMaterialState: 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION',
    });
    const westArn = String(KeyMetadata?.Arn).replace('us-east-1', 'eu-west-1');
    await expect(east().send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).rejects.toThrow(westArn);
    // Other material than the pending one is still refused in the replica.
    await expect(
      importInto(west(), keyId, randomBytes(32), { ...NO_EXPIRY, ImportType: 'NEW_KEY_MATERIAL' }),
    ).rejects.toMatchObject({ name: 'KMSInvalidStateException' });
    await importInto(west(), keyId, next, { ...NO_EXPIRY, ImportType: 'NEW_KEY_MATERIAL' });
    expect(await pendingIn(east())).toMatchObject({ KeyMaterialState: 'PENDING_ROTATION' });

    await east().send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    for (const client of [east(), west()]) {
      expect((await describeKey(client, keyId))?.CurrentKeyMaterialId).toBe(imported.KeyMaterialId);
    }
    const after = await west().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('new') }));
    expect(
      Buffer.from(
        (await east().send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob })))
          .Plaintext as Uint8Array,
      ).toString(),
    ).toBe('new');
    expect(
      Buffer.from(
        (await west().send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob })))
          .Plaintext as Uint8Array,
      ).toString(),
    ).toBe('old');
  });

  it('keeps CurrentKeyMaterialId on a key after DeleteImportedKeyMaterial', async () => {
    const { KeyMetadata } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    const keyId = KeyMetadata?.KeyId as string;
    const { KeyMaterialId } = await importInto(east(), keyId, randomBytes(32));
    await east().send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }));
    expect(await describeKey(east(), keyId)).toMatchObject({
      KeyState: 'PendingImport',
      CurrentKeyMaterialId: KeyMaterialId,
    });
  });
});

describe('ListKeyRotations', () => {
  it('lists AWS_KMS material without import fields; IncludeKeyMaterial on a non-symmetric key is a ValidationException', async () => {
    const { KeyMetadata } = await east().send(new CreateKeyCommand({}));
    const keyId = KeyMetadata?.KeyId as string;
    expect(await rotations(east(), keyId)).toEqual([
      { KeyId: keyId, KeyMaterialId: KeyMetadata?.CurrentKeyMaterialId, KeyMaterialState: 'CURRENT' },
    ]);
    const { KeyMetadata: hmac } = await east().send(
      new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
    );
    await expect(
      east().send(new ListKeyRotationsCommand({ KeyId: hmac?.KeyId, IncludeKeyMaterial: 'ROTATIONS_ONLY' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(east().send(new ListKeyRotationsCommand({ KeyId: hmac?.KeyId }))).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });
});

describe('boto3', () => {
  it('sees the pending material, the refused second one and the rotation', async () => {
    requireBoto3();
    const { KeyMetadata } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    const keyId = KeyMetadata?.KeyId as string;
    await importInto(east(), keyId, randomBytes(32));
    const second = await wrapped(east(), keyId, randomBytes(32));
    const third = await wrapped(east(), keyId, randomBytes(32));
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const script = `
import base64, json, sys, boto3, botocore
kms = boto3.client('kms', region_name='us-east-1', endpoint_url=sys.argv[1])
key = sys.argv[2]
def imp(token, material):
    return kms.import_key_material(KeyId=key, ImportToken=base64.b64decode(token), EncryptedKeyMaterial=base64.b64decode(material),
        ExpirationModel='KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType='NEW_KEY_MATERIAL')['KeyMaterialId']
out = {'pending': imp(sys.argv[3], sys.argv[4])}
out['states'] = [r['KeyMaterialState'] for r in kms.list_key_rotations(KeyId=key, IncludeKeyMaterial='ALL_KEY_MATERIAL')['Rotations']]
try:
    imp(sys.argv[5], sys.argv[6])
except botocore.exceptions.ClientError as e:
    out['second'] = [e.response['Error']['Code'], out['pending'] in e.response['Error']['Message']]
kms.rotate_key_on_demand(KeyId=key)
out['current'] = kms.describe_key(KeyId=key)['KeyMetadata']['CurrentKeyMaterialId']
print(json.dumps(out))
`;
    const result = await runProgram(
      'python3',
      [
        '-c',
        script,
        kms.endpoint,
        keyId,
        b64(second.ImportToken),
        b64(second.EncryptedKeyMaterial),
        b64(third.ImportToken),
        b64(third.EncryptedKeyMaterial),
      ],
      'us-east-1',
    );
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({
      states: ['CURRENT', 'PENDING_ROTATION'],
      second: ['KMSInvalidStateException', true],
    });
    expect(out.current).toBe(out.pending);
  });
});
