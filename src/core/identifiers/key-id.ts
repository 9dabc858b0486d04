// KMS key ids: single-Region UUIDs and multi-Region `mrk-` ids (KMS-MRK-SPEC section 1).
import { ValidationError } from '../errors.js';

export const MRK_KEY_ID_PATTERN = /^mrk-[0-9a-f]{32}$/;
export const UUID_KEY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const ACCOUNT_PATTERN = /^\d{12}$/;

/** True for a multi-Region key id: `mrk-` and 32 lowercase hex digits. */
export function isMrkKeyId(value: string): boolean {
  return MRK_KEY_ID_PATTERN.test(value);
}

/** True for any well-formed KMS key id (UUID or `mrk-`). */
export function isKeyId(value: string): boolean {
  return MRK_KEY_ID_PATTERN.test(value) || UUID_KEY_ID_PATTERN.test(value);
}

/** Builds an `mrk-` id from 16 random bytes (the caller supplies them: core does no I/O). */
export function mrkKeyIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new ValidationError('An mrk- key id needs exactly 16 bytes');
  return `mrk-${Buffer.from(bytes).toString('hex')}`;
}
