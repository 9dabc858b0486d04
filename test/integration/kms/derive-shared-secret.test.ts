// DeriveSharedSecret and ECC KEY_AGREEMENT keys, including multi-Region sets, with the AWS SDK and boto3:
// the raw ECDH secret equals what node:crypto derives on the peer's side, and AWS's errors for wrong usage.
import { createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import {
  CreateKeyCommand,
  DeriveSharedSecretCommand,
  DescribeKeyCommand,
  GetPublicKeyCommand,
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
const peer = (curve = 'prime256v1') => {
  const pair = generateKeyPairSync('ec', { namedCurve: curve });
  return { ...pair, der: pair.publicKey.export({ type: 'spki', format: 'der' }) };
};
const derive = (client = east(), KeyId: string, PublicKey: Uint8Array, extra = {}) =>
  client.send(new DeriveSharedSecretCommand({ KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey, ...extra }));

async function agreementKey(spec: 'ECC_NIST_P256' | 'ECC_NIST_P384' = 'ECC_NIST_P256', multiRegion = false) {
  const { KeyMetadata } = await east().send(
    new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'KEY_AGREEMENT', MultiRegion: multiRegion }),
  );
  return KeyMetadata as { KeyId: string; Arn: string; KeyAgreementAlgorithms?: string[] };
}

describe('KEY_AGREEMENT keys and DeriveSharedSecret', () => {
  it('derives the ECDH secret the peer derives, the same in every Region of a multi-Region set', async () => {
    const key = await agreementKey('ECC_NIST_P256', true);
    expect(key.KeyAgreementAlgorithms).toEqual(['ECDH']);
    await east().send(new ReplicateKeyCommand({ KeyId: key.KeyId, ReplicaRegion: 'eu-west-1' }));
    const published = await west().send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    expect(published).toMatchObject({ KeyUsage: 'KEY_AGREEMENT', KeyAgreementAlgorithms: ['ECDH'] });
    const bob = peer();
    const inEast = await derive(east(), key.KeyId, bob.der);
    const inWest = await derive(west(), key.KeyId, bob.der);
    expect(inEast).toMatchObject({ KeyId: key.Arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
    const kmsPublic = createPublicKey({
      key: Buffer.from(published.PublicKey as Uint8Array),
      format: 'der',
      type: 'spki',
    });
    const bobSide = diffieHellman({ privateKey: bob.privateKey, publicKey: kmsPublic });
    expect(Buffer.from(inEast.SharedSecret as Uint8Array)).toEqual(bobSide);
    expect(Buffer.from(inWest.SharedSecret as Uint8Array)).toEqual(bobSide);
    expect(
      (await west().send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyAgreementAlgorithms,
    ).toEqual(['ECDH']);
  });

  it('two KMS keys agree with each other through their public keys', async () => {
    const alice = await agreementKey('ECC_NIST_P384');
    const bob = await agreementKey('ECC_NIST_P384');
    const publicOf = async (keyId: string) =>
      (await east().send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey as Uint8Array;
    const one = await derive(east(), alice.KeyId, await publicOf(bob.KeyId));
    const two = await derive(east(), bob.KeyId, await publicOf(alice.KeyId));
    expect(Buffer.from(one.SharedSecret as Uint8Array)).toEqual(Buffer.from(two.SharedSecret as Uint8Array));
  });

  it('refuses wrong key usages, another curve, a bad public key, and secp256k1 for KEY_AGREEMENT', async () => {
    const signing = await east().send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    );
    await expect(derive(east(), signing.KeyMetadata?.KeyId as string, peer().der)).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: `${signing.KeyMetadata?.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`,
    });
    const symmetric = await east().send(new CreateKeyCommand({}));
    await expect(derive(east(), symmetric.KeyMetadata?.KeyId as string, peer().der)).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
    });
    const key = await agreementKey();
    await expect(
      east().send(
        new SignCommand({ KeyId: key.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: `${key.Arn} key usage is KEY_AGREEMENT which is not valid for Sign.`,
    });
    await expect(derive(east(), key.KeyId, peer('secp384r1').der)).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(derive(east(), key.KeyId, Buffer.from('not a key'))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(derive(east(), key.KeyId, peer().der, { DryRun: true })).rejects.toMatchObject({
      name: 'DryRunOperationException',
    });
    await expect(
      east().send(new CreateKeyCommand({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'KEY_AGREEMENT' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'KeyUsage KEY_AGREEMENT is not compatible with KeySpec ECC_SECG_P256K1',
    });
  });

  it('boto3 derives the same secret and sees InvalidKeyUsageException', async () => {
    requireBoto3();
    const key = await agreementKey();
    const bob = peer();
    const expected = (await derive(east(), key.KeyId, bob.der)).SharedSecret as Uint8Array;
    const script = `
import base64, json, sys, boto3, botocore
kms = boto3.client('kms', region_name='us-east-1', endpoint_url=sys.argv[1])
out = {'secret': base64.b64encode(kms.derive_shared_secret(KeyId=sys.argv[2], KeyAgreementAlgorithm='ECDH', PublicKey=base64.b64decode(sys.argv[3]))['SharedSecret']).decode()}
signing = kms.create_key(KeySpec='ECC_NIST_P256', KeyUsage='SIGN_VERIFY')['KeyMetadata']['KeyId']
try:
    kms.derive_shared_secret(KeyId=signing, KeyAgreementAlgorithm='ECDH', PublicKey=base64.b64decode(sys.argv[3]))
except botocore.exceptions.ClientError as e:
    out['error'] = e.response['Error']['Code']
print(json.dumps(out))
`;
    const result = await runProgram(
      'python3',
      ['-c', script, kms.endpoint, key.KeyId, bob.der.toString('base64')],
      'us-east-1',
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      secret: Buffer.from(expected).toString('base64'),
      error: 'InvalidKeyUsageException',
    });
  });
});
