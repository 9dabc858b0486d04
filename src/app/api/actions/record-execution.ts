// Saves a started workflow's execution ARN on its operation, so GET /operations/{id} can show it.
import type { RouteContext } from '../routes/route.js';

/**
 * Best effort: the workflow is already running, so a failed write must not fail the request (that
 * would mark a running operation Failed); the execution is also findable by its name, the operation id.
 */
export async function recordExecution(
  context: RouteContext<unknown, unknown, unknown>,
  operationId: string,
  executionArn: string,
): Promise<void> {
  try {
    await context.deps.operations.recordExecution(operationId, executionArn);
  } catch (error) {
    context.deps.telemetry.logger.error('Could not record the execution ARN', {
      error,
      operationId,
      executionArn,
    });
  }
}
