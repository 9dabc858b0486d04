// InMemoryOperationRepository: the OperationRepository contract in a Map, for tests.
import { ConflictError, NotFoundError } from '../errors.js';
import type { Operation, OperationError, OperationStatus, RegionStep } from '../model/operation.js';
import { neverStarted, TERMINAL_OPERATION_STATUSES } from '../model/operation.js';
import type { Clock } from '../ports/clock.js';
import type { OperationRepository } from '../ports/operation-repository.js';
import type { Page, PageRequest } from '../ports/page.js';
import { pageOf } from './fake-paging.js';

export class InMemoryOperationRepository implements OperationRepository {
  readonly #items = new Map<string, Operation>();

  constructor(private readonly clock: Clock) {}

  async create(operation: Operation): Promise<Operation> {
    const existing = this.#items.get(operation.operationId);
    if (existing !== undefined) {
      if (existing.type === operation.type && existing.keyId === operation.keyId)
        return structuredClone(existing);
      throw new ConflictError(`Operation ${operation.operationId} already exists for another request`, {
        details: { operationId: operation.operationId },
      });
    }
    this.#items.set(operation.operationId, structuredClone(operation));
    return structuredClone(operation);
  }

  async get(operationId: string): Promise<Operation | undefined> {
    return structuredClone(this.#items.get(operationId));
  }

  async recordStep(operationId: string, region: string, step: RegionStep): Promise<Operation> {
    const current = this.#require(operationId);
    return this.#store({
      ...current,
      regions: { ...current.regions, [region]: step },
      updatedAt: this.#now(),
    });
  }

  async setStatus(
    operationId: string,
    status: OperationStatus,
    extra: { readonly error?: OperationError; readonly executionArn?: string } = {},
  ): Promise<Operation> {
    const current = this.#require(operationId);
    if (TERMINAL_OPERATION_STATUSES.has(current.status) && current.status !== status) {
      throw new ConflictError(`Operation ${operationId} already finished as ${current.status}`, {
        details: { operationId, status: current.status },
      });
    }
    return this.#store({ ...current, ...extra, status, updatedAt: this.#now() });
  }

  async reopen(operationId: string): Promise<Operation> {
    const current = this.#require(operationId);
    if (!neverStarted(current)) {
      throw new ConflictError(`Operation ${operationId} is ${current.status} and cannot be reopened`, {
        details: { operationId, status: current.status },
      });
    }
    const { error: _error, ...rest } = current;
    return this.#store({ ...rest, status: 'Pending', updatedAt: this.#now() });
  }

  async recordExecution(operationId: string, executionArn: string): Promise<Operation> {
    return this.#store({ ...this.#require(operationId), executionArn });
  }

  async listByKey(keyId: string, page?: PageRequest): Promise<Page<Operation>> {
    const items = [...this.#items.values()]
      .filter((item) => item.keyId === keyId)
      .sort((a, b) => (`${a.createdAt}#${a.operationId}` < `${b.createdAt}#${b.operationId}` ? 1 : -1));
    return pageOf(
      items.map((item) => structuredClone(item)),
      `key:${keyId}`,
      page,
    );
  }

  #require(operationId: string): Operation {
    const current = this.#items.get(operationId);
    if (current === undefined)
      throw new NotFoundError(`Operation ${operationId} does not exist`, { details: { operationId } });
    return current;
  }

  #store(operation: Operation): Operation {
    this.#items.set(operation.operationId, operation);
    return structuredClone(operation);
  }

  #now(): string {
    return this.clock.now().toISOString();
  }
}
