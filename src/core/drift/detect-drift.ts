// detectDrift: compare a key set's desired state with the members KMS shows, finding by finding.

import type { DriftFinding } from '../model/drift-finding.js';
import type { KeySet } from '../model/key-set.js';
import { independentPropertiesFor, isLocked } from '../model/key-set.js';
import type { Member } from '../model/member.js';
import { isPendingDeletion } from '../model/member.js';
import {
  diffIndependentProperties,
  type IndependentProperty,
} from '../planning/diff-independent-properties.js';
import { finding } from './finding.js';
import { memberStateFindings, rotationFindings } from './state-findings.js';

type Findings = DriftFinding[];

/** How each property reads in a finding's message, with the verb that agrees with it (tags, aliases: plural). */
const PROPERTY_PHRASES: Record<IndependentProperty, { subject: string; verb: 'differs' | 'differ' }> = {
  description: { subject: 'The description', verb: 'differs' },
  policy: { subject: 'The policy', verb: 'differs' },
  tags: { subject: 'The tags', verb: 'differ' },
  aliases: { subject: 'The aliases', verb: 'differ' },
  enabled: { subject: 'The enabled state', verb: 'differs' },
};

/**
 * Every difference between `keySet` and `observed` (keyed by Region: each Region where KMS has a
 * key of this set). Findings come sorted by Region, then kind, then property, so two scans of the
 * same state compare equal. A `Deleted` set expects no members; `Deleting` is mid-operation while an
 * operation holds the key (only unmanaged replicas are reported), and drift once nothing does: a
 * deletion that stopped half way (replicas pending, primary not; or every member disabled for a soak
 * nobody finishes). Without `now`, any lock holder counts as running.
 */
export function detectDrift(
  keySet: KeySet,
  observed: Readonly<Record<string, Member>>,
  now?: Date,
): readonly DriftFinding[] {
  const findings: Findings = [];
  const desiredRegions = new Set(keySet.regions);
  for (const member of Object.values(observed)) {
    if (!desiredRegions.has(member.region) && !isPendingDeletion(member)) {
      findings.push(
        finding(keySet, member.region, 'UnmanagedReplica', {
          expected: null,
          actual: member.arn,
          severity: 'medium',
          remedy: 'None',
          message: `A ${member.role.toLowerCase()} key of this set exists in ${member.region}, which the set does not include`,
        }),
      );
    }
  }
  if (keySet.status === 'Deleting') {
    findings.push(...stalledDeletion(keySet, observed, now));
    return sortFindings(findings);
  }
  if (keySet.status === 'Active') {
    findings.push(...primaryMoved(keySet, observed));
    for (const region of keySet.regions) checkActiveRegion(keySet, region, observed[region], findings);
    findings.push(...rotationFindings(keySet, observed));
  } else {
    for (const member of Object.values(observed)) findings.push(...memberStateFindings(keySet, member));
  }
  return sortFindings(findings);
}

function checkActiveRegion(
  keySet: KeySet,
  region: string,
  member: Member | undefined,
  findings: Findings,
): void {
  if (member === undefined) {
    findings.push(
      finding(keySet, region, 'MissingReplica', {
        expected: region === keySet.primaryRegion ? 'PRIMARY' : 'REPLICA',
        actual: null,
        severity: 'high',
        remedy: region === keySet.primaryRegion ? 'None' : 'Replicate',
        message: `No key of this set exists in ${region}`,
      }),
    );
    return;
  }
  if (isPendingDeletion(member)) {
    findings.push(
      finding(keySet, region, 'UnexpectedDeletion', {
        expected: 'Enabled',
        actual: member.keyState,
        severity: 'high',
        remedy: 'CancelDeletion',
        message: `The key in ${region} is ${member.keyState}${member.deletionDate ? ` (deletion on ${member.deletionDate})` : ''} but nobody asked the control plane to delete it`,
      }),
    );
    return;
  }
  findings.push(...memberStateFindings(keySet, member));
  const diff = diffIndependentProperties(independentPropertiesFor(keySet.desired, region), member);
  for (const difference of diff.differences) {
    const phrase = PROPERTY_PHRASES[difference.property];
    findings.push(
      finding(keySet, region, 'PropertyDrift', {
        property: difference.property,
        expected: difference.expected,
        actual: difference.actual,
        severity:
          difference.property === 'aliases' ||
          difference.property === 'enabled' ||
          difference.property === 'policy'
            ? 'high'
            : 'low',
        remedy: 'SyncProperties',
        message: `${phrase.subject} of the key in ${region} ${phrase.verb} from the desired state`,
      }),
    );
  }
}

function stalledDeletion(
  keySet: KeySet,
  observed: Readonly<Record<string, Member>>,
  now: Date | undefined,
): Findings {
  const running = now === undefined ? keySet.activeOperationId !== undefined : isLocked(keySet, now);
  if (running) return [];
  return Object.values(observed)
    .filter((member) => keySet.regions.includes(member.region) && !isPendingDeletion(member))
    .map((member) =>
      finding(keySet, member.region, 'StateDrift', {
        expected: 'PendingDeletion',
        actual: member.keyState,
        severity: 'high',
        remedy: 'None',
        message: `The key set's deletion stopped before the key in ${member.region} was scheduled (it is ${member.keyState}) and no operation is running; POST /keys/${keySet.keyId}/reconcile finishes it`,
      }),
    );
}

function primaryMoved(keySet: KeySet, observed: Readonly<Record<string, Member>>): Findings {
  const primaries = Object.values(observed).filter((member) => member.role === 'PRIMARY');
  // During UpdatePrimaryRegion both keys may read REPLICA for a while: no primary is no evidence.
  const actual = primaries.find((member) => member.region !== keySet.primaryRegion);
  if (actual === undefined || primaries.some((member) => member.region === keySet.primaryRegion)) return [];
  return [
    finding(keySet, actual.region, 'PrimaryMoved', {
      expected: keySet.primaryRegion,
      actual: actual.region,
      severity: 'high',
      remedy: 'RecordPrimary',
      message: `The primary key is in ${actual.region}, not ${keySet.primaryRegion}: someone called UpdatePrimaryRegion outside the control plane`,
    }),
  ];
}

function sortFindings(findings: Findings): readonly DriftFinding[] {
  const key = (item: DriftFinding) => `${item.region}\u0000${item.kind}\u0000${item.property ?? ''}`;
  return findings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
