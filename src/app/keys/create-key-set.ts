// Creating a key set, intent first: record the intent, CreateKey (marked with the operation id), then
// finish-create.ts records the set and launches provision-key. Every step can be repeated, so a retry or
// the sweep of stale intents resumes an interrupted create from wherever it stopped: never a second key.
import { isDomainError } from '../../core/errors.js';
import { CREATED_BY_OPERATION_TAG } from '../../core/model/control-plane-tags.js';
import type { KeyCreationIntent } from '../../core/model/creation-intent.js';
import { independentPropertiesFor } from '../../core/model/key-set.js';
import { policyText } from '../../core/model/tags.js';
import type { KeyDescription } from '../../core/ports/key-service.js';
import { type CreatedKeySet, type CreateKeySetDeps, existingKeyOf, finishCreate } from './finish-create.js';

export type { CreatedKeySet, CreateKeySetDeps } from './finish-create.js';

/** Creates the key set `intent` describes, or finishes an earlier attempt at it (same operation id). */
export async function createKeySet(
  deps: CreateKeySetDeps,
  intent: KeyCreationIntent,
): Promise<CreatedKeySet> {
  // Already launched (by an earlier attempt, or by the sweep after a crash): its intent may be gone, and
  // recording it again would look fresh and create a second key.
  const launched = await deps.operations.get(intent.operationId);
  if (launched !== undefined) {
    const primary = await existingKeyOf(deps, { ...intent, keyId: launched.keyId });
    if (primary !== undefined) return finishCreate(deps, intent, primary);
  }
  const recorded = await deps.intents.record(intent);
  // A fresh intent has certainly not reached KMS yet; an older one may have, before it could say so.
  const existing = recorded.fresh ? undefined : await existingKeyOf(deps, recorded.intent);
  const primary = existing ?? (await createPrimaryKey(deps, recorded.intent));
  return finishCreate(deps, recorded.intent, primary);
}

async function createPrimaryKey(deps: CreateKeySetDeps, intent: KeyCreationIntent): Promise<KeyDescription> {
  const { draft, operationId } = intent;
  const properties = independentPropertiesFor(draft.desired, draft.primaryRegion);
  let created: KeyDescription;
  try {
    created = await deps.kms.createKey(draft.primaryRegion, {
      description: properties.description,
      ...(!draft.defaultPolicy && { policy: policyText(properties.policy) }),
      tags: { ...properties.tags, [CREATED_BY_OPERATION_TAG]: operationId },
      keySpec: draft.keySpec,
      keyUsage: draft.keyUsage,
      origin: draft.origin,
    });
  } catch (error) {
    // KMS refused (a 4xx, throttling included): no key exists, so nothing is left to resume. After a
    // 5xx or a timeout the key may exist: the intent stays for the retry or the sweep to find it.
    if (isDomainError(error) && error.status < 500) await deps.intents.remove(operationId);
    throw error;
  }
  await deps.intents.setKeyId(operationId, created.keyId);
  return created;
}
