// The local root key (DIR/root.key, 32 random bytes, mode 0600) and AES-256-GCM sealing of key material
// at rest under it. Losing the file loses every key's material, as losing an HSM would.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT_KEY_BYTES = 32;
const SEALED_PREFIX = 'gcm1:';

/** Reads DIR/root.key, creating it (exclusively, mode 0600) on first use. */
export function loadRootKey(dir: string): Buffer {
  const path = join(dir, 'root.key');
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(ROOT_KEY_BYTES), { mode: 0o600, flag: 'wx' });
  }
  const key = readFileSync(path);
  if (key.length !== ROOT_KEY_BYTES) {
    throw new Error(`${path} must hold exactly ${ROOT_KEY_BYTES} bytes (found ${key.length}).`);
  }
  // Tighten a key file someone copied in with looser permissions (no-op on file systems without modes).
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return key;
}

/** A purpose-bound key derived from the root key (the import-token key, ...). */
export function deriveKey(root: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `kms-emulator:${purpose}`, 32));
}

/** Seals `plaintext` under `key`, bound to `context` (the record id) so sealed values cannot be swapped. */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function unseal(key: Buffer, sealed: string, context: string): string {
  if (!sealed.startsWith(SEALED_PREFIX))
    throw new Error(`Sealed value for ${context} has an unknown format.`);
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`The root key does not open the stored material of ${context} (wrong root.key?).`);
  }
}
