// The wire protocol: malformed requests get 400 JSON errors and the server keeps serving; Region from SigV4.
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, ROLE_ARN, startHarness } from './sfn-harness.js';

let h: Harness;
let machineArn: string;
const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

beforeAll(async () => {
  h = await startHarness();
  machineArn = await h.createMachine('validation', pass);
});
afterAll(() => h.close());

describe('protocol', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(h.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        ...headers,
      },
      body,
    });

  it.each([
    ['garbage', 'not json at all', {}, 'SerializationException'],
    ['a JSON array', '[1,2]', {}, 'SerializationException'],
    ['a member of the wrong type', '{"maxResults":"ten"}', {}, 'SerializationException'],
    [
      'an unknown target',
      '{}',
      { 'x-amz-target': 'AWSStepFunctions.LaunchRocket' },
      'UnknownOperationException',
    ],
    [
      'another service target',
      '{}',
      { 'x-amz-target': 'TrentService.ListKeys' },
      'UnknownOperationException',
    ],
    ['a wrong content type', '{}', { 'content-type': 'text/plain' }, 'SerializationException'],
  ])('answers %s with 400 JSON', async (_label, body, headers, type) => {
    const res = await post(body, headers);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await res.json()).toMatchObject({ __type: type, message: expect.any(String) });
  });

  it('answers a GET and an oversized body with 400, and keeps serving', async () => {
    const get = await fetch(h.url);
    expect(get.status).toBe(400);
    const huge = await post(`{"nextToken":"${'x'.repeat(9 * 1024 * 1024)}"}`);
    expect(huge.status).toBe(400);
    expect(await huge.json()).toMatchObject({ __type: 'SerializationException' });
    const ok = await post('{}');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveProperty('stateMachines');
    expect((await h.client.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }))).name).toBe(
      'validation',
    );
  });

  it('takes the Region from the SigV4 credential scope', async () => {
    const res = await post(
      JSON.stringify({ name: 'scoped', definition: JSON.stringify(pass), roleArn: ROLE_ARN }),
      {
        'x-amz-target': 'AWSStepFunctions.CreateStateMachine',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKID/20260101/ap-southeast-2/states/aws4_request, SignedHeaders=host, Signature=x',
      },
    );
    expect(await res.json()).toMatchObject({
      stateMachineArn: 'arn:aws:states:ap-southeast-2:123456789012:stateMachine:scoped',
      creationDate: expect.any(Number),
    });
  });
});
