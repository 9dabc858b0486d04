// Keeps state machines and executions (with their histories) on disk, one JSON file each, written
// atomically (temp file + rename) so a crash never leaves a half-written record. Writes of the same
// record within one turn of the event loop are coalesced into one.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionRecord, StateMachineRecord } from './types.js';

type Kind = 'state-machines' | 'executions';

export interface LoadedState {
  machines: StateMachineRecord[];
  executions: ExecutionRecord[];
}

export class Persistence {
  private readonly dirty = new Map<
    string,
    { kind: Kind; record: StateMachineRecord | ExecutionRecord | null }
  >();
  private scheduled = false;
  private tmpCounter = 0;

  constructor(
    private readonly dir: string,
    private readonly log: (message: string) => void,
  ) {
    mkdirSync(join(dir, 'state-machines'), { recursive: true });
    mkdirSync(join(dir, 'executions'), { recursive: true });
  }

  load(): LoadedState {
    return {
      machines: this.readAll<StateMachineRecord>('state-machines'),
      executions: this.readAll<ExecutionRecord>('executions'),
    };
  }

  save(kind: Kind, record: StateMachineRecord | ExecutionRecord): void {
    this.dirty.set(this.fileOf(kind, record.arn), { kind, record });
    this.schedule();
  }

  remove(kind: Kind, arn: string): void {
    this.dirty.set(this.fileOf(kind, arn), { kind, record: null });
    this.schedule();
  }

  /** Writes every pending change now. */
  flush(): void {
    const pending = [...this.dirty];
    this.dirty.clear();
    for (const [file, { record }] of pending) {
      if (record === null) rmSync(file, { force: true });
      else {
        const tmp = `${file}.${process.pid}.${this.tmpCounter++}.tmp`;
        writeFileSync(tmp, JSON.stringify(record));
        renameSync(tmp, file);
      }
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.flush();
      } catch (error) {
        this.log(`Step Functions service: could not write ${this.dir}: ${(error as Error).message}`);
      }
    });
  }

  // File names hash the ARN: names may hold characters file systems treat specially.
  private fileOf(kind: Kind, arn: string): string {
    return join(this.dir, kind, `${createHash('sha256').update(arn).digest('hex').slice(0, 40)}.json`);
  }

  private readAll<T extends { arn: string }>(kind: Kind): T[] {
    const records: T[] = [];
    for (const entry of readdirSync(join(this.dir, kind))) {
      if (!entry.endsWith('.json')) continue;
      try {
        const record = JSON.parse(readFileSync(join(this.dir, kind, entry), 'utf8')) as T;
        if (typeof record?.arn === 'string') records.push(record);
        else this.log(`Step Functions service: skipped ${kind}/${entry}: not a record`);
      } catch (error) {
        this.log(`Step Functions service: skipped ${kind}/${entry}: ${(error as Error).message}`);
      }
    }
    return records;
  }
}
