import {
  AwsKmsMrkAwareSymmetricDiscoveryKeyringNode,
  AwsKmsMrkAwareSymmetricKeyringNode,
  buildClient,
  CommitmentPolicy,
} from '@aws-crypto/client-node';
import {
  CreateKeyCommand,
  KMS,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms, TEST_CREDENTIALS } from '../../helpers/kms.js';

let kms: KmsFixture;
const sdkClients: KMS[] = [];
beforeAll(async () => {
  kms = await startKms();
});
afterAll(async () => {
  for (const client of sdkClients) client.destroy();
  await kms.close();
});

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/** The aggregated KMS client the Encryption SDK's keyrings call, pointed at the emulator. */
function kmsFor(region: string): KMS {
  const client = new KMS({ region, endpoint: kms.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  sdkClients.push(client);
  return client;
}

describe('AWS Encryption SDK with MRK-aware keyrings', () => {
  it('decrypts old messages in another Region after a rotation and after a promotion', async () => {
    const east = kms.client('us-east-1');
    const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
    const eastArn = KeyMetadata?.Arn as string;
    const westArn = eastArn.replace('us-east-1', 'eu-west-1');
    await east.send(new ReplicateKeyCommand({ KeyId: eastArn, ReplicaRegion: 'eu-west-1' }));
    const context = { purpose: 'mrk-test' };

    const eastKeyring = new AwsKmsMrkAwareSymmetricKeyringNode({
      keyId: eastArn,
      client: kmsFor('us-east-1'),
    });
    const westKeyring = new AwsKmsMrkAwareSymmetricKeyringNode({
      keyId: westArn,
      client: kmsFor('eu-west-1'),
    });
    const westDiscovery = new AwsKmsMrkAwareSymmetricDiscoveryKeyringNode({
      client: kmsFor('eu-west-1'),
      discoveryFilter: { accountIDs: [KeyMetadata?.AWSAccountId as string], partition: 'aws' },
    });
    const eastDiscovery = new AwsKmsMrkAwareSymmetricDiscoveryKeyringNode({ client: kmsFor('us-east-1') });

    const beforeRotation = await encrypt(eastKeyring, 'written before rotation', {
      encryptionContext: context,
    });
    await east.send(new RotateKeyOnDemandCommand({ KeyId: eastArn }));
    const afterRotation = await encrypt(eastKeyring, 'written after rotation', {
      encryptionContext: context,
    });

    const readAll = async (keyrings: Parameters<typeof decrypt>[0][], messages: Buffer[]) => {
      for (const keyring of keyrings) {
        for (const message of messages) {
          const { plaintext, messageHeader } = await decrypt(keyring, message);
          expect(plaintext.toString()).toMatch(/^written /);
          expect(messageHeader.encryptionContext).toMatchObject(context);
        }
      }
    };
    await readAll([westKeyring, westDiscovery], [beforeRotation.result, afterRotation.result]);

    await east.send(new UpdatePrimaryRegionCommand({ KeyId: eastArn, PrimaryRegion: 'eu-west-1' }));
    const afterPromotion = await encrypt(westKeyring, 'written after promotion', {
      encryptionContext: context,
    });
    await readAll(
      [westKeyring, westDiscovery, eastKeyring, eastDiscovery],
      [beforeRotation.result, afterRotation.result, afterPromotion.result],
    );
  });
});
