// The OpenAPI document states the real limits the API enforces before any KMS call.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/app/api/openapi/openapi-document.js';
import { KEY_SET_ITEM_BUDGET_BYTES } from '../../../src/app/api/schemas/key-set-budget.js';

// biome-ignore lint/suspicious/noExplicitAny: the document is read as loose JSON.
const document = openApiDocument() as any;

describe('limits in the OpenAPI document', () => {
  it('lists body size, JSON depth, policy size and the key set storage budget', () => {
    expect(document['x-limits']).toEqual({
      bodyBytes: 262_144,
      jsonDepth: 64,
      policyBytes: 32_768,
      keySetStorageBytes: KEY_SET_ITEM_BUDGET_BYTES,
    });
    expect(document.info.description).toContain('__proto__');
  });

  it('the create and update bodies name the storage budget, the policy its size and lockout rule', () => {
    const create = document.paths['/keys'].post.requestBody.content['application/json'].schema;
    expect(create.description).toContain(`${KEY_SET_ITEM_BUDGET_BYTES} bytes`);
    expect(create.properties.policy.description).toMatch(/32768 bytes.*kms:PutKeyPolicy/s);
    const update = document.paths['/keys/{keyId}'].patch.requestBody.content['application/json'].schema;
    expect(update.description).toContain(`${KEY_SET_ITEM_BUDGET_BYTES} bytes`);
  });
});
