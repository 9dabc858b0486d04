// Every AWS-shaped error the service reports, through the real SDK and through raw HTTP.
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, placeholder, ROLE_ARN, startHarness } from './sfn-harness.js';

let h: Harness;
let machineArn: string;
const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const missingMachine = 'arn:aws:states:us-east-1:123456789012:stateMachine:nope';
const missingExecution = 'arn:aws:states:us-east-1:123456789012:execution:nope:run';

beforeAll(async () => {
  h = await startHarness({ substitutions: { Known: 'Pass' } });
  machineArn = await h.createMachine('validation', pass);
});
afterAll(() => h.close());

const create = (name: string, definition: unknown, roleArn = ROLE_ARN) =>
  h.client.send(
    new CreateStateMachineCommand({
      name,
      definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
      roleArn,
    }),
  );

describe('CreateStateMachine and UpdateStateMachine', () => {
  it('is idempotent for the same definition and refuses a different one', async () => {
    const again = await create('validation', pass);
    expect(again.stateMachineArn).toBe(machineArn);
    await expect(
      create('validation', { StartAt: 'Q', States: { Q: { Type: 'Succeed' } } }),
    ).rejects.toMatchObject({
      name: 'StateMachineAlreadyExists',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([
    ['not JSON', '{"StartAt":'],
    ['a missing transition target', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }],
    ['a bad JSONPath', { StartAt: 'A', States: { A: { Type: 'Pass', InputPath: '$[', End: true } } }],
    [
      'a bad Task resource ARN',
      { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'lambda-foo', End: true } } },
    ],
    ['an unfilled placeholder', { StartAt: 'A', States: { A: { Type: placeholder('Unknown'), End: true } } }],
    [
      'a state name reused inside a Map',
      {
        StartAt: 'Same',
        States: {
          Same: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'Same', States: { Same: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
    ],
  ])('refuses %s with InvalidDefinition', async (_label, definition) => {
    await expect(create('bad-definition', definition)).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });

  it('names the unfilled placeholder and fills known ones', async () => {
    await expect(
      create('placeholders', {
        StartAt: 'A',
        States: { A: { Type: placeholder('Known'), Comment: placeholder('Missing'), End: true } },
      }),
    ).rejects.toThrow(/\$\{Missing\}/);
    const out = await create('placeholders', {
      StartAt: 'A',
      States: { A: { Type: placeholder('Known'), End: true } },
    });
    const described = await h.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: out.stateMachineArn }),
    );
    expect(JSON.parse(described.definition!).States.A.Type).toBe('Pass');
    expect(described).toMatchObject({
      name: 'placeholders',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: ROLE_ARN,
    });
    expect(described.creationDate).toBeInstanceOf(Date);
  });

  it('refuses bad names, role ARNs, missing members and EXPRESS', async () => {
    await expect(create('has space', pass)).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(create('x'.repeat(81), pass)).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(create('role', pass, 'not-a-role')).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(
      h.client.send(new CreateStateMachineCommand({ name: 'no-definition', roleArn: ROLE_ARN } as never)),
    ).rejects.toThrow(/Value null at 'definition' failed to satisfy constraint: Member must not be null/);
    await expect(
      h.client.send(
        new CreateStateMachineCommand({
          name: 'express',
          definition: JSON.stringify(pass),
          roleArn: ROLE_ARN,
          type: 'EXPRESS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });
  });

  it('updates the definition for new executions and needs something to update', async () => {
    const arn = await h.createMachine('updatable', pass);
    await expect(
      h.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn })),
    ).rejects.toMatchObject({
      name: 'MissingRequiredParameter',
    });
    await expect(
      h.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidDefinition' });
    const updated = await h.client.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arn,
        definition: JSON.stringify({
          StartAt: 'R',
          States: { R: { Type: 'Pass', Result: 'new', End: true } },
        }),
      }),
    );
    expect(updated.updateDate).toBeInstanceOf(Date);
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    expect((await h.service.waitForExecution(executionArn!)).output).toBe('"new"');
  });
});

describe('executions', () => {
  it('refuses malformed ARNs with InvalidArn and unknown ones with ...DoesNotExist', async () => {
    await expect(
      h.client.send(new DescribeStateMachineCommand({ stateMachineArn: 'nope' })),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
    });
    await expect(
      h.client.send(new DescribeExecutionCommand({ executionArn: machineArn })),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(
      h.client.send(new StartExecutionCommand({ stateMachineArn: missingMachine })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    for (const command of [
      new DescribeExecutionCommand({ executionArn: missingExecution }),
      new StopExecutionCommand({ executionArn: missingExecution }),
      new GetExecutionHistoryCommand({ executionArn: missingExecution }),
    ]) {
      await expect(h.client.send(command as never)).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    }
    await expect(
      h.client.send(new ListExecutionsCommand({ stateMachineArn: missingMachine })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });

  it('refuses input that is not JSON with InvalidExecutionInput', async () => {
    await expect(
      h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: '{oops' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(
      h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'bad/name' })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
  });

  it('refuses bad paging parameters', async () => {
    await expect(h.client.send(new ListStateMachinesCommand({ nextToken: 'garbage' }))).rejects.toMatchObject(
      {
        name: 'InvalidToken',
      },
    );
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn }));
    await h.service.waitForExecution(executionArn!);
    const page = await h.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1 }));
    // A token of one request is refused by another.
    await expect(
      h.client.send(
        new GetExecutionHistoryCommand({
          executionArn,
          maxResults: 1,
          reverseOrder: true,
          nextToken: page.nextToken,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      h.client.send(new ListExecutionsCommand({ stateMachineArn: machineArn, maxResults: 5000 })),
    ).rejects.toThrow(/Member must have value less than or equal to 1000/);
    await expect(h.client.send(new ListExecutionsCommand({}))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
