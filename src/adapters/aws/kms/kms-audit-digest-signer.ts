// KmsAuditDigestSigner: the control plane's own asymmetric KMS key signs the audit digests (KMS Sign);
// signatures are checked with its public key (GetPublicKey, once per key) and node:crypto.
//
// The key is single-Region (never an mrk-, so the drift scan's unmanaged-key search never sees it), ECC
// NIST P-256 for SIGN_VERIFY, tagged `mrk-control-plane:purpose=audit-digest` (what the IAM policy of
// template.yaml conditions on) and found again by its alias. It is created on first use; when two writers
// create it at once, the one whose alias lost uses the winner's key, and its own key stays unused (tagged,
// never aliased; the writer holds no right to delete keys).
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetPublicKeyCommand,
  SignCommand,
} from '@aws-sdk/client-kms';
import type { DigestSignature } from '../../../core/audit/audit-digest.js';
import { ConflictError, NotFoundError } from '../../../core/errors.js';
import type { AuditDigestSigner } from '../../../core/ports/audit-digest-signer.js';
import { callKms } from './call-kms.js';
import { KmsClientPool, type KmsClientPoolOptions } from './kms-client-pool.js';

export const AUDIT_DIGEST_ALIAS = 'alias/mrk-control-plane/audit-digest';
export const AUDIT_DIGEST_PURPOSE_TAG = { TagKey: 'mrk-control-plane:purpose', TagValue: 'audit-digest' };
const ALGORITHM = 'ECDSA_SHA_256';

export interface KmsAuditDigestSignerOptions extends KmsClientPoolOptions {
  readonly alias?: string | undefined;
}

export class KmsAuditDigestSigner implements AuditDigestSigner {
  readonly #pool: KmsClientPool;
  readonly #alias: string;
  /** Region -> the key ARN the alias names (kept for the life of the container). */
  readonly #keys = new Map<string, string>();
  /** Key ARN -> its public key. */
  readonly #publicKeys = new Map<string, KeyObject>();

  constructor(options: KmsAuditDigestSignerOptions = {}) {
    this.#pool = new KmsClientPool(options);
    this.#alias = options.alias ?? AUDIT_DIGEST_ALIAS;
  }

  async signDigest(region: string, message: string): Promise<DigestSignature> {
    const keyArn = (await this.#keyArn(region)) ?? (await this.#createKey(region));
    const result = await callKms(this.#pool, region, 'Sign', keyArn, (client) =>
      client.send(
        new SignCommand({
          KeyId: keyArn,
          Message: Buffer.from(message, 'utf8'),
          MessageType: 'RAW',
          SigningAlgorithm: ALGORITHM,
        }),
      ),
    );
    if (result.Signature === undefined)
      throw new ConflictError(`KMS Sign in ${region} returned no signature`);
    return {
      keyArn: result.KeyId ?? keyArn,
      algorithm: ALGORITHM,
      value: Buffer.from(result.Signature).toString('base64'),
    };
  }

  async verifyDigest(region: string, message: string, signature: DigestSignature): Promise<boolean> {
    const keyArn = await this.#keyArn(region);
    if (keyArn === undefined || signature.keyArn !== keyArn || signature.algorithm !== ALGORITHM)
      return false;
    const publicKey = await this.#publicKey(region, keyArn);
    try {
      return verify(
        'sha256',
        Buffer.from(message, 'utf8'),
        publicKey,
        Buffer.from(signature.value, 'base64'),
      );
    } catch {
      // A value that is not a DER signature at all.
      return false;
    }
  }

  destroy(): void {
    this.#pool.destroy();
  }

  async #keyArn(region: string): Promise<string | undefined> {
    const known = this.#keys.get(region);
    if (known !== undefined) return known;
    try {
      const described = await callKms(this.#pool, region, 'DescribeKey', this.#alias, (client) =>
        client.send(new DescribeKeyCommand({ KeyId: this.#alias })),
      );
      const arn = described.KeyMetadata?.Arn;
      if (arn !== undefined) this.#keys.set(region, arn);
      return arn;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async #createKey(region: string): Promise<string> {
    const created = await callKms(this.#pool, region, 'CreateKey', undefined, (client) =>
      client.send(
        new CreateKeyCommand({
          KeySpec: 'ECC_NIST_P256',
          KeyUsage: 'SIGN_VERIFY',
          MultiRegion: false,
          Description: 'mrk-control-plane: signs the audit digests (do not delete)',
          Tags: [AUDIT_DIGEST_PURPOSE_TAG],
        }),
      ),
    );
    const keyArn = created.KeyMetadata?.Arn;
    if (keyArn === undefined) throw new ConflictError(`KMS CreateKey in ${region} returned no key`);
    try {
      await callKms(this.#pool, region, 'CreateAlias', keyArn, (client) =>
        client.send(new CreateAliasCommand({ AliasName: this.#alias, TargetKeyId: keyArn })),
      );
      this.#keys.set(region, keyArn);
      return keyArn;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Another writer's key took the alias first: use it.
      const winner = await this.#keyArn(region);
      if (winner === undefined) throw error;
      return winner;
    }
  }

  async #publicKey(region: string, keyArn: string): Promise<KeyObject> {
    let key = this.#publicKeys.get(keyArn);
    if (key === undefined) {
      const result = await callKms(this.#pool, region, 'GetPublicKey', keyArn, (client) =>
        client.send(new GetPublicKeyCommand({ KeyId: keyArn })),
      );
      if (result.PublicKey === undefined)
        throw new ConflictError(`KMS GetPublicKey in ${region} returned no key`);
      key = createPublicKey({ key: Buffer.from(result.PublicKey), format: 'der', type: 'spki' });
      this.#publicKeys.set(keyArn, key);
    }
    return key;
  }
}
