// Each drift kind made out of band through the emulator, found by the scan, remediated (auto and
// approve) and gone on the next scan.
import {
  DisableKeyCommand,
  EnableKeyRotationCommand,
  PutKeyPolicyCommand,
  TagResourceCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRemediation } from '../../../src/app/drift/approve-remediation.js';
import { type DriftStack, kindsOf, PRIMARY, startDriftStack } from './drift-harness.js';

let stack: DriftStack;
beforeAll(async () => {
  stack = await startDriftStack();
});
afterAll(() => stack.close());

describe('drift findings and remediation', () => {
  it('repairs independent property drift automatically', async () => {
    const keySet = await stack.provisioned([PRIMARY, 'eu-west-1']);
    const { keyId } = keySet;
    await stack.scan();
    expect((await stack.drift(keyId)).status).toBe('InSync');
    const west = stack.kms.client('eu-west-1');
    await west.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'changed by hand' }));
    await west.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'extra', TagValue: 'x' }] }));
    await west.send(new DisableKeyCommand({ KeyId: keyId }));
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'x',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${keySet.account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
    await west.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policy }));
    await stack.scan();
    const found = await stack.drift(keyId);
    expect(kindsOf(found)).toEqual([
      'PropertyDrift:description@eu-west-1',
      'PropertyDrift:enabled@eu-west-1',
      'PropertyDrift:policy@eu-west-1',
      'PropertyDrift:tags@eu-west-1',
    ]);
    expect(found.remediation).toBeUndefined();

    await stack.setPolicy(keyId, 'auto');
    await stack.scan();
    const started = await stack.drift(keyId);
    expect(started.remediation).toMatchObject({ status: 'Started', kinds: ['PropertyDrift'] });
    const operationId = started.remediation?.operationId as string;
    expect(await stack.awaitOperation('sync-properties', operationId)).toBe('Succeeded');
    // The scan records the execution it started, as the API does for its own operations.
    expect((await stack.workflows.deps.operations.get(operationId))?.executionArn).toContain(
      `:execution:sync-properties:${operationId}`,
    );
    await stack.scan();
    const clean = await stack.drift(keyId);
    expect(clean.status).toBe('InSync');
    expect(clean.findings).toEqual([]);
  });

  it('proposes a rotation repair under approve and runs it once approved', async () => {
    const { keyId } = await stack.provisioned([PRIMARY]);
    await stack.setPolicy(keyId, 'approve');
    await stack.kms.client(PRIMARY).send(new EnableKeyRotationCommand({ KeyId: keyId }));
    await stack.scan();
    const proposed = await stack.drift(keyId);
    expect(kindsOf(proposed)).toEqual(['SharedPropertyDrift:rotation@us-east-1']);
    expect(proposed.remediation).toMatchObject({
      status: 'AwaitingApproval',
      kinds: ['SharedPropertyDrift'],
    });
    const remediationId = proposed.remediation?.operationId as string;
    // A second scan of the same drift keeps the same proposal instead of making another.
    await stack.scan();
    expect((await stack.drift(keyId)).remediation?.operationId).toBe(remediationId);

    const approved = await approveRemediation(stack.workflows.driftDeps, {
      keyId,
      remediationId,
      approver: 'alice',
    });
    expect(approved.executionArn).toContain(':execution:sync-properties:');
    expect(approved.operation.executionArn).toBe(approved.executionArn);
    expect(await stack.awaitOperation('sync-properties', remediationId)).toBe('Succeeded');
    await expect(
      approveRemediation(stack.workflows.driftDeps, { keyId, remediationId, approver: 'alice' }),
    ).rejects.toThrow(/not awaiting approval/);
    await stack.scan();
    expect((await stack.drift(keyId)).status).toBe('InSync');
    const audit = await stack.workflows.deps.audit.listByKey(keyId, { limit: 1000 });
    const actions = audit.items.map((event) => `${event.action}:${event.actor}`);
    expect(actions).toContain('RemediationProposed:system:drift-scan');
    expect(actions).toContain('ReconcileRequested:alice');
    expect(actions).toContain('DriftDetected:system:drift-scan');
    expect(actions).toContain('DriftResolved:system:drift-scan');
  });
});
