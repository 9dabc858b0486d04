// Encrypting and decrypting under a KMS key, shared by Encrypt, Decrypt, ReEncrypt and the
// data-key operations: symmetric keys use the AES-GCM ciphertext format (any member of a set
// decrypts a sibling's ciphertext), RSA keys use OAEP with the size limits of KMS-MRK-SPEC section 9.
import { privateKeyOf, publicKeyOf, secretOf } from '../crypto/key-cache.js';
import {
  isRsaEncryptionAlgorithm,
  maxRsaPlaintext,
  rsaDecrypt,
  rsaEncrypt,
} from '../crypto/rsa-encryption.js';
import { decryptSymmetric, encryptSymmetric, parseCiphertext } from '../crypto/symmetric.js';
import { type ResolvedKey, resolveKey } from '../model/resolve.js';
import { assertUsage, currentMaterial, materialById } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import { blob, enumOf, list } from '../protocol/shapes.js';
import type { OperationContext } from './operation.js';

export const ENCRYPTION_ALGORITHMS = [
  'SYMMETRIC_DEFAULT',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'SM2PKE',
] as const;

export type EncryptionContext = Readonly<Record<string, string>> | undefined;

export interface Encrypted {
  blob: Buffer;
  algorithm: string;
  /** Symmetric keys only: the material version used. */
  materialId?: string;
}

