// The operation view: type, status and per-Region progress of one mutating request.
import type { Operation } from '../../../core/model/operation.js';
import type { OperationView } from '../schemas/view-schemas.js';

export function operationView(operation: Operation, executionArn?: string): OperationView {
  return {
    operationId: operation.operationId,
    type: operation.type,
    keyId: operation.keyId,
    tenant: operation.tenant,
    status: operation.status,
    requestedBy: operation.requestedBy,
    createdAt: operation.createdAt,
    updatedAt: operation.updatedAt,
    regions: Object.fromEntries(
      Object.entries(operation.regions).map(([region, step]) => [
        region,
        {
          status: step.status,
          ...(step.note !== undefined && { note: step.note }),
          ...(step.error !== undefined && { error: { code: step.error.code, message: step.error.message } }),
          updatedAt: step.updatedAt,
        },
      ]),
    ),
    ...(operation.input !== undefined && { input: { ...operation.input } }),
    ...(operation.error !== undefined && {
      error: { code: operation.error.code, message: operation.error.message },
    }),
    ...((executionArn ?? operation.executionArn) && { executionArn: executionArn ?? operation.executionArn }),
  };
}
