import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../../src/core/drift/detect-drift.js';
import { planRemediation } from '../../../src/core/drift/plan-remediation.js';
import { keySetFixture, memberFixture, membersOf } from '../core/fixtures.js';

const keySet = keySetFixture({ regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] });
const primary = memberFixture('us-east-1', {}, keySet);
const replica = memberFixture('eu-west-1', {}, keySet);
const third = memberFixture('ap-southeast-2', {}, keySet);

describe('planRemediation', () => {
  it('plans nothing under report, for no findings, and for drift only KMS itself fixes', () => {
    const drifted = detectDrift(keySet, membersOf(primary, { ...replica, description: 'x' }, third));
    expect(planRemediation(keySet, drifted, 'report')).toBeUndefined();
    expect(planRemediation(keySet, [], 'auto')).toBeUndefined();
    const material = detectDrift(
      keySet,
      membersOf(primary, { ...replica, currentKeyMaterialId: 'b'.repeat(64) }, third),
    );
    expect(material.map((item) => item.property)).toEqual(['currentKeyMaterialId']);
    expect(planRemediation(keySet, material, 'auto')).toBeUndefined();
  });

  it('syncs properties automatically under auto, and asks first under approve', () => {
    const findings = detectDrift(keySet, membersOf(primary, { ...replica, tags: {} }, third));
    const auto = planRemediation(keySet, findings, 'auto');
    expect(auto).toMatchObject({
      inline: [],
      workflow: { name: 'sync-properties', input: {} },
      needsApproval: false,
    });
    const approve = planRemediation(keySet, findings, 'approve');
    expect(approve?.needsApproval).toBe(true);
    expect(approve?.signature).not.toBe(auto?.signature);
    // The same drift gives the same signature, so a waiting proposal is recognised.
    expect(planRemediation(keySet, findings, 'approve')?.signature).toBe(approve?.signature);
  });

  it('stops a deletion before anything else, re-enabling where the desired state is enabled', () => {
    const findings = detectDrift(
      keySet,
      membersOf(
        primary,
        { ...replica, keyState: 'PendingDeletion', enabled: false },
        { ...third, description: 'x' },
      ),
    );
    const plan = planRemediation(keySet, findings, 'auto');
    expect(plan?.workflow).toEqual({
      name: 'cancel-key-deletion',
      input: { regions: ['eu-west-1'], enable: true },
    });
    expect(plan?.kinds).toEqual(['UnexpectedDeletion']);
  });

  it('replicates every missing replica in one workflow, never the primary', () => {
    const findings = detectDrift(keySet, membersOf(primary));
    const plan = planRemediation(keySet, findings, 'auto');
    expect(plan?.workflow).toEqual({
      name: 'replicate-key',
      input: { regions: ['ap-southeast-2', 'eu-west-1'] },
    });
    const noPrimary = detectDrift(keySet, membersOf(replica, third));
    expect(noPrimary.map((item) => item.kind)).toContain('MissingReplica');
    expect(planRemediation(keySet, noPrimary, 'auto')?.workflow?.name).not.toBe('replicate-key');
  });

  it('records a moved primary inline, with no workflow', () => {
    const findings = detectDrift(
      keySet,
      membersOf({ ...primary, role: 'REPLICA' }, { ...replica, role: 'PRIMARY' }, third),
    );
    const plan = planRemediation(keySet, findings, 'auto');
    expect(plan).toMatchObject({
      inline: [{ kind: 'RecordPrimary', region: 'eu-west-1' }],
      needsApproval: false,
    });
    expect(plan?.summary).toBe('record eu-west-1 as the primary Region');
  });

  it('leaves an out-of-band replica for approval even under auto, unless safe remedies come first', () => {
    const stray = memberFixture('us-west-2', { role: 'REPLICA' }, keySet);
    const only = planRemediation(
      keySet,
      detectDrift(keySet, membersOf(primary, replica, third, stray)),
      'auto',
    );
    expect(only).toMatchObject({
      inline: [{ kind: 'AddRegion', region: 'us-west-2' }],
      workflow: { name: 'sync-properties' },
      needsApproval: true,
      kinds: ['UnmanagedReplica'],
    });
    const mixed = detectDrift(keySet, membersOf(primary, { ...replica, description: 'x' }, third, stray));
    expect(planRemediation(keySet, mixed, 'auto')).toMatchObject({
      inline: [],
      needsApproval: false,
      kinds: ['PropertyDrift'],
    });
  });

  it('reschedules a rescued member of a set pending deletion only with approval', () => {
    const deleting = keySetFixture({ status: 'PendingDeletion' });
    const findings = detectDrift(
      deleting,
      membersOf(
        memberFixture('us-east-1', { keyState: 'PendingReplicaDeletion' }, deleting),
        memberFixture('eu-west-1', { keyState: 'Disabled' }, deleting),
      ),
    );
    expect(findings.map((item) => item.kind)).toEqual(['StateDrift']);
    const plan = planRemediation(deleting, findings, 'auto');
    expect(plan).toMatchObject({
      workflow: { name: 'delete-key', input: { regions: ['eu-west-1'], pendingWindowInDays: 30 } },
      needsApproval: true,
    });
  });
});
