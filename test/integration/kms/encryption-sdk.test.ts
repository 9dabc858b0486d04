import {
  AwsKmsMrkAwareSymmetricDiscoveryKeyringNode,
  AwsKmsMrkAwareSymmetricKeyringNode,
  buildClient,
  CommitmentPolicy,
} from '@aws-crypto/client-node';
import { CreateKeyCommand, DisableKeyCommand, KMS, ReplicateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms, TEST_CREDENTIALS } from '../../helpers/kms.js';

let kms: KmsFixture;
let primaryArn: string;
let replicaArn: string;
const clients: KMS[] = [];

function kmsClient(region: string): KMS {
  const client = new KMS({ region, endpoint: kms.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  kms = await startKms();
  const { KeyMetadata } = await kms.client('us-east-1').send(new CreateKeyCommand({ MultiRegion: true }));
  primaryArn = KeyMetadata?.Arn as string;
  const replica = await kms
    .client('us-east-1')
    .send(new ReplicateKeyCommand({ KeyId: KeyMetadata?.KeyId, ReplicaRegion: 'eu-west-1' }));
  replicaArn = replica.ReplicaKeyMetadata?.Arn as string;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await kms.close();
});

describe('the AWS Encryption SDK for JavaScript with MRK-aware keyrings', () => {
  it('encrypts in us-east-1 with the primary and decrypts in eu-west-1 with the replica', async () => {
    const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const encryptKeyring = new AwsKmsMrkAwareSymmetricKeyringNode({
      keyId: primaryArn,
      client: kmsClient('us-east-1'),
    });
    const context = { tenant: 'payments', purpose: 'esdk' };
    const { result } = await encrypt(encryptKeyring, 'message for every Region', {
      encryptionContext: context,
    });

    // With the primary disabled, success proves the eu-west-1 replica did the decryption.
    await kms.client('us-east-1').send(new DisableKeyCommand({ KeyId: primaryArn }));

    const discovery = new AwsKmsMrkAwareSymmetricDiscoveryKeyringNode({
      client: kmsClient('eu-west-1'),
      discoveryFilter: { accountIDs: ['111122223333'], partition: 'aws' },
    });
    const decrypted = await decrypt(discovery, result);
    expect(decrypted.plaintext.toString()).toBe('message for every Region');
    expect(decrypted.messageHeader.encryptionContext).toMatchObject(context);
    expect(decrypted.messageHeader.encryptedDataKeys[0]?.providerInfo).toBe(primaryArn);

    const strict = new AwsKmsMrkAwareSymmetricKeyringNode({
      keyId: replicaArn,
      client: kmsClient('eu-west-1'),
    });
    expect((await decrypt(strict, result)).plaintext.toString()).toBe('message for every Region');

    // The us-east-1 member is disabled: decrypting there fails, as it would in AWS.
    const eastDiscovery = new AwsKmsMrkAwareSymmetricDiscoveryKeyringNode({ client: kmsClient('us-east-1') });
    await expect(decrypt(eastDiscovery, result)).rejects.toThrow();
  });
});
