// The AWS JSON 1.0 front door: guards in the order AWS applies them (body, content type, JSON,
// X-Amz-Target, SigV4 credential scope, input shape), then the operation; every failure is a
// `{"__type", "message"}` answer, never a crash.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkInput } from './input-shape.js';
import type { OperationContext } from './operations/operation.js';
import { operations } from './operations/registry.js';
import { errors, isSfnError, type SfnError } from './sfn-error.js';

const TARGET_PREFIX = 'AWSStepFunctions.';
// The largest legal request (a 1 MiB definition) fits with room for JSON escaping.
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//;

export interface HttpHandlerDeps {
  contextFor(region: string): OperationContext;
  defaultRegion: string;
  log: (message: string) => void;
}

export function createRequestListener(deps: HttpHandlerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = randomUUID();
    res.on('error', () => {}); // a client that hung up is not our fault
    req.on('error', () => {});
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        send(res, requestId, errors.serialization(`Request body exceeds ${MAX_BODY_BYTES} bytes`));
        return;
      }
      let answer: Record<string, unknown> | SfnError;
      try {
        answer = handle(deps, req, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        if (isSfnError(error)) answer = error;
        else {
          deps.log(`Step Functions service: internal error: ${(error as Error)?.stack ?? String(error)}`);
          answer = errors.internal();
        }
      }
      send(res, requestId, answer);
    });
  };
}

function handle(deps: HttpHandlerDeps, req: IncomingMessage, text: string): Record<string, unknown> {
  if (req.method !== 'POST') throw errors.unknownOperation(`Unsupported method ${req.method}; use POST`);
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/x-amz-json-1.0' && contentType !== 'application/json') {
    throw errors.serialization(
      `Unsupported Content-Type '${contentType}'; expected application/x-amz-json-1.0`,
    );
  }
  const body = parseBody(text);
  const target = String(req.headers['x-amz-target'] ?? '');
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const operation = name !== undefined && Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) throw errors.unknownOperation(`Unknown operation ${target || '(no X-Amz-Target)'}`);
  const region = CREDENTIAL_SCOPE.exec(String(req.headers.authorization ?? ''))?.[1] ?? deps.defaultRegion;
  checkInput(operation.input, body);
  return operation.run(deps.contextFor(region), body as never);
}

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw errors.serialization('Request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw errors.serialization('Request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function send(res: ServerResponse, requestId: string, answer: Record<string, unknown> | SfnError): void {
  if (res.headersSent || res.destroyed) return;
  const error = isSfnError(answer) ? answer : undefined;
  const payload = JSON.stringify(error ? { __type: error.code, message: error.message } : answer);
  res.writeHead(error ? error.status : 200, {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': requestId,
    ...(error && { 'x-amzn-ErrorType': error.code }),
  });
  res.end(payload);
}
