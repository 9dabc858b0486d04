// The proof the control plane exists for: the key policy it writes in every Region lets the right principal
// use the key, and nobody else. The KMS emulator enforces key policies per identity (local/kms README,
// part 3): the control plane signs as its own role, an application role is named in the key set's policy,
// an intruder role of the same account and a partner role of another account are not. After replication
// and after promotion, the application decrypts in every Region with the AWS Encryption SDK's MRK-aware
// keyrings, and the others are denied everywhere.
import {
  AwsKmsMrkAwareSymmetricDiscoveryKeyringNode,
  AwsKmsMrkAwareSymmetricKeyringNode,
  buildClient,
  CommitmentPolicy,
} from '@aws-crypto/client-node';
import { DecryptCommand, GenerateDataKeyCommand, GetKeyPolicyCommand, KMS } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_CREDENTIALS } from '../../../local/stack.js';
import { type ApiStack, startApiStack } from '../api/api-stack.js';

const ACCOUNT = '111122223333';
const PARTNER_ACCOUNT = '444455556666';
const CONTROL_PLANE = `arn:aws:iam::${ACCOUNT}:role/mrk-control-plane`;
const APP = `arn:aws:iam::${ACCOUNT}:role/payments-app`;
const INTRUDER = `arn:aws:iam::${ACCOUNT}:role/intruder`;
const PARTNER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;
const KEYS = { app: 'AKIAPAYMENTSAPP00001', intruder: 'AKIAINTRUDER0000001', partner: 'AKIAPARTNER00000001' };
const CONTEXT = { purpose: 'policy-proof' };

const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ControlPlane',
      Effect: 'Allow',
      Principal: { AWS: CONTROL_PLANE },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'PaymentsApp',
      Effect: 'Allow',
      Principal: { AWS: APP },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      Resource: '*',
    },
  ],
};

