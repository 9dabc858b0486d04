// planRemediation: what to do about a key set's drift findings under its remediation policy.
import { canonicalJson, type JsonValue, sha256Hex } from '../json/canonical-json.js';
import type { DriftFinding, DriftKind } from '../model/drift-finding.js';
import type { KeySet } from '../model/key-set.js';
import { independentPropertiesFor } from '../model/key-set.js';
import type { WorkflowName } from '../ports/workflow-starter.js';
import type { RemediationPolicy } from './drift-record.js';

/** Changes to the stored desired state, made by the control plane itself before any workflow. */
export type InlineStep =
  /** Someone moved the primary: record where it is now (KMS cannot be "moved back" safely mid-use). */
  | { readonly kind: 'RecordPrimary'; readonly region: string }
  /** A replica was made out of band: make it a member, so the sync brings its properties in line. */
  | { readonly kind: 'AddRegion'; readonly region: string };

export interface RemediationWorkflow {
  readonly name: WorkflowName;
  readonly input: { readonly [key: string]: JsonValue };
}

export interface RemediationPlan {
  readonly inline: readonly InlineStep[];
  /** At most one workflow per scan: one operation holds a key set at a time; the next scan does the rest. */
  readonly workflow?: RemediationWorkflow | undefined;
  /** The kinds of the findings this plan addresses. */
  readonly kinds: readonly DriftKind[];
  readonly needsApproval: boolean;
  /** Same drift, same plan, same signature: a proposal is not repeated while it waits. */
  readonly signature: string;
  readonly summary: string;
}

type Step = { inline?: InlineStep; workflow?: RemediationWorkflow; finding: DriftFinding; auto: boolean };

/**
 * Undefined when there is nothing to do (no findings, policy `report`, or only findings a person
 * must judge, such as a member whose key material has not caught up yet). Under `auto` the safe
 * remedies run without approval; if only approval-only remedies remain, they are proposed.
 */
export function planRemediation(
  keySet: Pick<KeySet, 'keyId' | 'primaryRegion' | 'regions' | 'desired' | 'status'>,
  findings: readonly DriftFinding[],
  policy: RemediationPolicy,
): RemediationPlan | undefined {
  if (policy === 'report' || findings.length === 0) return undefined;
  const steps = findings.flatMap((finding) => stepsFor(keySet, finding));
  const automatic = steps.filter((step) => step.auto);
  const chosen = policy === 'auto' && automatic.length > 0 ? automatic : steps;
  if (chosen.length === 0) return undefined;
  const needsApproval = policy === 'approve' || chosen.some((step) => !step.auto);
  const inline = dedupe(chosen.flatMap((step) => (step.inline ? [step.inline] : [])));
  const workflow = mergeWorkflow(chosen);
  const covered = chosen.filter(
    (step) => step.inline !== undefined || step.workflow?.name === workflow?.name,
  );
  const kinds = [...new Set(covered.map((step) => step.finding.kind))].sort();
  const body = { inline, workflow: workflow ?? null, needsApproval } as unknown as JsonValue;
  return {
    inline,
    workflow,
    kinds,
    needsApproval,
    signature: sha256Hex(canonicalJson({ keyId: keySet.keyId, body })).slice(0, 16),
    summary: summarise(inline, workflow),
  };
}

function stepsFor(
  keySet: Pick<KeySet, 'primaryRegion' | 'desired' | 'status'>,
  finding: DriftFinding,
): Step[] {
  const region = finding.region;
  switch (finding.kind) {
    case 'UnexpectedDeletion': {
      const enable = independentPropertiesFor(keySet.desired, region).enabled;
      return [{ finding, auto: true, workflow: wf('cancel-key-deletion', { regions: [region], enable }) }];
    }
    case 'MissingReplica':
      if (region === keySet.primaryRegion) return [];
      return [{ finding, auto: true, workflow: wf('replicate-key', { regions: [region] }) }];
    case 'PrimaryMoved':
      return [{ finding, auto: true, inline: { kind: 'RecordPrimary', region } }];
    case 'PropertyDrift':
      return [{ finding, auto: true, workflow: wf('sync-properties', {}) }];
    case 'SharedPropertyDrift':
      // Key material that has not reached a replica yet is KMS's job (it synchronises); only rotation settings are ours.
      return finding.property === 'rotation'
        ? [{ finding, auto: true, workflow: wf('sync-properties', {}) }]
        : [];
    case 'UnmanagedReplica':
      // Changes what the set is, so a person decides (deleting it instead would block the Region 7-30 days).
      return [
        {
          finding,
          auto: false,
          inline: { kind: 'AddRegion', region },
          workflow: wf('sync-properties', {}),
        },
      ];
    case 'StateDrift':
      // A set being deleted whose member someone cancelled: schedule that member again, with approval.
      if (keySet.status !== 'PendingDeletion' || finding.expected !== 'PendingDeletion') return [];
      return [
        { finding, auto: false, workflow: wf('delete-key', { regions: [region], pendingWindowInDays: 30 }) },
      ];
    default:
      return [];
  }
}

function wf(name: WorkflowName, input: { readonly [key: string]: JsonValue }): RemediationWorkflow {
  return { name, input };
}

// Priority: stop a deletion first, then restore missing members, then properties, then deletion repairs.
const ORDER: readonly WorkflowName[] = [
  'cancel-key-deletion',
  'replicate-key',
  'sync-properties',
  'delete-key',
];

function mergeWorkflow(steps: readonly Step[]): RemediationWorkflow | undefined {
  const byName = new Map<WorkflowName, RemediationWorkflow[]>();
  for (const step of steps) {
    if (step.workflow === undefined) continue;
    byName.set(step.workflow.name, [...(byName.get(step.workflow.name) ?? []), step.workflow]);
  }
  const name = ORDER.find((candidate) => byName.has(candidate));
  if (name === undefined) return undefined;
  const all = byName.get(name) ?? [];
  const regions = [
    ...new Set(all.flatMap((item) => (item.input.regions as string[] | undefined) ?? [])),
  ].sort();
  const first = all[0] as RemediationWorkflow;
  return regions.length === 0 ? first : { name, input: { ...first.input, regions } };
}

function dedupe(steps: readonly InlineStep[]): InlineStep[] {
  const seen = new Map<string, InlineStep>();
  for (const step of steps) seen.set(`${step.kind}:${step.region}`, step);
  return [...seen.values()].sort((a, b) => (`${a.kind}:${a.region}` < `${b.kind}:${b.region}` ? -1 : 1));
}

function summarise(inline: readonly InlineStep[], workflow: RemediationWorkflow | undefined): string {
  const parts = inline.map((step) =>
    step.kind === 'RecordPrimary'
      ? `record ${step.region} as the primary Region`
      : `add the replica in ${step.region} to the set`,
  );
  if (workflow !== undefined) {
    const regions = workflow.input.regions as string[] | undefined;
    parts.push(`run ${workflow.name}${regions ? ` for ${regions.join(', ')}` : ''}`);
  }
  return parts.join('; ');
}
