// Cryptographically secure random bytes, drawn from a pre-filled pool: one native call per 8 KiB
// instead of one per request. A per-request randomBytes(12) for the AES-GCM IV was the largest
// emulator-side cost of Encrypt in a CPU profile. Same idea as node's own randomUUID buffer.
import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 8192;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES / 8) return randomBytes(size);
  if (offset + size > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  // A copy, never a view: the pool is refilled in place, and callers may keep the bytes (key material).
  const out = Buffer.allocUnsafe(size);
  pool.copy(out, 0, offset, offset + size);
  offset += size;
  return out;
}
