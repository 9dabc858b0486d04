// The fingerprint of a request for idempotency: method, concrete path, query and body, canonically.
import { canonicalJson, sha256Hex } from '../../../core/json/canonical-json.js';
import type { ParsedRequest } from '../../http/api-types.js';

export function requestHash(request: Pick<ParsedRequest, 'method' | 'path' | 'query' | 'body'>): string {
  return sha256Hex(
    canonicalJson({
      method: request.method,
      path: request.path,
      query: request.query,
      body: request.body === undefined ? null : request.body,
    }),
  );
}
