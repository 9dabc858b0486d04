// Finishing a create whose key KMS already holds: record the key set, launch provision-key, drop the intent.
// The sweep of interrupted creates lives here too; this module never creates a key (the drift scan, which
// runs the sweep, holds no kms:CreateKey).
import { DependencyError, NotFoundError } from '../../core/errors.js';
import { isMrkKeyId } from '../../core/identifiers/key-id.js';
import { parseKeyArn } from '../../core/identifiers/kms-arn.js';
import { CREATED_BY_OPERATION_TAG } from '../../core/model/control-plane-tags.js';
import type { KeyCreationIntent } from '../../core/model/creation-intent.js';
import { independentPropertiesFor, type KeySet } from '../../core/model/key-set.js';
import { neverStarted, type Operation, pendingOperation } from '../../core/model/operation.js';
import { defaultKeyPolicy, policyHash } from '../../core/model/tags.js';
import type { CreationIntentRepository } from '../../core/ports/creation-intent-repository.js';
import type { KeyDescription, KeyService } from '../../core/ports/key-service.js';
import { type LaunchDeps, launchOperation } from '../operations/launch-operation.js';

export interface CreateKeySetDeps extends LaunchDeps {
  readonly kms: KeyService;
  readonly intents: CreationIntentRepository;
  /** The lock the new set is stored with; provision-key's first task renews it for longer. */
  readonly lockLeaseMs: number;
}

export interface CreatedKeySet {
  readonly keySet: KeySet;
  readonly operation: Operation;
  readonly executionArn: string;
}

/** The intent's key as KMS holds it: known by id, or found by its tag; undefined when it never came to be. */
export async function existingKeyOf(
  deps: Pick<CreateKeySetDeps, 'kms' | 'intents'>,
  intent: KeyCreationIntent,
): Promise<KeyDescription | undefined> {
  const { draft, operationId } = intent;
  if (intent.keyId !== undefined) {
    const known = await deps.kms.describeKey(draft.primaryRegion, intent.keyId);
    if (known !== undefined) return known;
    throw new DependencyError(
      `Key ${intent.keyId} created by operation ${operationId} cannot be found in ${draft.primaryRegion}`,
    );
  }
  const found = await findKeyCreatedBy(deps.kms, draft.primaryRegion, operationId);
  if (found !== undefined) await deps.intents.setKeyId(operationId, found.keyId);
  return found;
}

/** Records the key set of `primary`, launches its provisioning, and closes the intent (all repeatable). */
export async function finishCreate(
  deps: CreateKeySetDeps,
  intent: KeyCreationIntent,
  primary: KeyDescription,
): Promise<CreatedKeySet> {
  const keySet = await storeKeySet(deps, intent, primary);
  const created = await launchProvision(deps, intent, keySet);
  // Last: until here a retry or the sweep must still find the intent.
  await deps.intents.remove(intent.operationId);
  return created;
}

/**
 * The key an interrupted create made: its CreateKey answer was lost, so it is found by the operation id
 * it is tagged with. Reads the tags of every multi-Region key in the Region: only interrupted creates
 * pay this, never a normal one.
 */
export async function findKeyCreatedBy(
  kms: KeyService,
  region: string,
  operationId: string,
): Promise<KeyDescription | undefined> {
  const keys = await kms.listKeys(region);
  for (const { keyId } of keys) {
    if (!isMrkKeyId(keyId)) continue;
    let tags: Readonly<Record<string, string>>;
    try {
      tags = await kms.listResourceTags(region, keyId);
    } catch (error) {
      if (error instanceof NotFoundError) continue; // deleted since the listing
      throw error;
    }
    if (tags[CREATED_BY_OPERATION_TAG] !== operationId) continue;
    const key = await kms.describeKey(region, keyId);
    // A key someone already scheduled for deletion is not resumed: the create counts as abandoned.
    if (key !== undefined && key.keyState !== 'PendingDeletion') return key;
  }
  return undefined;
}

