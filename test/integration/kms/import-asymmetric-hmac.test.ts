// Origin=EXTERNAL for HMAC, ECC and RSA keys: PendingImport with the spec's algorithm lists, the
// wrapping algorithms each spec allows (RSA_AES_KEY_WRAP for RSA private keys), the imported public key
// from GetPublicKey, no CurrentKeyMaterialId, a multi-Region replica importing the same key pair; with
// the AWS SDK and boto3.
import {
  constants,
  createCipheriv,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  verify,
} from 'node:crypto';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  type KMSClient,
  ReplicateKeyCommand,
  SignCommand,
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
type Algorithm = 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_1';

/** Wraps material as an importer does; RSA_AES: RSA-OAEP of a fresh AES key, then AES key wrap with padding. */
function wrap(publicKeyDer: Uint8Array, algorithm: Algorithm, material: Buffer): Buffer {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const oaepHash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const rsa = (data: Buffer) =>
    publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
  if (algorithm === 'RSAES_OAEP_SHA_256') return rsa(material);
  const aes = randomBytes(32);
  const cipher = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([rsa(aes), cipher.update(material), cipher.final()]);
}

async function importInto(
  client: KMSClient,
  keyId: string,
  material: Buffer,
  algorithm: Algorithm,
  spec = 'RSA_2048',
) {
  const params = await client.send(
    new GetParametersForImportCommand({
      KeyId: keyId,
      WrappingAlgorithm: algorithm,
      WrappingKeySpec: spec as 'RSA_2048',
    }),
  );
  return client.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: wrap(params.PublicKey as Uint8Array, algorithm, material),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }),
  );
}

const pkcs8 = (type: 'rsa' | 'ec', options: { modulusLength?: number; namedCurve?: string }) => {
  const pair =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: options.modulusLength as number })
      : generateKeyPairSync('ec', { namedCurve: options.namedCurve as string });
  return {
    der: pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
    spki: pair.publicKey.export({ type: 'spki', format: 'der' }),
    publicKey: pair.publicKey,
  };
};

