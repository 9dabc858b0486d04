import { describe, expect, it } from 'vitest';
import { KmsStore } from '../../../local/kms/model/store.js';
import { QuotaLimiter } from '../../../local/kms/quotas.js';

function limiter(scale = 1) {
  const clock = { ms: 0 };
  const quotas = new QuotaLimiter({ enabled: true, scale }, new KmsStore(), () => clock.ms);
  const call = (operation: string, input: Record<string, unknown> = {}, region = 'us-east-1') => {
    try {
      quotas.intercept({ operation, region, account: '111122223333', input });
      return 'ok';
    } catch (error) {
      return (error as { type: string }).type;
    }
  };
  return { quotas, clock, call };
}

describe('QuotaLimiter (token bucket per account, Region and quota)', () => {
  it('allows a burst of one second of the rate, then refills at the rate', () => {
    const { clock, call } = limiter();
    const burst = Array.from({ length: 6 }, () => call('CreateKey'));
    expect(burst).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ThrottlingException']);
    clock.ms += 200; // 5 per second -> one token
    expect([call('CreateKey'), call('CreateKey')]).toEqual(['ok', 'ThrottlingException']);
  });

  it('scales every quota, keeping at least one request possible', () => {
    const { clock, call } = limiter(0.1); // CreateKey 0.5/s
    expect([call('CreateKey'), call('CreateKey')]).toEqual(['ok', 'ThrottlingException']);
    clock.ms += 1999;
    expect(call('CreateKey')).toBe('ThrottlingException');
    clock.ms += 1;
    expect(call('CreateKey')).toBe('ok');
  });

  it('charges ReplicateKey 2 CreateKey in the replica Region, even beyond a bucket of 1', () => {
    const { clock, call } = limiter(0.1);
    expect(call('ReplicateKey', { ReplicaRegion: 'eu-west-1' })).toBe('ok');
    clock.ms += 2000; // one token back, but the bucket is in debt by one
    expect(call('CreateKey', {}, 'eu-west-1')).toBe('ThrottlingException');
    clock.ms += 2000;
    expect(call('CreateKey', {}, 'eu-west-1')).toBe('ok');
  });

  it('does nothing when disabled, and counts throttled calls per Region and quota', () => {
    const { quotas, call } = limiter(0.01);
    call('GenerateDataKeyPair', { KeyPairSpec: 'RSA_4096' });
    call('GenerateDataKeyPair', { KeyPairSpec: 'RSA_4096' });
    call('TagResource', {}, 'eu-west-1');
    call('TagResource', {}, 'eu-west-1');
    expect(quotas.view().throttled).toEqual({
      'us-east-1': { 'GenerateDataKeyPair (RSA_4096)': 1 },
      'eu-west-1': { TagResource: 1 },
    });
    quotas.configure({ enabled: false });
    expect(
      Array.from({ length: 10 }, () => call('TagResource', {}, 'eu-west-1')).every((r) => r === 'ok'),
    ).toBe(true);
  });

  it('charges an RSA key named by alias name or alias ARN to the RSA pool', () => {
    const store = new KmsStore();
    const account = '111122223333';
    const keyId = 'mrk-0123456789abcdef0123456789abcdef';
    store.putShared({ account, keyId, keySpec: 'RSA_2048' } as never);
    store.putAlias(account, 'us-east-1', {
      aliasName: 'alias/rsa',
      targetKeyId: keyId,
      creationDate: 0,
      lastUpdatedDate: 0,
    });
    const quotas = new QuotaLimiter({ enabled: true, scale: 0.001 }, store, () => 0);
    const sign = (KeyId: string) => {
      try {
        quotas.intercept({ operation: 'Sign', region: 'us-east-1', account, input: { KeyId } });
      } catch {}
    };
    sign('alias/rsa');
    sign('alias/rsa');
    sign(`arn:aws:kms:us-east-1:${account}:alias/rsa`);
    expect(quotas.view().throttled).toEqual({ 'us-east-1': { 'Cryptographic operations (RSA)': 2 } });
  });
});
