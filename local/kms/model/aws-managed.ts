// AWS managed keys: `alias/aws/<service>` names a key AWS creates in the account and Region on first use
// (KMS Developer Guide, "AWS managed keys"). Its key policy lets principals of the account use it only
// through the service (kms:ViaService, which no request to the emulator carries) and read its metadata
// directly, so Encrypt with it from a client is AccessDeniedException, DescribeKey works, and managing it
// (DisableKey, PutKeyPolicy, ScheduleKeyDeletion, ...) is refused by its policy, as in AWS.
import { randomUUID } from 'node:crypto';
import { newMaterial } from '../crypto/material.js';
import type { OperationContext } from '../operations/operation.js';
import { keyArn } from './arn.js';
import { DAY_MS, scheduleRotation } from './lifecycle.js';
import type { RegionalKey, SharedKey } from './types.js';

/** Services with an AWS managed key, and the service name kms:ViaService carries for each. */
const SERVICES: Readonly<Record<string, string>> = {
  acm: 'acm',
  backup: 'backup',
  cloudtrail: 'cloudtrail',
  dynamodb: 'dynamodb',
  ebs: 'ec2',
  elasticfilesystem: 'elasticfilesystem',
  es: 'es',
  glue: 'glue',
  kinesis: 'kinesis',
  lambda: 'lambda',
  rds: 'rds',
  redshift: 'redshift',
  s3: 's3',
  secretsmanager: 'secretsmanager',
  sns: 'sns',
  sqs: 'sqs',
  ssm: 'ssm',
  xray: 'xray',
};

export function isAwsManagedAlias(aliasName: string): boolean {
  return aliasName.startsWith('alias/aws/') && Object.hasOwn(SERVICES, aliasName.slice('alias/aws/'.length));
}

/** The policy AWS writes on an AWS managed key (shape of the documented S3 one). */
function managedPolicy(
  service: string,
  viaService: string,
  region: string,
  partition: string,
  account: string,
) {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: `auto-${service}-2`,
      Statement: [
        {
          Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [
            'kms:Encrypt',
            'kms:Decrypt',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:CreateGrant',
            'kms:DescribeKey',
          ],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:ViaService': `${viaService}.${region}.amazonaws.com`,
              'kms:CallerAccount': account,
            },
          },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${account}:root` },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/**
 * Creates the AWS managed key of `alias/aws/<service>` in the caller's account and Region and its alias;
 * returns the key id. Only for the services AWS has managed keys for (otherwise undefined).
 */
export function createAwsManagedKey(ctx: OperationContext, aliasName: string): string | undefined {
  if (!isAwsManagedAlias(aliasName)) return undefined;
  const service = aliasName.slice('alias/aws/'.length);
  const now = ctx.clock.now();
  const keyId = randomUUID();
  const shared: SharedKey = {
    keyId,
    account: ctx.account,
    partition: ctx.partition,
    multiRegion: false,
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyManager: 'AWS',
    primaryRegion: ctx.region,
    materials: [newMaterial('SYMMETRIC_DEFAULT', now, ctx.random)],
    // AWS managed keys rotate every year, always.
    rotation: { enabled: true, periodInDays: 365, nextRotationAt: now + 365 * DAY_MS, onDemandCount: 0 },
  };
  const key: RegionalKey = {
    keyId,
    region: ctx.region,
    arn: keyArn(ctx.partition, ctx.region, ctx.account, keyId),
    creationDate: now,
    // UNCONFIRMED: AWS's description for services other than S3 ("...protects my S3 objects...").
    description: `Default key that protects my ${service} data when no other key is defined`,
    policy: managedPolicy(service, SERVICES[service] as string, ctx.region, ctx.partition, ctx.account),
    tags: {},
    state: 'Enabled',
    grants: [],
  };
  ctx.store.putShared(shared);
  ctx.store.putRegional(ctx.account, key);
  ctx.store.putAlias(ctx.account, ctx.region, {
    aliasName,
    targetKeyId: keyId,
    creationDate: now,
    lastUpdatedDate: now,
  });
  scheduleRotation(ctx.store, shared);
  ctx.markChanged();
  ctx.record({
    eventName: 'CreateKey',
    invokedBy: 'kms.amazonaws.com',
    resources: [key.arn],
    requestParameters: null,
  });
  return keyId;
}
