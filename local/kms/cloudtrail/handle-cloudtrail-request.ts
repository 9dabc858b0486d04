// CloudTrail's AWS JSON 1.1 endpoint on the KMS emulator's port ("behind one port"): LookupEvents
// answers from the emulator's event log for the Region of the SigV4 credential scope (signing name cloudtrail).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KmsEmulator } from '../emulator.js';
import { KmsError } from '../protocol/errors.js';
import { readBody } from '../protocol/read-body.js';
import { callerOf } from '../protocol/sigv4-scope.js';
import { type LookupInput, lookupEvents } from './lookup-events.js';

/** The target prefix of the API reference (botocore sends it); the JS SDK v3 sends the short form. */
export const CLOUDTRAIL_TARGET_PREFIX = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';
const SHORT_PREFIX = 'CloudTrail_20131101.';

function operationOf(req: IncomingMessage): string | undefined {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith(CLOUDTRAIL_TARGET_PREFIX)) return target.slice(CLOUDTRAIL_TARGET_PREFIX.length);
  if (target.startsWith(SHORT_PREFIX)) return target.slice(SHORT_PREFIX.length);
  return undefined;
}

/** True when the request is for CloudTrail rather than KMS (the emulator's index routes on this). */
export function isCloudTrailRequest(req: IncomingMessage): boolean {
  return operationOf(req) !== undefined;
}

export async function handleCloudTrailRequest(
  emulator: KmsEmulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const body = await readJson(req);
    const operation = operationOf(req);
    // Only LookupEvents: the one CloudTrail call the control plane makes.
    if (operation !== 'LookupEvents') throw new KmsError('UnknownOperationException');
    const { region } = callerOf(req.headers.authorization, emulator.options);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new KmsError('SerializationException', 'The request body must be a JSON object.');
    }
    emulator.settle();
    const output = lookupEvents(emulator.events.query(region), body as LookupInput, emulator.clock.now());
    send(res, 200, requestId, output);
  } catch (error) {
    const known = error instanceof KmsError ? error : new KmsError('InternalFailure', 'Internal error', 500);
    if (!(error instanceof KmsError)) console.error('KMS emulator: CloudTrail request failed', error);
    send(res, known.status, requestId, known.body());
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') throw new KmsError('UnknownOperationException');
  const raw = await readBody(req);
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new KmsError('SerializationException', 'The request body is not valid JSON.');
  }
}

function send(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}
