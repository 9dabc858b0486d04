// The service's state: state machines by ARN, executions by ARN and per state machine (in start
// order), mirrored to disk when a Persistence is given.
import type { Persistence } from './persistence.js';
import type { ExecutionRecord, StateMachineRecord } from './types.js';

export class SfnStore {
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly byMachine = new Map<string, ExecutionRecord[]>();
  private seq = 0;

  constructor(private readonly persistence?: Persistence) {}

  /** Loads records read from disk without writing them back. */
  restore(machines: StateMachineRecord[], executions: ExecutionRecord[]): void {
    for (const machine of machines) this.machines.set(machine.arn, machine);
    for (const execution of [...executions].sort((a, b) => a.seq - b.seq)) this.index(execution);
  }

  machine(arn: string): StateMachineRecord | undefined {
    return this.machines.get(arn);
  }

  machinesIn(account: string, region: string): StateMachineRecord[] {
    return [...this.machines.values()]
      .filter((machine) => machine.account === account && machine.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  putMachine(machine: StateMachineRecord): void {
    this.machines.set(machine.arn, machine);
    this.persistence?.save('state-machines', machine);
  }

  deleteMachine(arn: string): void {
    this.machines.delete(arn);
    this.persistence?.remove('state-machines', arn);
  }

  execution(arn: string): ExecutionRecord | undefined {
    return this.executions.get(arn);
  }

  allExecutions(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  /** Executions of one state machine, oldest first. */
  executionsOf(machineArn: string): readonly ExecutionRecord[] {
    return this.byMachine.get(machineArn) ?? [];
  }

  nextSeq(): number {
    return ++this.seq;
  }

  addExecution(execution: ExecutionRecord): void {
    this.index(execution);
    this.executionChanged(execution);
  }

  executionChanged(execution: ExecutionRecord): void {
    this.persistence?.save('executions', execution);
  }

  flush(): void {
    this.persistence?.flush();
  }

  private index(execution: ExecutionRecord): void {
    this.executions.set(execution.arn, execution);
    const list = this.byMachine.get(execution.stateMachineArn) ?? [];
    list.push(execution);
    this.byMachine.set(execution.stateMachineArn, list);
    this.seq = Math.max(this.seq, execution.seq);
  }
}
