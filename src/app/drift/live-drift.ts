// Drift of one key set read from KMS now (GET /keys/{keyId}/drift?live=true): every member, also
// replicas made out of band (the primary names them), compared with the desired state. Nothing stored.
import { detectDrift } from '../../core/drift/detect-drift.js';
import type { DriftFinding } from '../../core/model/drift-finding.js';
import type { KeySet } from '../../core/model/key-set.js';
import type { Member } from '../../core/model/member.js';
import type { KeyService } from '../../core/ports/key-service.js';
import { observeMember } from '../tasks/observe-member.js';

/** Transient KMS failures propagate (the API answers 503): a partial read would report false drift. */
export async function liveDrift(
  kms: KeyService,
  keySet: KeySet,
  now: Date,
): Promise<{ status: 'InSync' | 'Drifted'; findings: DriftFinding[] }> {
  const asked = new Set([...keySet.regions, ...Object.keys(keySet.members)]);
  const members: Record<string, Member> = {};
  const read = async (region: string) => {
    const member = await observeMember(kms, keySet, region, now);
    if (member !== undefined) members[region] = member;
  };
  await Promise.all([...asked].map(read));
  const primary = Object.values(members).find((member) => member.role === 'PRIMARY');
  if (primary !== undefined) {
    const described = await kms.describeKey(primary.region, keySet.keyId);
    await Promise.all((described?.replicaRegions ?? []).filter((region) => !asked.has(region)).map(read));
  }
  const findings = [...detectDrift(keySet, members, now)];
  return { status: findings.length === 0 ? 'InSync' : 'Drifted', findings };
}
