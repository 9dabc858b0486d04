// SfnWorkflowStarter against a mocked SFN client: execution named after the operation, errors mapped.
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnWorkflowStarter } from '../../../../src/adapters/aws/sfn/sfn-workflow-starter.js';

const sfn = mockClient(SFNClient);
const prefix = 'arn:aws:states:us-east-1:123456789012:stateMachine:';
const starter = new SfnWorkflowStarter({
  client: new SFNClient({}),
  stateMachineArn: SfnWorkflowStarter.arnsFromPrefix(prefix),
});

beforeEach(() => sfn.reset());

describe('SfnWorkflowStarter', () => {
  it('starts the workflow named after the operation, with the input as JSON', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
    const input = { operationId: 'op-1', keyId: 'mrk-1', regions: ['eu-west-1'] };
    await expect(starter.start('replicate-key', input)).resolves.toEqual({ executionArn: 'arn:exec' });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: `${prefix}replicate-key`,
      name: 'op-1',
      input: JSON.stringify(input),
    });
  });

  it('reports a second start with another input as a ConflictError', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    await expect(starter.start('delete-key', { operationId: 'op-1', keyId: 'mrk-1' })).rejects.toMatchObject({
      name: 'ConflictError',
      details: { awsError: 'ExecutionAlreadyExists', workflow: 'delete-key' },
    });
  });
});
