// Every denial is logged; only denials an accountable caller earns are written to the tamper-evident trail.
//
// The audit trail must not be a write path for strangers: a request without a verified identity, or one
// that names a key that does not exist (or one the caller's tenants cannot see), goes to the logs and the
// request metrics (`Requests` with outcome `Denied`) only. An authenticated caller denied on a key it can
// see is audited on that key's chain; one denied on a fleet route (no key) on the `api` chain.
import type { Principal } from '../../core/guardrails/check-guardrails.js';
import { isMrkKeyId } from '../../core/identifiers/key-id.js';
import type { KeySetRepository } from '../../core/ports/key-set-repository.js';
import { canSeeTenant, hasPermission, type Permission } from '../auth/roles.js';
import type { ApiDeps } from './api-deps.js';

/** The audit chain of authenticated denials that name no key (a fleet route such as POST /keys). */
export const API_AUDIT_KEY = 'api';

export interface Denial {
  readonly requestId: string;
  readonly principal: Principal | undefined;
  readonly route: string;
  readonly reason: string;
  readonly status: number;
  readonly keyId?: string | undefined;
}

/** Where a denial goes: a key's chain, the `api` chain, or the logs only (with why). */
export type DenialTarget =
  | { readonly audited: true; readonly keyId: string }
  | { readonly audited: false; readonly why: 'anonymous' | 'unknown-key' };

const VISIBILITY: readonly Permission[] = ['keys:read', 'keys:write', 'audit:read'];

/**
 * A key counts as visible when the caller could see it under any permission it holds; a caller with no
 * permission at all on the key's tenant learns nothing and writes nothing.
 */
export async function denialTarget(
  keySets: Pick<KeySetRepository, 'get'> | undefined,
  denial: Pick<Denial, 'principal' | 'keyId'>,
): Promise<DenialTarget> {
  const { principal, keyId } = denial;
  if (principal === undefined || principal.sub === 'anonymous') return { audited: false, why: 'anonymous' };
  if (keyId === undefined) return { audited: true, keyId: API_AUDIT_KEY };
  if (!isMrkKeyId(keyId) || keySets === undefined) return { audited: false, why: 'unknown-key' };
  const keySet = await keySets.get(keyId);
  if (keySet === undefined) return { audited: false, why: 'unknown-key' };
  const visible = VISIBILITY.some(
    (permission) =>
      hasPermission(principal, permission) && canSeeTenant(principal, permission, keySet.tenant),
  );
  return visible ? { audited: true, keyId } : { audited: false, why: 'unknown-key' };
}

export async function recordDenial(
  deps: Pick<ApiDeps, 'audit' | 'clock' | 'writerRegion' | 'telemetry'> & {
    readonly keySets?: Pick<KeySetRepository, 'get'> | undefined;
  },
  denial: Denial,
): Promise<void> {
  const actor = denial.principal?.sub ?? 'anonymous';
  let target: DenialTarget;
  try {
    target = await denialTarget(deps.keySets, denial);
  } catch (error) {
    // The key lookup failed: never let that turn a denial into a trail entry (or an error).
    deps.telemetry.logger.error('Could not classify a denial', { error });
    target = { audited: false, why: 'unknown-key' };
  }
  deps.telemetry.logger.warn('Request denied', {
    reason: denial.reason,
    status: denial.status,
    keyId: denial.keyId,
    principal: actor,
    route: denial.route,
    audited: target.audited,
    ...(!target.audited && { notAuditedBecause: target.why }),
  });
  if (!target.audited) return;
  try {
    await deps.audit.append({
      eventId: `${denial.requestId}/denied`,
      keyId: target.keyId,
      writerRegion: deps.writerRegion,
      at: deps.clock.now().toISOString(),
      actor,
      action: 'RequestDenied',
      requestId: denial.requestId,
      result: 'Denied',
      details: { route: denial.route, reason: denial.reason, status: denial.status },
    });
  } catch (error) {
    deps.telemetry.logger.error('Could not audit a denial', { error });
  }
}
