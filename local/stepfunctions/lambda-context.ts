// A Lambda-shaped context for in-process task handlers, so middy and Powertools find the fields
// they read (function name, request id, remaining time) exactly as under the Lambda runtime.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LambdaContextInput {
  functionName: string;
  invokedFunctionArn: string;
  timeoutMs: number;
  now: () => number;
}

export function lambdaContext({
  functionName,
  invokedFunctionArn,
  timeoutMs,
  now,
}: LambdaContextInput): Context {
  const deadline = now() + timeoutMs;
  const requestId = randomUUID();
  const noop = () => {};
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn,
    memoryLimitInMB: '128',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}
