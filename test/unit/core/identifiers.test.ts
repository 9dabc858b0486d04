import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { isAliasName, parseAliasName } from '../../../src/core/identifiers/alias-name.js';
import { isKeyId, isMrkKeyId, mrkKeyIdFromBytes } from '../../../src/core/identifiers/key-id.js';
import {
  buildAliasArn,
  buildKeyArn,
  parseKeyArn,
  parseKeyIdentifier,
  parseKmsArn,
} from '../../../src/core/identifiers/kms-arn.js';
import {
  checkRegionSet,
  isMrkRegion,
  PARTITIONS,
  partitionOfRegion,
} from '../../../src/core/identifiers/partitions.js';

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const mrkId = hex(32).map((digits) => `mrk-${digits}`);
const uuid = fc.uuid().map((value) => value.toLowerCase());
const partitionAndRegion = fc.constantFrom(
  ...Object.values(PARTITIONS).flatMap((info) =>
    info.regions.map((region) => ({ partition: info.name, region })),
  ),
);
const account = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 });
const aliasName = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/_-'),
    minLength: 1,
    maxLength: 200,
  })
  .map((name) => `alias/${name}`)
  .filter((name) => !name.startsWith('alias/aws/'));

describe('key ids', () => {
  it.each([
    ['mrk-0123456789abcdef0123456789abcdef', true, true],
    ['mrk-0123456789ABCDEF0123456789abcdef', false, false],
    ['mrk-0123456789abcdef0123456789abcdef0', false, false],
    ['mrk-fake-key-id', false, false],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', false, true],
    ['134f2428cec14b25a1ae9048164dba47', false, false],
    ['', false, false],
  ])('%s: mrk=%s, key id=%s', (value, mrk, keyId) => {
    expect(isMrkKeyId(value)).toBe(mrk);
    expect(isKeyId(value)).toBe(keyId);
  });

  it('builds an mrk- id from 16 bytes only', () => {
    expect(mrkKeyIdFromBytes(new Uint8Array(16).fill(255))).toBe(`mrk-${'f'.repeat(32)}`);
    expect(() => mrkKeyIdFromBytes(new Uint8Array(15))).toThrow(ValidationError);
  });
});

describe('alias names', () => {
  it.each([
    ['alias/payments-data', true],
    ['alias/team/app:prod_1', true],
    ['payments', false],
    ['alias/', false],
    ['alias/has space', false],
    ['alias/aws/s3', false],
    [`alias/${'a'.repeat(251)}`, false],
  ])('%s usable: %s', (name, usable) => {
    expect(isAliasName(name)).toBe(usable);
  });

  it('says why a name is refused', () => {
    expect(() => parseAliasName('alias/aws/kms')).toThrow(/reserved/);
  });
});

describe('partitions and Regions', () => {
  it.each([
    ['us-east-1', 'aws', true],
    ['eu-central-2', 'aws', true],
    ['cn-north-1', 'aws-cn', false],
    ['us-gov-west-1', 'aws-us-gov', true],
    ['us-iso-east-1', 'aws-iso', false],
    ['mars-north-1', undefined, false],
  ])('%s is in %s, MRK %s', (region, partition, mrk) => {
    expect(partitionOfRegion(region)).toBe(partition);
    expect(isMrkRegion(region)).toBe(mrk);
  });

  it.each([
    [['us-east-1', 'eu-west-1'], 'aws'],
    [['us-gov-east-1', 'us-gov-west-1'], 'aws-us-gov'],
  ])('accepts %j as partition %s', (regions, partition) => {
    expect(checkRegionSet(regions)).toBe(partition);
  });

  it.each([
    [['us-east-1', 'us-gov-west-1'], /one partition/],
    [['cn-north-1'], /does not support multi-Region keys/],
    [['us-east-1', 'us-east-1'], /twice/],
    [['us-east-1', 'eu-nowhere-9'], /Unknown Region/],
    [[], /at least one Region/],
  ])('rejects %j', (regions, message) => {
    expect(() => checkRegionSet(regions)).toThrow(message);
  });
});

