import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationFor, type KmsFixture, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
let keyId: string;

beforeAll(async () => {
  kms = await startKms();
  const created = await rawKms(kms.endpoint, 'CreateKey', { MultiRegion: true });
  keyId = (created.json?.KeyMetadata as { KeyId: string } | undefined)?.KeyId as string;
});
afterAll(() => kms.close());

/** Every error is a 4xx with a JSON body naming its type, and the server keeps serving. */
function expectError(answer: { status: number; json: Record<string, unknown> | undefined }, type: string) {
  expect(answer.status).toBe(400);
  expect(answer.json?.__type).toBe(type);
}

describe('protocol guards, in AWS order', () => {
  it('answers SerializationException for garbage, non-object and non-UTF-8 JSON', async () => {
    for (const body of [
      '{',
      'not json',
      '[1,2]',
      'null',
      '"str"',
      '42',
      Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
    ]) {
      expectError(await rawKms(kms.endpoint, 'DescribeKey', body), 'SerializationException');
    }
  });

  it('answers SerializationException for an unsupported content type', async () => {
    const answer = await rawKms(kms.endpoint, 'ListKeys', '{}', { headers: { 'content-type': 'text/xml' } });
    expectError(answer, 'SerializationException');
  });

  it('answers UnknownOperationException for an unknown, missing or prototype-named target, or another path', async () => {
    for (const target of ['NoSuchOperation', 'constructor', '__proto__', 'toString', 'listKeys', '']) {
      expectError(await rawKms(kms.endpoint, target, {}), 'UnknownOperationException');
    }
    expectError(await rawKms(kms.endpoint, undefined, {}), 'UnknownOperationException');
    expectError(await rawKms(`${kms.endpoint}/other`, 'ListKeys', {}), 'UnknownOperationException');
    expectError(
      await rawKms(kms.endpoint, 'ListKeys', undefined, { method: 'GET' }),
      'UnknownOperationException',
    );
    const otherService = await rawKms(
      kms.endpoint,
      undefined,
      {},
      { headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' } },
    );
    expectError(otherService, 'UnknownOperationException');
  });

  it('checks the target before authentication, and authentication before validation', async () => {
    const noAuth = { headers: { authorization: '' } };
    expectError(await rawKms(kms.endpoint, 'Nope', {}, noAuth), 'UnknownOperationException');
    const missing = await rawKms(kms.endpoint, 'Encrypt', {}, noAuth);
    expectError(missing, 'MissingAuthenticationTokenException');
    const garbled = await rawKms(
      kms.endpoint,
      'Encrypt',
      {},
      { headers: { authorization: 'AWS4-HMAC-SHA256 nonsense' } },
    );
    expectError(garbled, 'IncompleteSignatureException');
    const badRegion = await rawKms(
      kms.endpoint,
      'ListKeys',
      {},
      { headers: { authorization: authorizationFor('Mars_1') } },
    );
    expectError(badRegion, 'UnrecognizedClientException');
  });
});

describe('input validation', () => {
  it('answers SerializationException for wrong JSON types', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['DescribeKey', { KeyId: 42 }],
      ['DescribeKey', { KeyId: ['a'] }],
      ['Encrypt', { KeyId: keyId, Plaintext: 'not*base64!' }],
      ['Encrypt', { KeyId: keyId, Plaintext: 'eA==', EncryptionContext: ['a'] }],
      ['Encrypt', { KeyId: keyId, Plaintext: 'eA==', EncryptionContext: { a: 1 } }],
      ['ListKeys', { Limit: 1.5 }],
      ['ListKeys', { Limit: '10' }],
      ['CreateKey', { Tags: { TagKey: 'a' } }],
      ['CreateKey', { Tags: [['a']] }],
      ['Encrypt', { KeyId: keyId, Plaintext: 'eA==', DryRun: 'true' }],
    ];
    for (const [target, body] of cases)
      expectError(await rawKms(kms.endpoint, target, body), 'SerializationException');
    // 1e400 parses as Infinity: not an integer.
    expectError(await rawKms(kms.endpoint, 'ListKeys', '{"Limit": 1e400}'), 'SerializationException');
  });

  it('answers ValidationException with AWS wording for over-long values, bad enums and missing members', async () => {
    const long = await rawKms(kms.endpoint, 'DescribeKey', { KeyId: 'k'.repeat(2049) });
    expectError(long, 'ValidationException');
    expect(long.json?.message).toBe(
      `1 validation error detected: Value '${'k'.repeat(2049)}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    );
    const enumAnswer = await rawKms(kms.endpoint, 'Sign', {
      KeyId: keyId,
      Message: 'eA==',
      SigningAlgorithm: 'MD5',
    });
    expect(enumAnswer.json?.message).toMatch(
      /^1 validation error detected: Value 'MD5' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: \[RSASSA_PSS_SHA_256, /,
    );
    const missing = await rawKms(kms.endpoint, 'Verify', { KeyId: keyId });
    expect(missing.json?.message).toMatch(/^3 validation errors detected: Value null at 'message'/);
    const tooManyTokens = await rawKms(kms.endpoint, 'DescribeKey', {
      KeyId: keyId,
      GrantTokens: Array(11).fill('t'),
    });
    expect(tooManyTokens.json?.message).toBe(
      "1 validation error detected: Value '[t, t, t, t, t, t, t, t, t, t, t]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  });

  it('ignores unknown members and survives prototype keys and deep nesting', async () => {
    const ok = await rawKms(kms.endpoint, 'DescribeKey', { KeyId: keyId, Unknown: { deep: [1, 2] } });
    expect(ok.status).toBe(200);
    const proto = await rawKms(kms.endpoint, 'DescribeKey', `{"__proto__": {"KeyId": "${keyId}"}}`);
    expectError(proto, 'ValidationException');
    const deep = `{"KeyId": "${keyId}", "X": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const answer = await rawKms(kms.endpoint, 'DescribeKey', deep);
    expect([200, 400]).toContain(answer.status);
    const contextProto = await rawKms(kms.endpoint, 'Encrypt', {
      KeyId: keyId,
      Plaintext: 'eA==',
      EncryptionContext: JSON.parse('{"__proto__": "x", "constructor": "y"}'),
    });
    expect(contextProto.status).toBe(200);
  });

  it('answers a body over 1 MiB with 413 RequestEntityTooLargeException, not a crash', async () => {
    const answer = await rawKms(kms.endpoint, 'Encrypt', {
      KeyId: keyId,
      Plaintext: 'A'.repeat(2 * 1024 * 1024),
    });
    expect(answer.status).toBe(413);
    expect(answer.json?.__type).toBe('RequestEntityTooLargeException');
  });

  it('still serves, with the state unchanged', async () => {
    const keys = await rawKms(kms.endpoint, 'ListKeys', {});
    expect(keys.status).toBe(200);
    expect(keys.json?.Keys).toHaveLength(1);
    expect(keys.text).not.toContain('null');
  });
});