let api: ApiStack;
let token: string;
let keyId: string;
const sdkClients: KMS[] = [];
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/** The aggregated KMS client the Encryption SDK calls, signing with one identity's own access key. */
function kmsAs(accessKeyId: string, region: string): KMS {
  const client = new KMS({
    region,
    endpoint: api.stack.endpoints.kms,
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  sdkClients.push(client);
  return client;
}
const arnIn = (region: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${keyId}`;
const keyringAs = (accessKeyId: string, region: string) =>
  new AwsKmsMrkAwareSymmetricKeyringNode({ keyId: arnIn(region), client: kmsAs(accessKeyId, region) });
const discoveryAs = (accessKeyId: string, region: string) =>
  new AwsKmsMrkAwareSymmetricDiscoveryKeyringNode({
    client: kmsAs(accessKeyId, region),
    discoveryFilter: { accountIDs: [ACCOUNT], partition: 'aws' },
  });
const deniedMessage = (principal: string, action: string, region: string) =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${arnIn(region)} because no resource-based policy allows the ${action} action`;

beforeAll(async () => {
  api = await startApiStack();
  // From here on the emulator knows only these callers: the control plane signs as its own role.
  api.stack.kms.setIdentities({
    identities: [
      { accessKeyId: STACK_CREDENTIALS.accessKeyId, principal: CONTROL_PLANE },
      { accessKeyId: KEYS.app, principal: APP },
      { accessKeyId: KEYS.intruder, principal: INTRUDER },
      { accessKeyId: KEYS.partner, principal: PARTNER },
    ],
  });
  token = await api.token({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
});

afterAll(async () => {
  for (const client of sdkClients) client.destroy();
  await api?.close();
});

/** The application decrypts every message in every Region (keyring on that Region's ARN, and discovery). */
async function appReadsEverywhere(regions: readonly string[], messages: readonly Buffer[]): Promise<void> {
  for (const region of regions) {
    for (const keyring of [keyringAs(KEYS.app, region), discoveryAs(KEYS.app, region)]) {
      for (const message of messages) {
        const { plaintext, messageHeader } = await decrypt(keyring, message);
        expect(plaintext.toString()).toMatch(/^payments secret/);
        expect(messageHeader.encryptionContext).toMatchObject(CONTEXT);
      }
    }
  }
}

/** The intruder and the partner are denied in every Region: with the Encryption SDK and with plain KMS calls. */
async function othersDeniedEverywhere(regions: readonly string[], message: Buffer): Promise<void> {
  for (const region of regions) {
    for (const [accessKeyId, principal] of [
      [KEYS.intruder, INTRUDER],
      [KEYS.partner, PARTNER],
    ] as const) {
      await expect(decrypt(keyringAs(accessKeyId, region), message)).rejects.toThrow();
      await expect(
        encrypt(keyringAs(accessKeyId, region), 'x', { encryptionContext: CONTEXT }),
      ).rejects.toThrow();
      const client = kmsAs(accessKeyId, region);
      await expect(
        client.send(new GenerateDataKeyCommand({ KeyId: arnIn(region), KeySpec: 'AES_256' })),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: deniedMessage(principal, 'kms:GenerateDataKey', region),
      });
    }
    // The plain Decrypt of the application's ciphertext: the data key the message carries for this Region.
    const { CiphertextBlob } = await kmsAs(KEYS.app, region).send(
      new GenerateDataKeyCommand({ KeyId: arnIn(region), KeySpec: 'AES_256', EncryptionContext: CONTEXT }),
    );
    await expect(
      kmsAs(KEYS.intruder, region).send(
        new DecryptCommand({ CiphertextBlob, KeyId: arnIn(region), EncryptionContext: CONTEXT }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(INTRUDER, 'kms:Decrypt', region),
    });
  }
}

describe('the key policy the control plane writes, enforced in every Region', () => {
  const messages: Buffer[] = [];
  const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

  it('creates a key set whose policy names the application role, and replicates it', async () => {
    const created = await api.call(
      token,
      'POST',
      '/keys',
      { tenant: 'payments', primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1'], policy: POLICY },
      { 'idempotency-key': 'policy-proof-create' },
    );
    expect(created.status).toBe(202);
    keyId = created.body.key.keyId;
    expect((await api.settle(token, created.body.operation)).status).toBe('Succeeded');
    const replicated = await api.call(token, 'POST', `/keys/${keyId}/replicas`, {
      regions: ['ap-southeast-2'],
    });
    expect(replicated.status).toBe(202);
    expect((await api.settle(token, replicated.body.operation)).status).toBe('Succeeded');
    for (const region of regions) {
      const { Policy } = await api.kms(region).send(new GetKeyPolicyCommand({ KeyId: keyId }));
      expect(JSON.parse(Policy as string)).toEqual(POLICY);
    }
  });

  it('after replication: the application decrypts in every Region; the intruder and the partner are denied everywhere', async () => {
    messages.push(
      (await encrypt(keyringAs(KEYS.app, 'us-east-1'), 'payments secret 1', { encryptionContext: CONTEXT }))
        .result,
    );
    messages.push(
      (
        await encrypt(keyringAs(KEYS.app, 'ap-southeast-2'), 'payments secret 2', {
          encryptionContext: CONTEXT,
        })
      ).result,
    );
    await appReadsEverywhere(regions, messages);
    await othersDeniedEverywhere(regions, messages[0] as Buffer);
  });

  it('after promotion: the same holds, for old and new messages', async () => {
    const promoted = await api.call(token, 'POST', `/keys/${keyId}/primary`, { region: 'eu-west-1' });
    expect(promoted.status).toBe(202);
    expect((await api.settle(token, promoted.body.operation)).status).toBe('Succeeded');
    expect((await api.call(token, 'GET', `/keys/${keyId}`)).body.primaryRegion).toBe('eu-west-1');
    messages.push(
      (await encrypt(keyringAs(KEYS.app, 'eu-west-1'), 'payments secret 3', { encryptionContext: CONTEXT }))
        .result,
    );
    await appReadsEverywhere(regions, messages);
    await othersDeniedEverywhere(regions, messages[2] as Buffer);
  });
});
