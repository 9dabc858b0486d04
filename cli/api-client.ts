// A small client of the REST API over fetch: bearer token, Idempotency-Key on writes, and errors turned
// into CliErrors that say what went wrong and what to do next.
import { randomUUID } from 'node:crypto';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes.js';

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly token?: string | undefined;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** The API answered with an error: its status, stable code and message, with a hint for a person. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details: Readonly<Record<string, unknown>> | undefined,
  ) {
    super(message, exitCodeForStatus(status), hintFor(status, code));
  }
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export class ApiClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    // One key per command: a retry of the same command after a lost answer is the caller's choice.
    if (WRITE_METHODS.has(method)) headers['idempotency-key'] ??= randomUUID();
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      });
    } catch (error) {
      throw unreachable(this.baseUrl, error);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    if (!response.ok) throw apiErrorOf(response.status, body, response.headers);
    return { status: response.status, body: body as T, headers: response.headers };
  }

  get<T>(path: string, query?: RequestOptions['query']): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, { ...(query && { query }) });
  }
}

function apiErrorOf(status: number, body: unknown, headers: Headers): ApiError {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof record.error === 'string' ? record.error : `HTTP ${status}`;
  const message =
    typeof record.message === 'string'
      ? record.message
      : typeof body === 'string' && body !== ''
        ? body.slice(0, 300)
        : `The API answered ${status}`;
  const requestId =
    typeof record.requestId === 'string' ? record.requestId : (headers.get('x-request-id') ?? undefined);
  const details =
    typeof record.details === 'object' && record.details !== null
      ? (record.details as Record<string, unknown>)
      : undefined;
  return new ApiError(status, code, message, requestId, details);
}

function hintFor(status: number, code: string): string | undefined {
  switch (status) {
    case 400:
      return 'Fix the request as the message says; `mrkctl <command> --help` lists the flags.';
    case 401:
      return 'The token is missing, expired or not trusted. Run `mrkctl login --local` for the local stack, or pass --token / MRK_TOKEN.';
    case 403:
      return 'Your roles, tenants or a guardrail do not allow this. Use a token with the right role and tenant.';
    case 404:
      return 'Check the id (`mrkctl keys list` shows the keys you may see).';
    case 409:
      return 'Another operation holds the key or its state forbids this: see `mrkctl keys get KEY`, wait for the active operation (`mrkctl ops watch OP`), then retry.';
    case 412:
      return 'The key changed since it was read. Read it again (`mrkctl keys get KEY`) and retry.';
    case 422:
      return code === 'IdempotencyKeyMismatch'
        ? 'Use a new Idempotency-Key for a different request.'
        : undefined;
    case 429:
      return 'The API or KMS is throttling; retry in a moment.';
    case 503:
      return 'A dependency (KMS, DynamoDB or Step Functions) is unavailable; retry later.';
    default:
      return undefined;
  }
}

function unreachable(baseUrl: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(
    `Cannot reach the API at ${baseUrl} (${reason}).`,
    EXIT.other,
    'Start the local stack with `npm start`, or point mrkctl at the API with --api URL or MRK_API_URL.',
  );
}
