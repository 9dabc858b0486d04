// Every denial is logged and audited with its reason; a failing audit write never changes the answer.
import type { Principal } from '../../core/guardrails/check-guardrails.js';
import { isMrkKeyId } from '../../core/identifiers/key-id.js';
import type { ApiDeps } from './api-deps.js';

/** The audit chain of denials that name no key (a fleet route, a malformed key id). */
export const API_AUDIT_KEY = 'api';

export interface Denial {
  readonly requestId: string;
  readonly principal: Principal | undefined;
  readonly route: string;
  readonly reason: string;
  readonly status: number;
  readonly keyId?: string | undefined;
}

export async function recordDenial(
  deps: Pick<ApiDeps, 'audit' | 'clock' | 'writerRegion' | 'telemetry'>,
  denial: Denial,
): Promise<void> {
  const keyId = denial.keyId !== undefined && isMrkKeyId(denial.keyId) ? denial.keyId : API_AUDIT_KEY;
  deps.telemetry.logger.warn('Request denied', {
    reason: denial.reason,
    status: denial.status,
    keyId,
    principal: denial.principal?.sub ?? 'anonymous',
  });
  try {
    await deps.audit.append({
      eventId: `${denial.requestId}/denied`,
      keyId,
      writerRegion: deps.writerRegion,
      at: deps.clock.now().toISOString(),
      actor: denial.principal?.sub ?? 'anonymous',
      action: 'RequestDenied',
      requestId: denial.requestId,
      result: 'Denied',
      details: { route: denial.route, reason: denial.reason, status: denial.status },
    });
  } catch (error) {
    deps.telemetry.logger.error('Could not audit a denial', { error });
  }
}
