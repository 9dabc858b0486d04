// Lambda AuditApiFunction: the audit routes of the REST API; logic in src/app/api.
import { loadApiConfig } from '../../src/app/api/api-config.js';
import type { ApiDeps } from '../../src/app/api/api-deps.js';
import type { ApiHandler } from '../../src/app/api/api-handler.js';
import { buildTracedApiDeps } from '../../src/app/api/build-traced-api-deps.js';
import { createAuditApiHandler } from '../../src/app/api/handlers/audit-api-handler.js';
import type { WithAuditAnchors } from '../../src/app/audit/audit-anchors.js';
import { loadAuditDigestConfig } from '../../src/app/audit/audit-digest-config.js';
import { buildAuditAnchors } from '../../src/app/audit/build-audit-anchors.js';

export const createHandler = (deps: ApiDeps & WithAuditAnchors): ApiHandler => createAuditApiHandler(deps);

// Verification also checks the signed digests (KMS GetPublicKey on the digest key; never Sign).
export const handler = createHandler({
  ...buildTracedApiDeps(loadApiConfig()),
  auditAnchors: buildAuditAnchors(loadAuditDigestConfig()),
});
