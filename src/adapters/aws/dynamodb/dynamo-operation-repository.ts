// DynamoOperationRepository: operation records with idempotent create and one-way final statuses.
import { ConflictError, NotFoundError } from '../../../core/errors.js';
import type {
  Operation,
  OperationError,
  OperationStatus,
  RegionStep,
} from '../../../core/model/operation.js';
import { NOT_STARTED_ERROR_CODE } from '../../../core/model/operation.js';
import type { Clock } from '../../../core/ports/clock.js';
import type { OperationRepository } from '../../../core/ports/operation-repository.js';
import type { Page, PageRequest } from '../../../core/ports/page.js';
import { isConditionFailed } from './dynamo-errors.js';
import type { KeysTable } from './keys-table.js';
import { fromOperationItem, operationKey, toOperationItem } from './operation-item.js';
import { UpdateBuilder } from './update-builder.js';

export class DynamoOperationRepository implements OperationRepository {
  constructor(
    private readonly table: KeysTable,
    private readonly clock: Clock,
  ) {}

  async create(operation: Operation): Promise<Operation> {
    try {
      await this.table.put({
        Item: toOperationItem(operation),
        ConditionExpression: 'attribute_not_exists(PK)',
      });
      return operation;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const existing = await this.get(operation.operationId);
      if (existing !== undefined && existing.type === operation.type && existing.keyId === operation.keyId)
        return existing;
      throw new ConflictError(`Operation ${operation.operationId} already exists for another request`, {
        cause: error,
        details: { operationId: operation.operationId },
      });
    }
  }

  async get(operationId: string): Promise<Operation | undefined> {
    const item = await this.table.get(operationKey(operationId));
    return item === undefined ? undefined : fromOperationItem(item);
  }

  async recordStep(operationId: string, region: string, step: RegionStep): Promise<Operation> {
    const update = new UpdateBuilder()
      .set(['regions', region], step)
      .set('updatedAt', this.clock.now().toISOString())
      .condition('attribute_exists(PK)');
    return this.updateExisting(operationId, update);
  }

  async setStatus(
    operationId: string,
    status: OperationStatus,
    extra: { readonly error?: OperationError; readonly executionArn?: string } = {},
  ): Promise<Operation> {
    const update = new UpdateBuilder().set('status', status).set('updatedAt', this.clock.now().toISOString());
    if (extra.error !== undefined) update.set('error', extra.error);
    if (extra.executionArn !== undefined) update.set('executionArn', extra.executionArn);
    // A finished operation stays finished; repeating the same final status (a retried task) is harmless.
    update.condition('attribute_exists(PK)').condition(
      '#st IN (:pending, :running) OR #st = :target',
      { '#st': 'status' },
      {
        ':pending': 'Pending',
        ':running': 'Running',
        ':target': status,
      },
    );
    return this.updateOrExplain(operationId, update, (current) => `already finished as ${current}`);
  }

  async reopen(operationId: string): Promise<Operation> {
    const update = new UpdateBuilder()
      .set('status', 'Pending')
      .set('updatedAt', this.clock.now().toISOString())
      .remove('error')
      .condition(
        '#st = :failed AND #err.#code = :notStarted',
        { '#st': 'status', '#err': 'error', '#code': 'code' },
        {
          ':failed': 'Failed',
          ':notStarted': NOT_STARTED_ERROR_CODE,
        },
      );
    return this.updateOrExplain(operationId, update, (current) => `is ${current} and cannot be reopened`);
  }

  async recordExecution(operationId: string, executionArn: string): Promise<Operation> {
    // No status condition: the execution may already have finished the operation.
    const update = new UpdateBuilder().set('executionArn', executionArn).condition('attribute_exists(PK)');
    return this.updateExisting(operationId, update);
  }

  async listByKey(keyId: string, page?: PageRequest): Promise<Page<Operation>> {
    const result = await this.table.queryPage(
      `operations:key:${keyId}`,
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `KEY#${keyId}`, ':prefix': 'OP#' },
        ScanIndexForward: false,
      },
      page,
    );
    return { ...result, items: result.items.map(fromOperationItem) };
  }

  /** Applies a conditional status change; a failed condition reads the record once to say why (404 or 409). */
  private async updateOrExplain(
    operationId: string,
    update: UpdateBuilder,
    why: (status: OperationStatus) => string,
  ): Promise<Operation> {
    try {
      return await this.update(operationId, update);
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const current = await this.get(operationId);
      if (current === undefined) throw notFound(operationId, error);
      throw new ConflictError(`Operation ${operationId} ${why(current.status)}`, {
        cause: error,
        details: { operationId, status: current.status },
      });
    }
  }

  /** Applies an update whose only condition that can fail is the record's existence. */
  private async updateExisting(operationId: string, update: UpdateBuilder): Promise<Operation> {
    try {
      return await this.update(operationId, update);
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      throw notFound(operationId, error);
    }
  }

  private async update(operationId: string, update: UpdateBuilder): Promise<Operation> {
    return fromOperationItem(
      (await this.table.update({
        Key: operationKey(operationId),
        ...update.build(),
        ReturnValues: 'ALL_NEW',
      }))!,
    );
  }
}

function notFound(operationId: string, cause: unknown): NotFoundError {
  return new NotFoundError(`Operation ${operationId} does not exist`, { cause, details: { operationId } });
}
