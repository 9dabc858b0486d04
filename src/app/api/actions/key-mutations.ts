// PATCH /keys/{keyId}, POST .../replicas, .../primary, .../rotations: lock, change, workflow (reconcile: reconcile-key.ts).
import { ConflictError } from '../../../core/errors.js';
import { guardrailRequestFor } from '../../../core/guardrails/guardrail-request-for.js';
import { checkRegionSet } from '../../../core/identifiers/partitions.js';
import type { DesiredState, RegionOverride } from '../../../core/model/key-set.js';
import { independentPropertiesFor } from '../../../core/model/key-set.js';
import type { PolicyDocument } from '../../../core/model/tags.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import type { UpdateKeyBody } from '../schemas/key-request-schemas.js';
import { assertKeySetFits } from '../schemas/key-set-budget.js';
import { etagOf, keyView } from '../views/key-view.js';
import { acceptedAnswer } from './accepted.js';
import { enforceGuardrails } from './guard.js';
import {
  assertMemberRegion,
  assertOverridesAreMembers,
  assertRotationFits,
  assertStatus,
} from './key-state-checks.js';
import { loadKeyFor } from './load-key.js';
import { assertVersion, startOperation } from './start-operation.js';

type KeyContext<B> = RouteContext<{ keyId: string }, undefined, B>;

/** Each field given replaces the desired value; every member Region is then synced. */
export async function updateKey(context: KeyContext<UpdateKeyBody>): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  assertStatus(keySet, ['Active'], 'a property change');
  const { body } = context;
  const desired: DesiredState = {
    ...keySet.desired,
    ...(body.description !== undefined && { description: body.description }),
    ...(body.aliases !== undefined && { aliases: body.aliases }),
    ...(body.tags !== undefined && { tags: body.tags }),
    ...(body.policy !== undefined && { policy: body.policy as PolicyDocument }),
    ...(body.enabled !== undefined && { enabled: body.enabled }),
    ...(body.rotation !== undefined && { rotation: body.rotation }),
    ...(body.regionOverrides !== undefined && {
      regionOverrides: body.regionOverrides as Record<string, RegionOverride>,
    }),
  };
  if (sameDesired(desired, keySet.desired)) {
    // Nothing would change in any Region: say so, with no operation, no lock and no new version.
    assertVersion(keySet, context.ifMatch);
    return {
      status: 200,
      body: {
        key: keyView(keySet, context.deps.clock.now()),
        unchanged: true,
        message: `Nothing to change: the desired state of ${keySet.keyId} already is what was asked`,
      },
      headers: { etag: etagOf(keySet) },
    };
  }
  assertOverridesAreMembers(keySet.regions, desired.regionOverrides);
  assertKeySetFits({ ...keySet, desired });
  if (body.rotation !== undefined) assertRotationFits(keySet, body.rotation.enabled);
  await enforceGuardrails(
    context,
    guardrailRequestFor({ ...keySet, desired }, 'UpdateProperties'),
    keySet.keyId,
  );
  const started = await startOperation(context, {
    keySet,
    type: 'UpdateProperties',
    workflow: 'sync-properties',
    changes: { desired },
    input: { changed: Object.keys(body).filter((name) => body[name as keyof UpdateKeyBody] !== undefined) },
  });
  return acceptedAnswer(context, started);
}

/** Equal desired states: aliases compared as a set, objects (tags, policy) whatever their key order. */
function sameDesired(a: DesiredState, b: DesiredState): boolean {
  const canonical = (state: DesiredState) =>
    canonicalJson({ ...state, aliases: [...new Set(state.aliases)].sort() });
  return canonical(a) === canonical(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function addReplicas(context: KeyContext<{ regions: string[] }>): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  assertStatus(keySet, ['Active'], 'adding replicas');
  const already = context.body.regions.filter((region) => keySet.regions.includes(region));
  if (already.length > 0) {
    throw new ConflictError(`Key ${keySet.keyId} already has members in ${already.join(', ')}`, {
      details: { regions: already },
    });
  }
  if (!independentPropertiesFor(keySet.desired, keySet.primaryRegion).enabled) {
    // KMS replicates only an enabled primary: accepting would leave a desired Region nothing can create.
    throw new ConflictError(
      `Key ${keySet.keyId} is disabled in its primary Region ${keySet.primaryRegion}; KMS cannot replicate a disabled key. Enable it first (PATCH /keys/${keySet.keyId} with "enabled": true)`,
      { details: { keyId: keySet.keyId, region: keySet.primaryRegion } },
    );
  }
  const regions = [...keySet.regions, ...context.body.regions];
  checkRegionSet(regions);
  assertKeySetFits({ ...keySet, regions });
  await enforceGuardrails(context, guardrailRequestFor({ ...keySet, regions }, 'AddReplicas'), keySet.keyId);
  const started = await startOperation(context, {
    keySet,
    type: 'Replicate',
    workflow: 'replicate-key',
    changes: { regions },
    input: { regions: context.body.regions },
  });
  return acceptedAnswer(context, started);
}

export async function promoteReplica(context: KeyContext<{ region: string }>): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  assertStatus(keySet, ['Active'], 'a promotion');
  const region = context.body.region;
  assertMemberRegion(keySet, region);
  if (region === keySet.primaryRegion) {
    throw new ConflictError(`${region} already holds the primary of ${keySet.keyId}`, {
      details: { region },
    });
  }
  await enforceGuardrails(
    context,
    guardrailRequestFor({ ...keySet, primaryRegion: region }, 'Promote'),
    keySet.keyId,
  );
  const started = await startOperation(context, {
    keySet,
    type: 'Promote',
    workflow: 'update-primary-region',
    changes: {},
    input: { newPrimaryRegion: region },
  });
  return acceptedAnswer(context, started);
}

export async function rotateKey(context: KeyContext<Record<string, never>>): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  assertStatus(keySet, ['Active'], 'a rotation');
  if (keySet.keySpec !== 'SYMMETRIC_DEFAULT' || keySet.origin !== 'AWS_KMS') {
    throw new ConflictError(`On-demand rotation needs a SYMMETRIC_DEFAULT key with KMS key material`, {
      details: { keySpec: keySet.keySpec, origin: keySet.origin },
    });
  }
  const started = await startOperation(context, {
    keySet,
    type: 'Rotate',
    workflow: 'rotate-key',
    changes: {},
    input: {},
  });
  return acceptedAnswer(context, started);
}
