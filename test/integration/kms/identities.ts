// The identities the identity tests share: access keys mapped to principals of two accounts.
import { KMSClient } from '@aws-sdk/client-kms';
import type { IdentitiesFile } from '../../../local/kms/model/identity.js';

export const ACCOUNT = '111122223333';
export const PARTNER = '444455556666';
export const ROLE = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
export const ROOT = (account = ACCOUNT) => `arn:aws:iam::${account}:root`;

export const KEYS = {
  admin: 'AKIAADMIN0000000001',
  app: 'AKIAAPP000000000001',
  other: 'AKIAOTHER0000000001',
  limited: 'AKIALIMITED00000001',
  root: 'AKIAROOT00000000001',
  session: 'AKIASESSION00000001',
  partner: 'AKIAPARTNER00000001',
} as const;

export const IDENTITIES: IdentitiesFile = {
  identities: [
    { accessKeyId: KEYS.admin, principal: ROLE('admin') },
    { accessKeyId: KEYS.app, principal: ROLE('app'), tags: { team: 'payments' } },
    { accessKeyId: KEYS.other, principal: ROLE('other'), tags: { team: 'risk' } },
    { accessKeyId: KEYS.limited, principal: ROLE('limited'), iamActions: ['kms:DescribeKey'] },
    { accessKeyId: KEYS.root, principal: ROOT() },
    { accessKeyId: KEYS.session, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/app/session-1` },
    { accessKeyId: KEYS.partner, principal: ROLE('partner', PARTNER) },
  ],
};

/** A KMS client that signs with one identity's access key. */
export function clientAs(endpoint: string, accessKeyId: string, region = 'us-east-1'): KMSClient {
  return new KMSClient({
    region,
    endpoint,
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
}

export const policyOf = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (principal: string | string[], action: string | string[], condition?: object) => ({
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: action,
  Resource: '*',
  ...(condition && { Condition: condition }),
});
export const deny = (principal: string | string[], action: string | string[], condition?: object) => ({
  ...allow(principal, action, condition),
  Effect: 'Deny',
});

/** AWS's AccessDeniedException text. */
export function deniedMessage(
  principal: string,
  action: string,
  resource: string,
  why: 'resource' | 'identity' | 'deny',
) {
  const reason =
    why === 'deny'
      ? 'with an explicit deny in a resource-based policy'
      : `because no ${why === 'resource' ? 'resource' : 'identity'}-based policy allows the ${action} action`;
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
}
