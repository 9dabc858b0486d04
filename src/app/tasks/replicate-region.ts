// Task "Replicate To Region": ReplicateKey from the primary's Region, or adopt the replica already there.
import { ConflictError } from '../../core/errors.js';
import { independentPropertiesFor } from '../../core/model/key-set.js';
import { isPendingDeletion } from '../../core/model/member.js';
import { policyText } from '../../core/model/tags.js';
import type { KeyDescription } from '../../core/ports/key-service.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadKeySetAndOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({ primaryRegion: regionSchema, region: regionSchema });

export interface ReplicateRegionResult {
  readonly adopted: boolean;
  readonly keyState: string;
  readonly note: string;
}

/**
 * Looks first: a replica made by an earlier attempt or run (or by hand) is adopted without calling
 * ReplicateKey, which keeps the 5-per-second quota for real work; if ReplicateKey still meets
 * AlreadyExistsException (a race), the adapter adopts too. The new replica gets the desired
 * description, policy and tags at once; aliases and the enabled state follow when it is ready.
 */
export async function replicateRegion(deps: TaskDeps, event: unknown): Promise<ReplicateRegionResult> {
  const input = parseEvent(schema, event, 'ReplicateRegion');
  const [keySet, operation] = await loadKeySetAndOperation(deps, input);
  let replica = await deps.kms.describeKey(input.region, keySet.keyId);
  let adopted = replica !== undefined;
  if (replica === undefined) {
    const wanted = independentPropertiesFor(keySet.desired, input.region);
    const result = await deps.kms.replicateKey(input.primaryRegion, keySet.keyId, input.region, {
      description: wanted.description,
      policy: policyText(wanted.policy),
      tags: wanted.tags,
    });
    replica = result.replica;
    adopted = result.adopted;
  }
  checkAdoptable(replica, input.region);
  const note = adopted ? `Adopted the existing replica (${replica.keyState})` : 'Created the replica';
  // While the replica is still Creating the step says so: "Created the replica" alone reads as done.
  const running =
    replica.keyState === 'Enabled' || replica.keyState === 'Disabled'
      ? note
      : `${note}; ${replica.keyState}, waiting until it is usable`;
  await recordStep(deps, operation.operationId, input.region, 'Running', { note: running });
  await appendAudit(deps, operation, {
    step: 'replicate',
    region: input.region,
    action: adopted ? 'AdoptReplica' : 'ReplicateKey',
    result: 'Succeeded',
    details: { primaryRegion: input.primaryRegion, keyState: replica.keyState },
  });
  return { adopted, keyState: replica.keyState, note };
}

function checkAdoptable(replica: KeyDescription, region: string): void {
  if (isPendingDeletion(replica)) {
    throw new ConflictError(
      `The replica in ${region} is ${replica.keyState}; cancel its deletion to adopt it, or add the Region after it is deleted`,
      { details: { region, keyState: replica.keyState } },
    );
  }
  if (replica.role === 'PRIMARY') {
    throw new ConflictError(`${region} holds the primary key, not a replica`, { details: { region } });
  }
}
