// The environment, parsed and validated once per process. Nothing else reads process.env
// (local/ entry points excepted). A bad or missing variable fails at start with every problem listed.
import * as z from 'zod';

const REGION = /^([a-z]+-){2,3}\d+$/;

const regionList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.string().regex(REGION, 'must be a comma-separated list of Region names like us-east-1')).min(1),
  );

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const optionalUrl = url.optional();

const schema = z.object({
  AWS_REGION: z.string().regex(REGION, 'must be a Region name like us-east-1'),
  KEYS_TABLE_NAME: z.string().min(3).max(255),
  ALLOWED_REGIONS: regionList,
  STATE_MACHINE_ARN_PREFIX: z.string().startsWith('arn:', 'must be an ARN prefix').optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWKS_URL: optionalUrl,
  KMS_ENDPOINT: optionalUrl,
  DYNAMODB_ENDPOINT: optionalUrl,
  SFN_ENDPOINT: optionalUrl,
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});

export type Config = {
  region: string;
  keysTableName: string;
  allowedRegions: readonly string[];
  stateMachineArnPrefix: string | undefined;
  jwt: { issuer: string | undefined; audience: string | undefined; jwksUrl: string | undefined };
  endpoints: { kms: string | undefined; dynamodb: string | undefined; stepFunctions: string | undefined };
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Parses the environment into a Config; throws ConfigError naming every missing or bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = schema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return env[name] === undefined || env[name] === ''
          ? `${name} is required but not set`
          : `${name} ${issue.message} (got ${JSON.stringify(env[name])})`;
      }),
    );
  }
  const value = parsed.data;
  return {
    region: value.AWS_REGION,
    keysTableName: value.KEYS_TABLE_NAME,
    allowedRegions: value.ALLOWED_REGIONS,
    stateMachineArnPrefix: value.STATE_MACHINE_ARN_PREFIX,
    jwt: { issuer: value.JWT_ISSUER, audience: value.JWT_AUDIENCE, jwksUrl: value.JWKS_URL },
    endpoints: {
      kms: value.KMS_ENDPOINT,
      dynamodb: value.DYNAMODB_ENDPOINT,
      stepFunctions: value.SFN_ENDPOINT,
    },
    logLevel: value.LOG_LEVEL,
  };
}

/**
 * loadConfig plus one function's own variables (`extra`), with every problem of both in one ConfigError.
 * Unlike loadConfig's, these messages never echo the value: the extras include secrets.
 */
export function loadConfigWith<S extends z.ZodType>(
  env: Readonly<Record<string, string | undefined>>,
  extra: S,
): { readonly base: Config; readonly extra: z.output<S> } {
  const problems: string[] = [];
  let base: Config | undefined;
  try {
    base = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const parsed = extra.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      problems.push(
        env[name] === undefined || env[name] === ''
          ? `${name} is required but not set`
          : `${name} ${issue.message}`,
      );
    }
  }
  if (problems.length > 0 || base === undefined || !parsed.success) throw new ConfigError(problems);
  return { base, extra: parsed.data };
}

function blankToUndefined(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]),
  );
}
