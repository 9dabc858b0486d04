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
    /** The request path (`/keys/mrk-...`), so the hint can name the right command. */
    path = '',
  ) {
    super(message, exitCodeForStatus(status), hintFor(status, code, details ?? {}, path));
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
    if (!response.ok) throw apiErrorOf(response.status, body, response.headers, url.pathname);
    return { status: response.status, body: body as T, headers: response.headers };
  }

  get<T>(path: string, query?: RequestOptions['query']): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, { ...(query && { query }) });
  }
}

function apiErrorOf(status: number, body: unknown, headers: Headers, path: string): ApiError {
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
  return new ApiError(status, code, message, requestId, details, path);
}

/** What to do next, from the status, the error's details and what was asked (path). */
function hintFor(
  status: number,
  code: string,
  details: Readonly<Record<string, unknown>>,
  path: string,
): string | undefined {
  const keyId = /^\/keys\/([^/]+)/.exec(path)?.[1];
  const key = keyId === undefined || keyId === 'adopt' ? 'KEY' : decodeURIComponent(keyId);
  switch (status) {
    case 400:
      return 'Fix the request as the message says; `mrkctl <command> --help` lists the flags.';
    case 401:
      return 'The token is missing, expired or not trusted. Run `mrkctl login --local` for the local stack, or pass --token / MRK_TOKEN.';
    case 403:
      return forbiddenHint(details);
    case 404:
      if (path.startsWith('/operations/'))
        return "Check the operation id: it is printed when an operation starts, and `mrkctl keys get KEY` shows a key's active one.";
      if (/^\/keys\/[^/]+\/remediations\//.test(path))
        return `Check the remediation id (\`mrkctl keys drift ${key} --stored\` shows the pending one).`;
      return 'Check the key id (`mrkctl keys list` shows the keys you may see).';
    case 409:
      if (typeof details.activeOperationId === 'string')
        return `Operation ${details.activeOperationId} holds the key: wait for it (\`mrkctl ops watch ${details.activeOperationId}\`), then retry.`;
      if (Array.isArray(details.regions) && /\/replicas$/.test(path))
        return `Those Regions already hold members of the key set: name only new Regions (\`mrkctl keys get ${key}\` lists the members).`;
      return `The key's current state forbids this: see its status and members with \`mrkctl keys get ${key}\`.`;
    case 412:
      return `The key changed since it was read. Read it again (\`mrkctl keys get ${key}\`) and retry.`;
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

/** A 403 names its rule in details.rule: the role, the tenant, or one guardrail. */
function forbiddenHint(details: Readonly<Record<string, unknown>>): string {
  switch (details.rule) {
    case 'role':
      return 'Your token\'s roles lack this permission: use a token with a role that has it (README "Roles and what each may do").';
    case 'tenantAccess':
      return 'Your token is not for that tenant: use a token whose `tenants` include it, or an admin token.';
    case 'allowedRegions':
    case 'allowedPartitions':
      return 'That Region is not one the control plane may use (ALLOWED_REGIONS; for the local stack, restart it with `npm start -- --regions A,B,...`). Pick an allowed Region.';
    case 'tenantResidency':
      return "That Region is outside the tenant's data residency (GUARDRAIL_RULES tenantResidency): pick one of the Regions the message lists.";
    case undefined:
      return 'Your roles, tenants or a guardrail do not allow this. Use a token with the right role and tenant.';
    default:
      return `The guardrail ${String(details.rule)} forbids this: change the request as the message says (the rules are in GUARDRAIL_RULES).`;
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
