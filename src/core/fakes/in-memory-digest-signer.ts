// InMemoryDigestSigner: the AuditDigestSigner contract with a P-256 key per Region in memory, for tests.
import { createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { DigestSignature } from '../audit/audit-digest.js';
import type { AuditDigestSigner } from '../ports/audit-digest-signer.js';

export class InMemoryDigestSigner implements AuditDigestSigner {
  readonly #keys = new Map<string, { arn: string; privateKey: KeyObject; publicKey: KeyObject }>();
  signCalls = 0;

  async signDigest(region: string, message: string): Promise<DigestSignature> {
    this.signCalls += 1;
    const key = this.#key(region);
    const value = createSign('sha256').update(message).sign(key.privateKey).toString('base64');
    return { keyArn: key.arn, algorithm: 'ECDSA_SHA_256', value };
  }

  async verifyDigest(region: string, message: string, signature: DigestSignature): Promise<boolean> {
    const key = this.#keys.get(region);
    if (key === undefined || signature.keyArn !== key.arn || signature.algorithm !== 'ECDSA_SHA_256')
      return false;
    return createVerify('sha256')
      .update(message)
      .verify(key.publicKey, Buffer.from(signature.value, 'base64'));
  }

  #key(region: string) {
    let key = this.#keys.get(region);
    if (key === undefined) {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      key = { arn: `arn:aws:kms:${region}:111122223333:key/digest-${this.#keys.size + 1}`, ...pair };
      this.#keys.set(region, key);
    }
    return key;
  }
}
