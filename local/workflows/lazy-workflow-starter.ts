// A WorkflowStarter for tasks that start other workflows (drift remediation) in the local stack: the
// Step Functions service's port is known only once it listens, so the SFN client is made on first use.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnWorkflowStarter } from '../../src/adapters/aws/sfn/sfn-workflow-starter.js';
import type { WorkflowInput, WorkflowName, WorkflowStarter } from '../../src/core/ports/workflow-starter.js';

export class LazyWorkflowStarter implements WorkflowStarter {
  #target: { server: Server; arns: Readonly<Record<string, string>> } | undefined;
  #starter: SfnWorkflowStarter | undefined;

  constructor(
    private readonly region: string,
    private readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  ) {}

  /** Called by register(): where the machines are and their ARNs. */
  bind(server: Server, arns: Readonly<Record<string, string>>): void {
    this.#target = { server, arns };
    this.#starter = undefined;
  }

  start(workflow: WorkflowName, input: WorkflowInput): Promise<{ readonly executionArn: string }> {
    if (this.#starter === undefined) {
      const target = this.#target;
      const address = target?.server.address() as AddressInfo | null | undefined;
      if (target === undefined || address === null || address === undefined) {
        throw new Error('The local Step Functions service is not listening yet');
      }
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const client = new SFNClient({
        region: this.region,
        endpoint: `http://${host}:${address.port}`,
        credentials: this.credentials,
      });
      this.#starter = new SfnWorkflowStarter({
        client,
        stateMachineArn: (name) => target.arns[name] ?? `unknown:${name}`,
      });
    }
    return this.#starter.start(workflow, input);
  }
}
