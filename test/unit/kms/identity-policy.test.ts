// The identities file's checks and the policy evaluator's less common elements (NotAction, NotPrincipal,
// NotResource, negated operators), without HTTP.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../local/kms/model/authorize.js';
import { IdentityDirectory, loadIdentities } from '../../../local/kms/model/identity.js';
import { parsePolicy } from '../../../local/kms/model/policy.js';

const ACCOUNT = '111122223333';
const directory = new IdentityDirectory(
  loadIdentities({
    identities: [
      { accessKeyId: 'AKIAAPP', principal: `arn:aws:iam::${ACCOUNT}:role/app`, tags: { Team: 'payments' } },
      {
        accessKeyId: 'AKIAUSER',
        principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
        iamActions: ['kms:Describe*'],
      },
    ],
  }),
  ACCOUNT,
);
const app = directory.lookup('AKIAAPP', 'aws');
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const none = () => undefined;
const decide = (
  statement: object,
  action = 'kms:Decrypt',
  values: (key: string) => string | undefined = none,
) =>
  evaluatePolicy(
    parsePolicy(JSON.stringify({ Statement: [statement] })),
    app ?? (undefined as never),
    action,
    KEY,
    ACCOUNT,
    values,
  );

describe('identities file', () => {
  it('loads a file and refuses bad ones with a message naming the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'identities-'));
    try {
      const good = join(dir, 'good.json');
      await writeFile(
        good,
        JSON.stringify({ identities: [{ accessKeyId: 'AKIA1', principal: `arn:aws:iam::${ACCOUNT}:root` }] }),
      );
      expect(loadIdentities(good).identities).toHaveLength(1);
      const bad = join(dir, 'bad.json');
      await writeFile(bad, '{nope');
      expect(() => loadIdentities(bad)).toThrow(`The identities file ${bad} is not valid JSON.`);
      expect(() => loadIdentities(join(dir, 'missing.json'))).toThrow(/Cannot read the identities file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(() => loadIdentities({ identities: [{ accessKeyId: 'A', principal: 'role/app' }] })).toThrow(
      /identities\[0\]\.principal must be an account root, user, role or assumed-role ARN/,
    );
    expect(() =>
      loadIdentities({
        identities: [
          { accessKeyId: 'A', principal: `arn:aws:iam::${ACCOUNT}:root` },
          { accessKeyId: 'A', principal: `arn:aws:iam::${ACCOUNT}:root` },
        ],
      }),
    ).toThrow('Identities: identities[1].accessKeyId A is listed twice');
    expect(() =>
      loadIdentities({
        identities: [{ accessKeyId: 'A', principal: `arn:aws:iam::${ACCOUNT}:root`, extra: 1 } as never],
      }),
    ).toThrow('identities[0] has unknown field extra');
  });

  it('answers undefined for an unlisted key when a file is loaded, and an account root without one', () => {
    expect(directory.lookup('AKIANOPE', 'aws')).toBeUndefined();
    expect(app).toMatchObject({ account: ACCOUNT, isRoot: false, tags: { team: 'payments' } });
    const open = new IdentityDirectory(undefined, ACCOUNT);
    expect(open.lookup('anything', 'aws-cn')).toMatchObject({
      principal: `arn:aws-cn:iam::${ACCOUNT}:root`,
      isRoot: true,
    });
    expect(open.lookup('444455556666', 'aws')).toMatchObject({ account: '444455556666' });
  });
});

describe('policy evaluation', () => {
  const role = `arn:aws:iam::${ACCOUNT}:role/app`;
  it('NotAction, NotPrincipal and NotResource exclude what they name', () => {
    expect(
      decide({ Effect: 'Allow', Principal: { AWS: role }, NotAction: 'kms:Encrypt', Resource: '*' }),
    ).toBe('allow');
    expect(
      decide({ Effect: 'Allow', Principal: { AWS: role }, NotAction: 'kms:Decrypt', Resource: '*' }),
    ).toBe('none');
    expect(decide({ Effect: 'Deny', NotPrincipal: { AWS: role }, Action: 'kms:*', Resource: '*' })).toBe(
      'none',
    );
    expect(
      decide({
        Effect: 'Deny',
        NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' },
        Action: 'kms:*',
        Resource: '*',
      }),
    ).toBe('deny');
    expect(decide({ Effect: 'Allow', Principal: '*', Action: 'kms:*', NotResource: KEY })).toBe('none');
    expect(decide({ Effect: 'Allow', Principal: '*', Action: 'KMS:decrypt', Resource: KEY })).toBe('allow');
  });

  it('negated operators hold when the key is absent; positive ones do not unless IfExists', () => {
    const on = (Condition: object) =>
      decide({ Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:*', Resource: '*', Condition });
    expect(on({ StringNotEquals: { 'kms:ViaService': 'x' } })).toBe('allow');
    expect(on({ StringEquals: { 'kms:ViaService': 'x' } })).toBe('none');
    expect(on({ StringEqualsIfExists: { 'kms:ViaService': 'x' } })).toBe('allow');
    expect(on({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' } })).toBe('allow');
    expect(on({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'a' } })).toBe('none');
  });

  it('an account principal needs IAM for a non-root caller; a named principal does not', () => {
    expect(decide({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' })).toBe(
      'allowIfIam',
    );
    expect(
      decide({ Effect: 'Allow', Principal: { AWS: [ACCOUNT, role] }, Action: 'kms:*', Resource: '*' }),
    ).toBe('allow');
  });
});
