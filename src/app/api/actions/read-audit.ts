// GET /keys/{keyId}/audit and GET /audit: the audit trail, with ?verify=true checking the hash chains and,
// where the deps carry the audit anchors, the signed digests (no chain cut below a digested head).
import type { DigestVerification } from '../../../core/audit/audit-digest.js';
import { verifyAuditChains } from '../../../core/audit/verify-audit-chains.js';
import { ValidationError } from '../../../core/errors.js';
import type { AuditEvent } from '../../../core/model/audit-event.js';
import type { AuditLog } from '../../../core/ports/audit-log.js';
import type { WithAuditAnchors } from '../../audit/audit-anchors.js';
import { verifyAuditAnchors } from '../../audit/verify-audit-anchors.js';
import { readAuditRange } from '../../drift/read-audit-range.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import { loadKeyFor } from './load-key.js';

/** The most events a verification reads; a longer trail is verified in windows by the CLI. */
const MAX_VERIFIED_EVENTS = 10_000;

interface AuditQuery {
  verify: boolean;
  limit?: number | undefined;
  nextToken?: string | undefined;
}

export async function keyAudit(
  context: RouteContext<{ keyId: string }, AuditQuery, undefined>,
): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'audit:read');
  const { audit } = context.deps;
  const page = await audit.listByKey(keySet.keyId, {
    limit: context.query.limit ?? 50,
    nextToken: context.query.nextToken,
  });
  const verification = context.query.verify
    ? summary(await chainsOfKey(audit, keySet.keyId), await digestsOf(context, keySet.keyId))
    : undefined;
  return answer(page.items, page.nextToken, verification);
}

interface FleetQuery extends AuditQuery {
  day?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  region?: string | undefined;
}

/**
 * One UTC day of every key (default: today), or the range from..to, filtered by actor and Region;
 * verification re-reads each chain the page touched.
 */
export async function fleetAudit(
  context: RouteContext<undefined, FleetQuery, undefined>,
): Promise<ApiAnswer> {
  const { audit, clock } = context.deps;
  const { query } = context;
  const day = query.day ?? clock.now().toISOString().slice(0, 10);
  const ranged = [query.from, query.to, query.actor, query.region].some((value) => value !== undefined);
  if (query.day !== undefined && (query.from !== undefined || query.to !== undefined)) {
    throw new ValidationError('Give day or from/to, not both', { details: { field: 'day' } });
  }
  const limit = query.limit ?? 50;
  const page = ranged
    ? await readAuditRange(audit, {
        from: query.from ?? `${day}T00:00:00.000Z`,
        to:
          query.to ??
          (query.day === undefined && query.from !== undefined
            ? clock.now().toISOString()
            : `${day}T23:59:59.999Z`),
        actor: query.actor,
        region: query.region,
        limit,
        nextToken: query.nextToken,
      })
    : await audit.listByDay(day, { limit, nextToken: query.nextToken });
  let verification: ReturnType<typeof summary> | undefined;
  if (context.query.verify) {
    const chains = new Map(page.items.map((event) => [`${event.keyId}#${event.writerRegion}`, event]));
    const events: AuditEvent[] = [];
    for (const event of chains.values()) {
      events.push(...(await readChain(audit, event.keyId, event.writerRegion)));
    }
    verification = summary(events, await digestsOf(context, undefined));
  }
  return answer(page.items, page.nextToken, verification);
}

/**
 * Verification reads every writer Region's chain from the table itself (strongly consistent), not the
 * per-key index: a GSI may lag (DynamoDB) or keep an entry whose item write was cut off (dynalite after
 * kill -9), and the chain in the table is what the hashes protect.
 */
async function chainsOfKey(audit: AuditLog, keyId: string): Promise<AuditEvent[]> {
  const listed = await readAll((token) => audit.listByKey(keyId, { limit: 1000, nextToken: token }));
  const events: AuditEvent[] = [];
  for (const writerRegion of new Set(listed.map((event) => event.writerRegion))) {
    events.push(...(await readChain(audit, keyId, writerRegion)));
  }
  return events;
}

async function readChain(audit: AuditLog, keyId: string, writerRegion: string): Promise<AuditEvent[]> {
  return readAll((token) => audit.readChain(keyId, writerRegion, { limit: 1000, nextToken: token }));
}

async function readAll(
  read: (
    token: string | undefined,
  ) => Promise<{ items: readonly AuditEvent[]; nextToken?: string | undefined }>,
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    events.push(...page.items);
    token = page.nextToken;
  } while (token !== undefined && events.length < MAX_VERIFIED_EVENTS);
  return events;
}

/** The signed-digest check (one key's chains, or every chain), when this deployment has the anchors. */
async function digestsOf(
  context: RouteContext<unknown, unknown, undefined>,
  keyId: string | undefined,
): Promise<DigestVerification | undefined> {
  const anchors = (context.deps as typeof context.deps & WithAuditAnchors).auditAnchors;
  return anchors === undefined ? undefined : verifyAuditAnchors(anchors, { keyId });
}

/** `valid` holds only when every hash link holds and, with the anchors, every digest check too. */
function summary(events: readonly AuditEvent[], digests: DigestVerification | undefined) {
  const result = verifyAuditChains(events);
  return {
    valid: result.valid && (digests === undefined || digests.valid),
    chains: [...result.chains],
    brokenCount: result.brokenCount,
    ...(result.firstBroken !== undefined && { firstBroken: { ...result.firstBroken } }),
    ...(digests !== undefined && {
      digests: {
        valid: digests.valid,
        digestCount: digests.digestCount,
        ...(digests.latest !== undefined && { latest: { ...digests.latest } }),
        checkedHeads: digests.checkedHeads,
        problems: digests.problems.map((problem) => ({ ...problem })),
        warnings: digests.warnings.map((warning) => ({ ...warning })),
      },
    }),
  };
}

function answer(
  items: readonly AuditEvent[],
  nextToken: string | undefined,
  verification: unknown,
): ApiAnswer {
  return {
    status: 200,
    body: {
      items,
      ...(nextToken !== undefined && { nextToken }),
      ...(verification !== undefined && { verification }),
    },
  };
}