describe('KMS ARNs', () => {
  it('parses key and alias ARNs', () => {
    expect(
      parseKmsArn('arn:aws:kms:eu-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef'),
    ).toEqual({
      type: 'key',
      partition: 'aws',
      region: 'eu-west-1',
      account: '111122223333',
      keyId: 'mrk-0123456789abcdef0123456789abcdef',
    });
    expect(parseKmsArn('arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/team:app')).toMatchObject({
      type: 'alias',
      aliasName: 'alias/team:app',
    });
    expect(parseKmsArn('arn:aws:kms:us-east-1:111122223333:alias/aws/s3')).toMatchObject({
      aliasName: 'alias/aws/s3',
    });
  });

  it.each([
    ['arn:aws:s3:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef', /not a KMS ARN/],
    ['arn:aws:kms:cn-north-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef', /partition aws-cn/],
    ['arn:aws-mars:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef', /unknown partition/],
    ['arn:aws:kms:us-east-1:1111:key/mrk-0123456789abcdef0123456789abcdef', /12 digits/],
    ['arn:aws:kms:us-east-1:111122223333:key/mrk-123', /malformed key id/],
    ['arn:aws:kms:US-EAST-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef', /malformed Region/],
    ['arn:aws:kms:us-east-1:111122223333:grant/x', /key\/<id> or alias/],
    ['arn:aws:kms', /expected arn/],
  ])('rejects %s', (arn, message) => {
    expect(() => parseKmsArn(arn)).toThrow(message);
  });

  it('classifies the four identifier forms and rejects the rest', () => {
    expect(parseKeyIdentifier('mrk-0123456789abcdef0123456789abcdef').kind).toBe('keyId');
    expect(parseKeyIdentifier('alias/x').kind).toBe('aliasName');
    expect(parseKeyIdentifier('arn:aws:kms:us-east-1:111122223333:alias/x').kind).toBe('aliasArn');
    expect(
      parseKeyIdentifier('arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef').kind,
    ).toBe('keyArn');
    expect(() => parseKeyIdentifier('fake-key-id')).toThrow('Invalid keyId "fake-key-id"');
    expect(() => parseKeyArn('arn:aws:kms:us-east-1:111122223333:alias/x')).toThrow(/alias ARN/);
  });

  describe('properties', () => {
    it('a built key ARN parses back to its parts', () => {
      fc.assert(
        fc.property(
          partitionAndRegion,
          account,
          fc.oneof(mrkId, uuid),
          ({ partition, region }, acct, keyId) => {
            const parts = { partition, region, account: acct, keyId };
            expect(parseKeyArn(buildKeyArn(parts))).toEqual(parts);
          },
        ),
      );
    });

    it('a built alias ARN parses back to its parts', () => {
      fc.assert(
        fc.property(partitionAndRegion, account, aliasName, ({ partition, region }, acct, name) => {
          const parts = { partition, region, account: acct, aliasName: name };
          expect(parseKmsArn(buildAliasArn(parts))).toEqual({ type: 'alias', ...parts });
        }),
      );
    });

    it('members of one set differ only in the Region of their ARN', () => {
      fc.assert(
        fc.property(
          account,
          mrkId,
          fc.subarray([...PARTITIONS.aws.regions], { minLength: 2 }),
          (acct, keyId, regions) => {
            const arns = regions.map((region) =>
              buildKeyArn({ partition: 'aws', region, account: acct, keyId }),
            );
            const parsed = arns.map(parseKeyArn);
            expect(new Set(parsed.map((p) => p.keyId))).toEqual(new Set([keyId]));
            expect(parsed.map((p) => p.region)).toEqual(regions);
          },
        ),
      );
    });

    it('any string either parses to an ARN that rebuilds to itself or throws ValidationError', () => {
      const arnLike = fc.oneof(
        fc.string(),
        fc
          .tuple(
            fc.constantFrom('arn', 'arn ', 'ARN'),
            fc.string(),
            fc.constantFrom('kms', 's3'),
            fc.string(),
            fc.string(),
            fc.string(),
          )
          .map((parts) => parts.join(':')),
        fc
          .tuple(partitionAndRegion, account, fc.string())
          .map(([p, a, rest]) => `arn:${p.partition}:kms:${p.region}:${a}:${rest}`),
      );
      fc.assert(
        fc.property(arnLike, (value) => {
          let parsed: ReturnType<typeof parseKmsArn>;
          try {
            parsed = parseKmsArn(value);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            return;
          }
          expect(parsed.type === 'key' ? buildKeyArn(parsed) : buildAliasArn(parsed)).toBe(value);
        }),
        { numRuns: 500 },
      );
    });
  });
});
