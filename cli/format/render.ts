// Human views of keys, operations, drift reports and audit trails (the default output of mrkctl).
import { formatList, formatTags, formatTime, renderFields, renderTable } from './table.js';
import type { AuditListView, DriftView, KeyView, OperationView } from './views.js';

export function renderKeyList(keys: readonly KeyView[]): string {
  if (keys.length === 0) return 'No keys.\n';
  return renderTable(
    ['KEY ID', 'TENANT', 'STATUS', 'PRIMARY', 'REGIONS', 'SPEC', 'ALIASES'],
    keys.map((key) => [
      key.keyId,
      key.tenant,
      key.activeOperationId === undefined ? key.status : `${key.status}*`,
      key.primaryRegion,
      String(key.desired.regions.length),
      key.keySpec,
      formatList(key.desired.aliases),
    ]),
  );
}

export function renderKey(key: KeyView): string {
  const header = renderFields([
    ['Key', key.keyId],
    ['Tenant', key.tenant],
    ['Status', key.status],
    ['Version', String(key.version)],
    ['Spec', `${key.keySpec} / ${key.keyUsage} / ${key.origin}`],
    ['Primary', key.primaryRegion],
    ['Description', key.desired.description || '-'],
    ['Aliases', formatList(key.desired.aliases)],
    ['Tags', formatTags(key.desired.tags)],
    ['Enabled', String(key.desired.enabled)],
    [
      'Rotation',
      key.desired.rotation.enabled
        ? `on${key.desired.rotation.periodInDays ? ` (${key.desired.rotation.periodInDays} days)` : ''}`
        : 'off',
    ],
    ['Operation', key.activeOperationId],
    ['Drift', key.drift ? `${key.drift.status} (${key.drift.findings.length} findings)` : undefined],
  ]);
  const regions = key.desired.regions.map((region) => {
    const member = key.regions[region];
    if (member === undefined) return [region, '-', 'not observed', '-', '-', '-'];
    return [
      region,
      member.role,
      member.keyState,
      formatList(member.aliases),
      formatTags(member.tags),
      (member.currentKeyMaterialId ?? '-').slice(0, 12),
    ];
  });
  return `${header}\n${renderTable(['REGION', 'ROLE', 'STATE', 'ALIASES', 'TAGS', 'MATERIAL'], regions)}`;
}

export function renderOperation(operation: OperationView): string {
  const header = renderFields([
    ['Operation', operation.operationId],
    ['Type', operation.type],
    ['Key', operation.keyId],
    ['Status', operation.status],
    ['Requested by', operation.requestedBy],
    ['Created', formatTime(operation.createdAt)],
    ['Updated', formatTime(operation.updatedAt)],
    ['Error', operation.error ? `${operation.error.code}: ${operation.error.message}` : undefined],
  ]);
  const steps = orderedSteps(operation);
  if (steps.length === 0) return header;
  return `${header}\n${renderTable(
    ['REGION', 'STATUS', 'DETAIL'],
    steps.map(([region, step]) => [region, step.status, stepDetail(step)]),
  )}`;
}

type Step = OperationView['regions'][string];

/**
 * The steps in the order they happened (the order KMS saw the calls: a deletion's replicas before its
 * primary), by when each last changed; steps not started yet come last. Ties keep the API's order.
 */
export function orderedSteps(operation: Pick<OperationView, 'regions'>): [string, Step][] {
  const started = (step: Step) => step.status !== 'Pending';
  return Object.entries(operation.regions)
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      const [, x] = a.entry;
      const [, y] = b.entry;
      if (started(x) !== started(y)) return started(x) ? -1 : 1;
      if (started(x) && x.updatedAt !== y.updatedAt) return x.updatedAt < y.updatedAt ? -1 : 1;
      return a.index - b.index;
    })
    .map(({ entry }) => entry);
}

export function stepDetail(step: OperationView['regions'][string]): string {
  if (step.error) return `${step.error.code}: ${step.error.message}`;
  return step.note ?? '';
}

export function renderDrift(keyId: string, drift: DriftView): string {
  const header = `Drift of ${keyId}: ${drift.status}${drift.live ? ' (live)' : ''}, scanned ${formatTime(drift.scannedAt)}\n`;
  if (drift.findings.length === 0) return header;
  return `${header}\n${renderTable(
    ['REGION', 'KIND', 'SEVERITY', 'REMEDIABLE', 'MESSAGE'],
    drift.findings.map((finding) => [
      finding.region,
      finding.kind,
      finding.severity,
      finding.remediable ? 'yes' : 'no',
      finding.message,
    ]),
  )}`;
}

export function renderAudit(audit: AuditListView): string {
  const rows = audit.items.map((event) => [
    formatTime(event.at),
    event.keyId,
    event.action,
    event.region ?? '-',
    event.result,
    event.actor,
    event.hash.slice(0, 10),
  ]);
  let text =
    rows.length === 0
      ? 'No audit events.\n'
      : renderTable(['AT', 'KEY', 'ACTION', 'REGION', 'RESULT', 'ACTOR', 'HASH'], rows);
  if (audit.nextToken !== undefined) text += '(more: repeat with --all)\n';
  const verification = audit.verification;
  if (verification !== undefined) {
    const events = verification.chains.reduce((sum, chain) => sum + chain.length, 0);
    text +=
      verification.brokenCount === 0
        ? `Chain verified: ${verification.chains.length} chain(s), ${events} event(s), no broken link.\n`
        : `Chain BROKEN: ${verification.brokenCount} broken link(s); first: ${JSON.stringify(verification.firstBroken)}\n`;
    const digests = verification.digests;
    if (digests !== undefined) {
      const latest = digests.latest;
      text += digests.valid
        ? latest === undefined
          ? 'Digests verified: no signed digest yet, and nothing to anchor.\n'
          : `Digests verified: ${digests.digestCount} signed digest(s), newest #${latest.sequence} at ${latest.createdAt}; ${digests.checkedHeads} chain head(s) still reached.\n`
        : `Digests FAILED: ${digests.problems.length} problem(s).\n`;
      for (const problem of digests.problems) text += `  ${problem.kind}: ${problem.message}\n`;
      for (const warning of digests.warnings) text += `  warning ${warning.kind}: ${warning.message}\n`;
    }
  }
  return text;
}
