// Reads a request body with a size cap, so a huge or endless upload cannot exhaust memory. Plain
// 'data'/'end' listeners rather than an async iterator: this runs on every request's hot path.
import type { IncomingMessage } from 'node:http';
import { errors } from './errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length']) > limit;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge || size > limit) {
        // Keep draining (and dropping) the rest so the connection can still carry the error answer.
        tooLarge = true;
        chunks.length = 0;
        // An upload far beyond the cap is cut off rather than drained for ever.
        if (size > DRAIN_LIMIT_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(errors.requestTooLarge());
    });
    req.once('end', () => {
      req.off('data', onData);
      if (tooLarge) reject(errors.requestTooLarge());
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
  });
}
