// Starts the local Step Functions service on a random port with a real SFN client pointed at it.
import type { AddressInfo } from 'node:net';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  createStepFunctionsService,
  type StepFunctionsService,
  type StepFunctionsServiceOptions,
} from '../../../local/stepfunctions/index.js';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/StepFunctionsRole';

export interface Harness {
  service: StepFunctionsService;
  client: SFNClient;
  url: string;
  clientFor(region: string): SFNClient;
  /** Creates a state machine from a definition object and returns its ARN. */
  createMachine(name: string, definition: unknown): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(options: StepFunctionsServiceOptions = {}): Promise<Harness> {
  const service = createStepFunctionsService({ waitScale: 0, log: () => {}, ...options });
  await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
  const clients: SFNClient[] = [];
  const clientFor = (region: string) => {
    const client = new SFNClient({
      endpoint: url,
      region,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  };
  const client = clientFor('us-east-1');
  return {
    service,
    client,
    url,
    clientFor,
    async createMachine(name, definition) {
      const out = await client.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE_ARN }),
      );
      return out.stateMachineArn!;
    },
    async close() {
      for (const c of clients) c.destroy();
      await service.close();
    },
  };
}

/** A promise with its resolve function, for handlers a test releases when it chooses. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** `${Name}` as it appears in a definition (built so lint does not mistake it for a template). */
export const placeholder = (name: string): string => `$\{${name}}`;

export const lambdaArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