describe('imported material for HMAC, ECC and RSA keys', () => {
  it('an EXTERNAL HMAC key waits in PendingImport with its MAC algorithms, then MACs with the imported secret', async () => {
    const { KeyMetadata } = await east().send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
    );
    expect(KeyMetadata).toMatchObject({
      KeyState: 'PendingImport',
      Origin: 'EXTERNAL',
      MacAlgorithms: ['HMAC_SHA_256'],
    });
    const keyId = KeyMetadata?.KeyId as string;
    await expect(importInto(east(), keyId, randomBytes(16), 'RSAES_OAEP_SHA_256')).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Key material for HMAC_256 keys must be 32 to 64 bytes.',
    });
    const secret = randomBytes(48);
    await importInto(east(), keyId, secret, 'RSAES_OAEP_SHA_256');
    const after = (await east().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
    expect(after?.KeyState).toBe('Enabled');
    expect(after?.CurrentKeyMaterialId).toBeUndefined();
    const { Mac } = await east().send(
      new GenerateMacCommand({ KeyId: keyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' }),
    );
    expect(Buffer.from(Mac as Uint8Array)).toEqual(createHmac('sha256', secret).update('m').digest());
  });

  it('an EXTERNAL ECC key signs with the imported private key; GetPublicKey returns its public key; the replica imports the same pair', async () => {
    const { KeyMetadata } = await east().send(
      new CreateKeyCommand({
        Origin: 'EXTERNAL',
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        MultiRegion: true,
      }),
    );
    expect(KeyMetadata).toMatchObject({ KeyState: 'PendingImport', SigningAlgorithms: ['ECDSA_SHA_256'] });
    const keyId = KeyMetadata?.KeyId as string;
    const pair = pkcs8('ec', { namedCurve: 'prime256v1' });
    await expect(
      importInto(east(), keyId, pkcs8('ec', { namedCurve: 'secp384r1' }).der, 'RSA_AES_KEY_WRAP_SHA_256'),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'The imported private key is not a ECC_NIST_P256 key.',
    });
    await importInto(east(), keyId, pair.der, 'RSAES_OAEP_SHA_256');
    const published = await east().send(new GetPublicKeyCommand({ KeyId: keyId }));
    expect(Buffer.from(published.PublicKey as Uint8Array)).toEqual(pair.spki);
    expect(
      (await east().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId,
    ).toBeUndefined();

    await east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
    await expect(
      importInto(west(), keyId, pkcs8('ec', { namedCurve: 'prime256v1' }).der, 'RSA_AES_KEY_WRAP_SHA_1'),
    ).rejects.toMatchObject({ name: 'IncorrectKeyMaterialException' });
    await importInto(west(), keyId, pair.der, 'RSA_AES_KEY_WRAP_SHA_1');
    const { Signature } = await west().send(
      new SignCommand({ KeyId: keyId, Message: Buffer.from('signed'), SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    expect(
      verify('sha256', Buffer.from('signed'), pair.publicKey, Buffer.from(Signature as Uint8Array)),
    ).toBe(true);
  });

  it('an EXTERNAL RSA key needs an RSA_AES wrapping algorithm; P-521 is too large for RSAES_OAEP under RSA_2048', async () => {
    const { KeyMetadata } = await east().send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
    );
    const keyId = KeyMetadata?.KeyId as string;
    await expect(
      east().send(
        new GetParametersForImportCommand({
          KeyId: keyId,
          WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
          WrappingKeySpec: 'RSA_4096',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const pair = pkcs8('rsa', { modulusLength: 2048 });
    await importInto(east(), keyId, pair.der, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072');
    const { Signature } = await east().send(
      new SignCommand({
        KeyId: keyId,
        Message: Buffer.from('rsa'),
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      }),
    );
    expect(verify('sha256', Buffer.from('rsa'), pair.publicKey, Buffer.from(Signature as Uint8Array))).toBe(
      true,
    );

    const { KeyMetadata: p521 } = await east().send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P521', KeyUsage: 'SIGN_VERIFY' }),
    );
    await expect(
      east().send(
        new GetParametersForImportCommand({
          KeyId: p521?.KeyId,
          WrappingAlgorithm: 'RSAES_OAEP_SHA_1',
          WrappingKeySpec: 'RSA_2048',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await importInto(
      east(),
      p521?.KeyId as string,
      pkcs8('ec', { namedCurve: 'secp521r1' }).der,
      'RSAES_OAEP_SHA_256',
      'RSA_4096',
    );
  });

  it('boto3 imports an ECC private key and reads back its public key', async () => {
    requireBoto3();
    const { KeyMetadata } = await east().send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }),
    );
    const keyId = KeyMetadata?.KeyId as string;
    const pair = pkcs8('ec', { namedCurve: 'secp384r1' });
    const params = await east().send(
      new GetParametersForImportCommand({
        KeyId: keyId,
        WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256',
        WrappingKeySpec: 'RSA_2048',
      }),
    );
    const wrapped = wrap(params.PublicKey as Uint8Array, 'RSA_AES_KEY_WRAP_SHA_256', pair.der);
    const script = `
import base64, json, sys, boto3, botocore
kms = boto3.client('kms', region_name='us-east-1', endpoint_url=sys.argv[1])
key = sys.argv[2]
out = {'before': kms.describe_key(KeyId=key)['KeyMetadata']['KeyState']}
kms.import_key_material(KeyId=key, ImportToken=base64.b64decode(sys.argv[3]), EncryptedKeyMaterial=base64.b64decode(sys.argv[4]),
    ExpirationModel='KEY_MATERIAL_DOES_NOT_EXPIRE')
out['publicKey'] = base64.b64encode(kms.get_public_key(KeyId=key)['PublicKey']).decode()
out['hasMaterialId'] = 'CurrentKeyMaterialId' in kms.describe_key(KeyId=key)['KeyMetadata']
print(json.dumps(out))
`;
    const result = await runProgram(
      'python3',
      [
        '-c',
        script,
        kms.endpoint,
        keyId,
        Buffer.from(params.ImportToken as Uint8Array).toString('base64'),
        wrapped.toString('base64'),
      ],
      'us-east-1',
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      before: 'PendingImport',
      publicKey: pair.spki.toString('base64'),
      hasMaterialId: false,
    });
  });
});
