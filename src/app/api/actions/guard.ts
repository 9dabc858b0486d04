// Guardrail checks at the API: a violation is a denial (403), logged and audited with the rule it broke.
import { ForbiddenError } from '../../../core/errors.js';
import { assertGuardrails, type GuardrailRequest } from '../../../core/guardrails/check-guardrails.js';
import type { RouteContext } from '../routes/route.js';

export async function enforceGuardrails(
  context: RouteContext<unknown, unknown, unknown>,
  request: GuardrailRequest,
  keyId?: string,
): Promise<void> {
  try {
    assertGuardrails(request, context.deps.guardrails, context.principal);
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    const rule = typeof error.details?.rule === 'string' ? error.details.rule : 'guardrail';
    await context.deny(`guardrail ${rule}: ${error.message}`, error, keyId);
  }
}
