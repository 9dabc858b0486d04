// Task "Find Unmanaged Keys": every mrk- key in each allowed Region that no key set manages.
import * as z from 'zod';
import { detectUnmanagedKeys, type ObservedKey } from '../../core/drift/detect-unmanaged-keys.js';
import { isMrkKeyId } from '../../core/identifiers/key-id.js';
import type { DriftFinding } from '../../core/model/drift-finding.js';
import type { KeySetRepository } from '../../core/ports/key-set-repository.js';
import { resumeInterruptedCreates } from '../keys/finish-create.js';
import { parseEvent } from '../tasks/task-event.js';
import type { DriftDeps } from './drift-deps.js';
import { scanIdSchema } from './scan-task-event.js';

const schema = z.object({ scanId: scanIdSchema });

/** The execution output keeps at most this many findings (Step Functions payloads are 256 KB). */
const MAX_REPORTED = 100;

export interface UnmanagedKeysResult {
  readonly count: number;
  readonly findings: readonly DriftFinding[];
  readonly truncated: boolean;
  readonly unreachableRegions: readonly string[];
}

export async function findUnmanagedKeysTask(deps: DriftDeps, event: unknown): Promise<UnmanagedKeysResult> {
  parseEvent(schema, event, 'FindUnmanagedKeys');
  // First, creates whose request never came back: their keys are the control plane's, not unmanaged.
  const creates = await resumeInterruptedCreates(
    { ...deps, lockLeaseMs: deps.settings.lockLeaseMinutes * 60_000 },
    deps.settings.staleCreateMinutes * 60_000,
  );
  for (const operationId of creates.resumed)
    deps.logger.warn('Resumed an interrupted create', { operationId });
  const result = await findUnmanagedKeys(deps);
  for (const item of result.findings) deps.metrics.count('UnmanagedKeys', 1, { region: item.region });
  deps.metrics.flush();
  return {
    ...result,
    findings: result.findings.slice(0, MAX_REPORTED),
    truncated: result.findings.length > MAX_REPORTED,
  };
}

/** Also the live answer for the API. ListKeys per Region, then DescribeKey only for unmanaged mrk- keys. */
export async function findUnmanagedKeys(
  deps: Pick<DriftDeps, 'kms' | 'keySets' | 'allowedRegions'>,
): Promise<Omit<UnmanagedKeysResult, 'truncated'>> {
  const managed = await managedKeyIds(deps.keySets);
  const unreachableRegions: string[] = [];
  const observed: ObservedKey[] = [];
  await Promise.all(
    deps.allowedRegions.map(async (region) => {
      try {
        const keys = await deps.kms.listKeys(region);
        const candidates = keys.filter((key) => isMrkKeyId(key.keyId) && !managed.has(key.keyId));
        const described = await Promise.all(candidates.map((key) => deps.kms.describeKey(region, key.keyId)));
        described.forEach((description, index) => {
          const key = candidates[index] as { keyId: string; arn: string };
          // Keys already deleted between the listing and the read are gone, not unmanaged.
          if (description === undefined) return;
          observed.push({
            keyId: key.keyId,
            region,
            arn: description.arn || key.arn,
            role: description.role,
          });
        });
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'KmsThrottled' && name !== 'KmsUnavailable') throw error;
        unreachableRegions.push(region);
      }
    }),
  );
  const findings = detectUnmanagedKeys(managed, observed);
  return { count: findings.length, findings, unreachableRegions: unreachableRegions.sort() };
}

export async function managedKeyIds(keySets: KeySetRepository): Promise<Set<string>> {
  const ids = new Set<string>();
  let token: string | undefined;
  do {
    const page = await keySets.listAll({ limit: 1000, nextToken: token });
    for (const keySet of page.items) ids.add(keySet.keyId);
    token = page.nextToken;
  } while (token !== undefined);
  return ids;
}
