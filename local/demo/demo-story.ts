// The first half of the demo's story: a key set is born, spreads to four Regions, serves encryption and
// signatures locally in each Region, and takes a tag change everywhere.
import { DecryptCommand, EncryptCommand, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import type { AcceptedView, KeyView } from '../../cli/format/views.js';
import type { DemoClient } from './demo-client.js';

export const PRIMARY = 'us-east-1';
export const REPLICAS = ['eu-west-1', 'us-west-2', 'ap-southeast-2'] as const;
export const ALIASES = ['alias/orders-data', 'alias/orders'];
export const TENANT = 'orders';

export type Say = (line: string) => void;

const keyPath = (keyId: string, rest = '') => `/keys/${keyId}${rest}`;

export async function createKeySet(client: DemoClient, say: Say): Promise<string> {
  say(`Create a symmetric multi-Region key in ${PRIMARY} with aliases ${ALIASES.join(', ')} and tags`);
  const { body } = await client.api.request<AcceptedView>('POST', '/keys', {
    body: {
      tenant: TENANT,
      primaryRegion: PRIMARY,
      description: 'Order data of the global shop',
      aliases: ALIASES,
      tags: { app: 'shop', team: 'orders', env: 'staging' },
    },
  });
  const keyId = body.operation.keyId;
  await client.settle(body.operation);
  say(`  -> ${keyId}, primary in ${PRIMARY}`);
  return keyId;
}

export async function replicate(client: DemoClient, say: Say, keyId: string): Promise<void> {
  say(`Replicate it to ${REPLICAS.join(', ')} (each replica is Creating for a while)`);
  const { body } = await client.api.request<AcceptedView>('POST', keyPath(keyId, '/replicas'), {
    body: { regions: [...REPLICAS] },
  });
  await client.settle(body.operation);
  const key = await liveKey(client, keyId);
  for (const region of [PRIMARY, ...REPLICAS]) {
    const member = key.regions[region];
    say(
      `  -> ${region.padEnd(15)} ${member?.role ?? '-'} ${member?.keyState ?? 'missing'} aliases ${member?.aliases.join(',') ?? '-'}`,
    );
  }
}

export async function encryptHereDecryptThere(client: DemoClient, say: Say, keyId: string): Promise<void> {
  say('Encrypt in ap-southeast-2, decrypt in us-west-2: same key material, no cross-Region call');
  const plaintext = new TextEncoder().encode('order #1001: 3 items, paid');
  const encrypted = await client
    .kms('ap-southeast-2')
    .send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { order: '1001' } }));
  const decrypted = await client
    .kms('us-west-2')
    .send(
      new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { order: '1001' } }),
    );
  const text = new TextDecoder().decode(decrypted.Plaintext);
  if (text !== 'order #1001: 3 items, paid') throw new Error('The decrypted text differs from the plaintext');
  say(`  -> encrypted by ${encrypted.KeyId}`);
  say(`  -> decrypted by ${decrypted.KeyId}: "${text}"`);
}

export async function signHereVerifyThere(client: DemoClient, say: Say): Promise<string> {
  say('Sign in us-east-1 and verify in eu-west-1 with an asymmetric (ECC_NIST_P256) multi-Region key');
  const { body } = await client.api.request<AcceptedView>('POST', '/keys', {
    body: {
      tenant: TENANT,
      primaryRegion: PRIMARY,
      replicaRegions: ['eu-west-1'],
      keySpec: 'ECC_NIST_P256',
      keyUsage: 'SIGN_VERIFY',
      description: 'Signs order receipts',
      aliases: ['alias/orders-signing'],
    },
  });
  const signingKeyId = body.operation.keyId;
  await client.settle(body.operation);
  const message = new TextEncoder().encode('receipt for order #1001');
  const signed = await client.kms(PRIMARY).send(
    new SignCommand({
      KeyId: signingKeyId,
      Message: message,
      SigningAlgorithm: 'ECDSA_SHA_256',
      MessageType: 'RAW',
    }),
  );
  const verified = await client.kms('eu-west-1').send(
    new VerifyCommand({
      KeyId: signingKeyId,
      Message: message,
      Signature: signed.Signature,
      SigningAlgorithm: 'ECDSA_SHA_256',
      MessageType: 'RAW',
    }),
  );
  if (!verified.SignatureValid) throw new Error('The signature did not verify in eu-west-1');
  say(`  -> ${signingKeyId}: signed in ${PRIMARY}, signature valid in eu-west-1`);
  return signingKeyId;
}

export async function changeTag(client: DemoClient, say: Say, keyId: string): Promise<void> {
  say('Change a tag (env=staging -> env=production) and see it applied in every Region');
  const current = await client.api.get<KeyView>(keyPath(keyId));
  const { body } = await client.api.request<AcceptedView>('PATCH', keyPath(keyId), {
    body: { tags: { ...current.body.desired.tags, env: 'production' } },
    headers: { 'if-match': `"${current.body.version}"` },
  });
  await client.settle(body.operation);
  const key = await liveKey(client, keyId);
  for (const region of [PRIMARY, ...REPLICAS]) {
    say(`  -> ${region.padEnd(15)} env=${key.regions[region]?.tags.env ?? '(missing)'}`);
  }
}

export async function liveKey(client: DemoClient, keyId: string): Promise<KeyView> {
  return (await client.api.get<KeyView>(keyPath(keyId), { live: true })).body;
}
