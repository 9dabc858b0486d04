// Lambda AuditDigestFunction: on its schedule, signs a digest of every audit chain head; logic in src/app/audit.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AuditAnchors } from '../../src/app/audit/audit-anchors.js';
import { loadAuditDigestConfig } from '../../src/app/audit/audit-digest-config.js';
import { buildAuditAnchors } from '../../src/app/audit/build-audit-anchors.js';
import { type DigestWritten, writeAuditDigest } from '../../src/app/audit/write-audit-digest.js';

export const createHandler =
  (deps: AuditAnchors, logger = new Logger(), metrics = new Metrics()) =>
  async (_event: unknown): Promise<DigestWritten> => {
    const written = await writeAuditDigest(deps);
    // The log keeps a copy of every digest hash outside the table: an independent record to compare with.
    logger.info('Audit digest written', { ...written });
    metrics.addMetric('AuditDigestChains', MetricUnit.Count, written.chainCount);
    metrics.publishStoredMetrics();
    return written;
  };

export const handler = createHandler(buildAuditAnchors(loadAuditDigestConfig()));