async function storeKeySet(
  deps: CreateKeySetDeps,
  intent: KeyCreationIntent,
  primary: KeyDescription,
): Promise<KeySet> {
  const { draft, operationId } = intent;
  const account = parseKeyArn(primary.arn).account;
  const desired = draft.defaultPolicy
    ? { ...draft.desired, policy: defaultKeyPolicy(draft.partition, account) }
    : draft.desired;
  const properties = independentPropertiesFor(desired, draft.primaryRegion);
  const now = deps.clock.now();
  const { defaultPolicy: _default, ...fields } = draft;
  const keySet: KeySet = {
    ...fields,
    keyId: primary.keyId,
    account,
    desired,
    members: {
      [draft.primaryRegion]: {
        region: draft.primaryRegion,
        arn: primary.arn,
        role: 'PRIMARY',
        keyState: primary.keyState,
        enabled: primary.enabled,
        description: primary.description,
        policyHash: policyHash(properties.policy),
        tags: properties.tags,
        aliases: [],
        currentKeyMaterialId: primary.currentKeyMaterialId,
        observedAt: now.toISOString(),
      },
    },
    status: 'Active',
    version: 1,
    activeOperationId: operationId,
    lockExpiresAt: new Date(now.getTime() + deps.lockLeaseMs).toISOString(),
    createdAt: intent.createdAt,
    updatedAt: now.toISOString(),
  };
  const stored = await deps.keySets.get(primary.keyId);
  if (stored === undefined) return deps.keySets.create(keySet);
  // Stored by an earlier attempt: carry on with it (its lock may have lapsed: take it again).
  if (stored.activeOperationId === operationId || (await deps.operations.get(operationId)) !== undefined) {
    return stored;
  }
  return deps.keySets.create(keySet); // someone else's set under this key id: ConflictError
}

async function launchProvision(
  deps: CreateKeySetDeps,
  intent: KeyCreationIntent,
  keySet: KeySet,
): Promise<CreatedKeySet> {
  const { draft, operationId } = intent;
  const earlier = await deps.operations.get(operationId);
  if (earlier !== undefined && earlier.status !== 'Pending' && !neverStarted(earlier)) {
    // Launched by an earlier attempt, and its workflow already moved it on.
    return { keySet, operation: earlier, executionArn: earlier.executionArn ?? '' };
  }
  const locked =
    keySet.activeOperationId === operationId
      ? keySet
      : await deps.keySets.acquireLock(keySet.keyId, { operationId, leaseMs: deps.lockLeaseMs });
  const replicaRegions = draft.regions.filter((region) => region !== draft.primaryRegion);
  const { operation, executionArn } = await launchOperation(deps, {
    operation: pendingOperation(
      {
        operationId,
        type: 'Provision',
        keySet: locked,
        requestedBy: intent.requestedBy,
        input: { regions: replicaRegions },
      },
      intent.createdAt,
    ),
    audit: {
      actor: intent.requestedBy,
      action: 'CreateKey',
      region: draft.primaryRegion,
      requestId: intent.requestId,
      result: 'Succeeded',
      details: { tenant: draft.tenant, regions: [...draft.regions], keySpec: draft.keySpec },
    },
    workflow: 'provision-key',
  });
  return { keySet: locked, operation, executionArn };
}

/**
 * The sweep: finishes creates whose request never came back (a crash, a timeout, no retry). An intent
 * older than `staleAfterMs` whose key KMS holds becomes its key set, provisioned as asked; one whose
 * key never came to exist is dropped. Returns the operation ids resumed.
 */
export async function resumeInterruptedCreates(
  deps: CreateKeySetDeps,
  staleAfterMs: number,
): Promise<{ readonly resumed: readonly string[]; readonly dropped: readonly string[] }> {
  const before = new Date(deps.clock.now().getTime() - staleAfterMs);
  const resumed: string[] = [];
  const dropped: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await deps.intents.listOpen(before, { limit: 100, nextToken });
    for (const intent of page.items) {
      try {
        const primary = await existingKeyOf(deps, intent);
        if (primary === undefined) {
          await deps.intents.remove(intent.operationId);
          dropped.push(intent.operationId);
        } else {
          await finishCreate(deps, intent, primary);
          resumed.push(intent.operationId);
        }
      } catch (error) {
        deps.logger.error('Could not resume an interrupted create', {
          error,
          operationId: intent.operationId,
        });
      }
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { resumed, dropped };
}
