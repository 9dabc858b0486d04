// Building the audit hash chain: deterministic event ids, the hash of an event, and the next link.
import { ValidationError } from '../errors.js';
import { canonicalJson, sha256Hex } from '../json/canonical-json.js';
import { type AuditEvent, type AuditEventInput, GENESIS_HASH } from '../model/audit-event.js';

const STEP_PATTERN = /^[A-Za-z0-9._:@/-]{1,200}$/;

/**
 * The event id of a workflow step: the same operation and step always give the same id, so a
 * retried task appends nothing new. `step` is e.g. `replicate:eu-west-1` or `lock`.
 */
export function auditEventId(operationId: string, step: string): string {
  if (!STEP_PATTERN.test(step)) {
    throw new ValidationError(`Invalid audit step ${JSON.stringify(step)}`, { details: { step } });
  }
  return `${operationId}/${step}`;
}

/** SHA-256 over the canonical JSON of the event without its own `hash` field. */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...body } = event;
  return sha256Hex(canonicalJson(body));
}

/**
 * The event that follows `prev` in its chain (or starts the chain when `prev` is undefined).
 * Throws ValidationError if `prev` belongs to another chain or the time runs backwards, since a
 * verifier merging chains by time would otherwise misorder them.
 */
export function nextAuditEvent(prev: AuditEvent | undefined, input: AuditEventInput): AuditEvent {
  if (Number.isNaN(Date.parse(input.at))) {
    throw new ValidationError(`Audit event time ${JSON.stringify(input.at)} is not an ISO time`);
  }
  if (prev !== undefined && (prev.keyId !== input.keyId || prev.writerRegion !== input.writerRegion)) {
    throw new ValidationError('The previous audit event belongs to another chain', {
      details: { expected: [input.keyId, input.writerRegion], got: [prev.keyId, prev.writerRegion] },
    });
  }
  // Clocks of one writer Region can step back a little; keep the chain monotonic rather than reject.
  const at = prev !== undefined && Date.parse(input.at) < Date.parse(prev.at) ? prev.at : input.at;
  const body = dropUndefined({
    ...input,
    at,
    sequence: prev === undefined ? 1 : prev.sequence + 1,
    prevHash: prev === undefined ? GENESIS_HASH : prev.hash,
  });
  return { ...body, hash: hashAuditEvent(body) };
}

// Stored items lose undefined fields; dropping them here makes the in-memory event equal the stored one.
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
