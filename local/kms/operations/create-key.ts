// CreateKey (KMS-MRK-SPEC section 2): single-Region or multi-Region primary keys of every spec we model.
import { randomUUID } from 'node:crypto';
import { newMaterial } from '../crypto/material.js';
import { keyArn } from '../model/arn.js';
import { checkLockout } from '../model/authorize.js';
import { keyMetadata } from '../model/metadata.js';
import { partitionOf } from '../model/partitions.js';
import { checkPolicy, defaultPolicy } from '../model/policy.js';
import { checkTags, type TagInput } from '../model/tags.js';
import type { KeySpec, KeyUsage, Origin, RegionalKey, SharedKey } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import { bool, descriptionShape, enumOf, policyShape, str, tagsShape } from '../protocol/shapes.js';
import { importable } from './import-material-spec.js';
import { defineOperation } from './operation.js';

export const KEY_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'ML_DSA_44',
  'ML_DSA_65',
  'ML_DSA_87',
  'ECC_NIST_EDWARDS25519',
] as const;
const KEY_USAGES = ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const;
const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const;

/** The key usages each spec allows (KMS-MRK-SPEC section 2.1): NIST curves also agree keys (ECDH). */
const USAGES: Readonly<Record<KeySpec, readonly KeyUsage[]>> = {
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
  RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  ECC_NIST_P256: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_P384: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_P521: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_SECG_P256K1: ['SIGN_VERIFY'],
  HMAC_224: ['GENERATE_VERIFY_MAC'],
  HMAC_256: ['GENERATE_VERIFY_MAC'],
  HMAC_384: ['GENERATE_VERIFY_MAC'],
  HMAC_512: ['GENERATE_VERIFY_MAC'],
};

interface Input {
  Policy?: string;
  Description?: string;
  KeyUsage?: string;
  CustomerMasterKeySpec?: string;
  KeySpec?: string;
  Origin?: string;
  CustomKeyStoreId?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Tags?: TagInput[];
  MultiRegion?: boolean;
  XksKeyId?: string;
}

export const createKey = defineOperation({
  input: {
    members: {
      Policy: policyShape,
      Description: descriptionShape,
      KeyUsage: enumOf(KEY_USAGES),
      CustomerMasterKeySpec: enumOf(KEY_SPECS),
      KeySpec: enumOf(KEY_SPECS),
      Origin: enumOf(ORIGINS),
      CustomKeyStoreId: str({ min: 1, max: 64 }),
      BypassPolicyLockoutSafetyCheck: bool(),
      Tags: tagsShape,
      MultiRegion: bool(),
      XksKeyId: str({ min: 1, max: 128 }),
    },
  },
  run(ctx, input: Input) {
    if (input.KeySpec && input.CustomerMasterKeySpec) {
      throw errors.validation(
        'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
      );
    }
    const keySpec = (input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT') as KeySpec;
    if (!input.KeyUsage && keySpec !== 'SYMMETRIC_DEFAULT') {
      throw errors.validation(
        'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
      );
    }
    const keyUsage = (input.KeyUsage ?? 'ENCRYPT_DECRYPT') as KeyUsage;
    const usages = USAGES[keySpec];
    if (!usages) throw errors.unsupported(`KeySpec ${keySpec} is not supported by the KMS emulator.`);
    if (!usages.includes(keyUsage))
      throw errors.validation(`KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`);
    const origin = (input.Origin ?? 'AWS_KMS') as Origin | 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';
    const multiRegion = input.MultiRegion === true;
    if (input.CustomKeyStoreId || origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE') {
      throw errors.unsupported(
        multiRegion
          ? 'You cannot create a multi-Region key in a custom key store.'
          : 'Custom key stores are not supported by the KMS emulator.',
      );
    }
    if (origin === 'EXTERNAL' && !importable(keySpec)) {
      throw errors.unsupported(`The KMS emulator does not import key material for ${keySpec} keys.`);
    }
    if (multiRegion && !partitionOf(ctx.region).multiRegionKeys) {
      throw errors.unsupported(`Multi-Region keys are not supported in ${ctx.region}.`);
    }
    const policy = input.Policy === undefined ? undefined : checkPolicy(input.Policy);
    const tags = checkTags(input.Tags ?? []);

    const now = ctx.clock.now();
    const keyId = multiRegion ? `mrk-${ctx.random(16).toString('hex')}` : randomUUID();
    const shared: SharedKey = {
      keyId,
      account: ctx.account,
      partition: ctx.partition,
      multiRegion,
      keySpec,
      keyUsage,
      origin,
      primaryRegion: ctx.region,
      materials: origin === 'EXTERNAL' ? [] : [newMaterial(keySpec, now, ctx.random)],
      rotation: { enabled: false, periodInDays: 365, onDemandCount: 0 },
    };
    const key: RegionalKey = {
      keyId,
      region: ctx.region,
      arn: keyArn(ctx.partition, ctx.region, ctx.account, keyId),
      creationDate: now,
      description: input.Description ?? '',
      policy: input.Policy ?? defaultPolicy(ctx.partition, ctx.account),
      tags,
      state: origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
      ...(origin === 'EXTERNAL' && { importedMaterialIds: [] }),
      grants: [],
    };
    if (policy && input.BypassPolicyLockoutSafetyCheck !== true) checkLockout(ctx, policy, { shared, key });
    ctx.store.putShared(shared);
    ctx.store.putRegional(ctx.account, key);
    const KeyMetadata = keyMetadata(ctx.store, shared, key);
    ctx.record({
      eventName: 'CreateKey',
      requestParameters: { keySpec, keyUsage, origin, multiRegion, description: key.description },
      responseElements: { keyMetadata: KeyMetadata },
      resources: [key.arn],
    });
    return { KeyMetadata };
  },
});