function incompatible(algorithm: string, keySpec: string) {
  return errors.invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`);
}

/** Checks that `resolved` can encrypt with `algorithm` (usage, spec, size); throws AWS's errors. */
export function checkEncryption(
  { shared, key }: ResolvedKey,
  algorithm: string,
  plaintext: Buffer,
  context: EncryptionContext,
  operation: string,
): void {
  assertUsage(shared, key, 'ENCRYPT_DECRYPT', operation);
  if (shared.keySpec === 'SYMMETRIC_DEFAULT') {
    if (algorithm !== 'SYMMETRIC_DEFAULT') throw incompatible(algorithm, shared.keySpec);
    return;
  }
  if (!isRsaEncryptionAlgorithm(algorithm)) throw incompatible(algorithm, shared.keySpec);
  // UNCONFIRMED: AWS rejects an encryption context with asymmetric keys; the error and wording are ours.
  if (context && Object.keys(context).length > 0)
    throw errors.validation('EncryptionContext is not supported with asymmetric KMS keys.');
  const limit = maxRsaPlaintext(shared.keySpec, algorithm);
  if (plaintext.length > limit) {
    throw errors.validation(
      `Algorithm ${algorithm} and key spec ${shared.keySpec} cannot encrypt data larger than ${limit} bytes.`,
    );
  }
}

/** Encrypts after checkEncryption passed. */
export function encryptUnder(
  ctx: OperationContext,
  { shared, key }: ResolvedKey,
  algorithm: string,
  plaintext: Buffer,
  context: EncryptionContext,
): Encrypted {
  const material = currentMaterial(shared, key);
  if (isRsaEncryptionAlgorithm(algorithm)) {
    return { blob: rsaEncrypt(publicKeyOf(material), algorithm, plaintext), algorithm };
  }
  const secret = secretOf(material);
  const ciphertext = encryptSymmetric(
    shared.keyId,
    { id: material.id, secret },
    plaintext,
    context,
    ctx.random(12),
  );
  return { blob: ciphertext, algorithm, materialId: material.id };
}

/** The CiphertextBlob that Decrypt and ReEncrypt take (AWS's length limits). */
export const ciphertextBlobShape = blob({ min: 1, max: 6144 });

export const DRY_RUN_MODIFIERS = list(enumOf(['IGNORE_CIPHERTEXT']));

/** DryRun with the IGNORE_CIPHERTEXT modifier: check the key only, not the ciphertext. */
export function ignoresCiphertext(input: { DryRun?: boolean; DryRunModifiers?: string[] }): boolean {
  return input.DryRun === true && (input.DryRunModifiers ?? []).includes('IGNORE_CIPHERTEXT');
}

export interface DecryptRequest {
  blob: Buffer;
  keyId?: string;
  algorithm?: string;
  context: EncryptionContext;
  /** The operation name for key-state and key-usage messages (Decrypt, ReEncrypt). */
  operation: string;
  /** DryRun with IGNORE_CIPHERTEXT: stop with DryRunOperationException once the key checks pass. */
  dryRunIgnoringCiphertext?: boolean;
}

export interface Decrypted {
  resolved: ResolvedKey;
  plaintext: Buffer;
  algorithm: string;
  materialId?: string;
}

/** The KMS action a decryption needs: ReEncrypt decrypts with kms:ReEncryptFrom. */
function actionOf(request: DecryptRequest): string {
  return request.operation === 'ReEncrypt' ? 'ReEncryptFrom' : 'Decrypt';
}

/** The account holding a key id in this Region: the caller's own first, then any other (ids are unique). */
function ownerOf(ctx: OperationContext, keyId: string): string {
  if (ctx.store.regional(ctx.account, ctx.region, keyId)) return ctx.account;
  return (
    ctx.store.accounts().find((account) => ctx.store.regional(account, ctx.region, keyId)) ?? ctx.account
  );
}

export function decryptBlob(ctx: OperationContext, request: DecryptRequest): Decrypted {
  const algorithm = request.algorithm ?? 'SYMMETRIC_DEFAULT';
  if (isRsaEncryptionAlgorithm(algorithm)) return decryptRsa(ctx, request, algorithm);
  if (algorithm !== 'SYMMETRIC_DEFAULT') {
    const named =
      request.keyId === undefined
        ? undefined
        : resolveKey(ctx, request.keyId, { aliases: true, action: actionOf(request) });
    throw incompatible(algorithm, named?.shared.keySpec ?? 'SYMMETRIC_DEFAULT');
  }
  const named =
    request.keyId === undefined
      ? undefined
      : resolveKey(ctx, request.keyId, {
          aliases: true,
          operation: request.operation,
          action: actionOf(request),
        });
  if (named && named.shared.keyUsage === 'ENCRYPT_DECRYPT' && named.shared.keySpec !== 'SYMMETRIC_DEFAULT')
    throw incompatible(algorithm, named.shared.keySpec);
  const parsed = parseCiphertext(request.blob);
  if (named && request.dryRunIgnoringCiphertext) {
    assertUsage(named.shared, named.key, 'ENCRYPT_DECRYPT', request.operation);
    throw errors.dryRun();
  }
  if (!parsed) throw errors.invalidCiphertext();
  // Ciphertext binds the key id, not the Region: the caller's member of the set decrypts it.
  if (named && named.shared.keyId !== parsed.keyId) throw errors.incorrectKey();
  // UNCONFIRMED what AWS answers when no related key exists in this Region; single-Region reports suggest this.
  // A key of another account is named by its ARN (KeyId), or found by the id the ciphertext binds.
  const account = named?.shared.account ?? ownerOf(ctx, parsed.keyId);
  const key = ctx.store.regional(account, ctx.region, parsed.keyId);
  if (!key) throw errors.invalidCiphertext();
  const resolved = resolveKey(ctx, key.arn, {
    aliases: false,
    operation: request.operation,
    action: actionOf(request),
  });
  assertUsage(resolved.shared, resolved.key, 'ENCRYPT_DECRYPT', request.operation);
  if (request.dryRunIgnoringCiphertext) throw errors.dryRun();
  const material = materialById(resolved.shared, resolved.key, parsed.materialId);
  if (!material?.secret) throw errors.invalidCiphertext();
  const plaintext = decryptSymmetric(secretOf(material), parsed, request.context);
  if (!plaintext) throw errors.invalidCiphertext();
  return { resolved, plaintext, algorithm, materialId: material.id };
}

function decryptRsa(
  ctx: OperationContext,
  request: DecryptRequest,
  algorithm: 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256',
): Decrypted {
  // UNCONFIRMED: AWS needs KeyId for asymmetric ciphertext; the error and wording are ours.
  if (request.keyId === undefined)
    throw errors.validation(`KeyId is required when EncryptionAlgorithm is ${algorithm}.`);
  const resolved = resolveKey(ctx, request.keyId, {
    aliases: true,
    operation: request.operation,
    action: actionOf(request),
  });
  const { shared, key } = resolved;
  assertUsage(shared, key, 'ENCRYPT_DECRYPT', request.operation);
  if (shared.keySpec === 'SYMMETRIC_DEFAULT') throw incompatible(algorithm, shared.keySpec);
  if (request.dryRunIgnoringCiphertext) throw errors.dryRun();
  const plaintext = rsaDecrypt(privateKeyOf(currentMaterial(shared, key)), algorithm, request.blob);
  if (!plaintext) throw errors.invalidCiphertext();
  return { resolved, plaintext, algorithm };
}
