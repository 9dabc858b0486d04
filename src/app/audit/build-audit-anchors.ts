// Composition root of the signed audit digests: the digest store over KeysTable and the KMS signer.
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../../adapters/aws/clients.js';
import { DynamoAuditDigestStore } from '../../adapters/aws/dynamodb/dynamo-audit-digest-store.js';
import { KeysTable } from '../../adapters/aws/dynamodb/keys-table.js';
import { KmsAuditDigestSigner } from '../../adapters/aws/kms/kms-audit-digest-signer.js';
import type { Clock } from '../../core/ports/clock.js';
import { systemClock } from '../system-clock.js';
import type { AuditAnchors } from './audit-anchors.js';
import type { AuditDigestConfig } from './audit-digest-config.js';

export interface AuditAnchorOverrides {
  readonly clock?: Clock;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Called with each new SDK client (the API's tracer). */
  readonly instrument?: ((client: object) => unknown) | undefined;
}

export function buildAuditAnchors(
  config: AuditDigestConfig,
  overrides: AuditAnchorOverrides = {},
): AuditAnchors {
  const { base } = config;
  const table = new KeysTable({
    client: createDocumentClient({
      region: base.region,
      endpoint: base.endpoints.dynamodb,
      credentials: overrides.credentials,
      instrument: overrides.instrument,
    }),
    tableName: base.keysTableName,
    // Digest reads page within one invocation only, so a per-container secret is enough.
    pageTokenSecret: randomBytes(24).toString('hex'),
  });
  return {
    store: new DynamoAuditDigestStore(table),
    signer: new KmsAuditDigestSigner({ endpoint: base.endpoints.kms, credentials: overrides.credentials }),
    clock: overrides.clock ?? systemClock,
    writerRegion: base.region,
    intervalMs: config.intervalMs,
  };
}
