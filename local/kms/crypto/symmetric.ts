// Symmetric ciphertext: AES-256-GCM under one material version, with a header that names the key
// id (not the Region, so every member of a set decrypts it) and the material version. The header
// and the encryption context (sorted keys) are the AAD.
import { createCipheriv, createDecipheriv } from 'node:crypto';

const FORMAT_VERSION = 1;
const MATERIAL_ID_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface ParsedCiphertext {
  keyId: string;
  materialId: string;
  header: Buffer;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

export function canonicalContext(context: Readonly<Record<string, string>> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

export function encryptSymmetric(
  keyId: string,
  material: { id: string; secret: Buffer },
  plaintext: Buffer,
  context: Readonly<Record<string, string>> | undefined,
  iv: Buffer,
): Buffer {
  const keyIdBytes = Buffer.from(keyId, 'ascii');
  const header = Buffer.concat([
    Buffer.from([FORMAT_VERSION, keyIdBytes.length]),
    keyIdBytes,
    Buffer.from(material.id, 'hex'),
    iv,
  ]);
  const cipher = createCipheriv('aes-256-gcm', material.secret, iv);
  cipher.setAAD(Buffer.concat([header, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, cipher.getAuthTag(), body]);
}

/** Parses the header; undefined when the blob is not one of ours (the caller answers InvalidCiphertext). */
export function parseCiphertext(blob: Buffer): ParsedCiphertext | undefined {
  if (blob.length < 2 || blob[0] !== FORMAT_VERSION) return undefined;
  const keyIdLength = blob[1] as number;
  const headerLength = 2 + keyIdLength + MATERIAL_ID_BYTES + IV_BYTES;
  if (blob.length < headerLength + TAG_BYTES) return undefined;
  const keyId = blob.subarray(2, 2 + keyIdLength).toString('ascii');
  const materialId = blob.subarray(2 + keyIdLength, 2 + keyIdLength + MATERIAL_ID_BYTES).toString('hex');
  return {
    keyId,
    materialId,
    header: blob.subarray(0, headerLength),
    iv: blob.subarray(headerLength - IV_BYTES, headerLength),
    tag: blob.subarray(headerLength, headerLength + TAG_BYTES),
    body: blob.subarray(headerLength + TAG_BYTES),
  };
}

/** Decrypts, or returns undefined when the tag does not verify (wrong context, tampering). */
export function decryptSymmetric(
  secret: Buffer,
  parsed: ParsedCiphertext,
  context: Readonly<Record<string, string>> | undefined,
): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, parsed.iv);
    decipher.setAAD(Buffer.concat([parsed.header, canonicalContext(context)]));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.body), decipher.final()]);
  } catch {
    return undefined;
  }
}
