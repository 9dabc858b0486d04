import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';

const valid = {
  AWS_REGION: 'us-east-1',
  KEYS_TABLE_NAME: 'KeysTable',
  ALLOWED_REGIONS: 'us-east-1, eu-west-1,ap-southeast-2',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('parses a valid environment with defaults', () => {
    const config = loadConfig(valid);
    expect(config.region).toBe('us-east-1');
    expect(config.allowedRegions).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
    expect(config.logLevel).toBe('INFO');
    expect(config.endpoints.kms).toBeUndefined();
  });

  it('reads local endpoints when given', () => {
    const config = loadConfig({ ...valid, KMS_ENDPOINT: 'http://127.0.0.1:4599', LOG_LEVEL: 'DEBUG' });
    expect(config.endpoints.kms).toBe('http://127.0.0.1:4599');
    expect(config.logLevel).toBe('DEBUG');
  });

  it('names every missing variable at once', () => {
    expect(problemsOf({})).toEqual([
      'AWS_REGION is required but not set',
      'KEYS_TABLE_NAME is required but not set',
      'ALLOWED_REGIONS is required but not set',
    ]);
  });

  it('treats an empty value as missing', () => {
    expect(problemsOf({ ...valid, KEYS_TABLE_NAME: '' })).toEqual([
      'KEYS_TABLE_NAME is required but not set',
    ]);
  });

  it.each([
    ['AWS_REGION', 'useast1', 'AWS_REGION must be a Region name like us-east-1 (got "useast1")'],
    ['KMS_ENDPOINT', 'ftp://x', 'KMS_ENDPOINT must be an http(s) URL (got "ftp://x")'],
    ['LOG_LEVEL', 'LOUD', 'LOG_LEVEL'],
    ['ALLOWED_REGIONS', 'us-east-1,mars', 'ALLOWED_REGIONS'],
  ])('rejects a bad %s with its value', (name, value, expected) => {
    const problems = problemsOf({ ...valid, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
    expect(problems[0]).toContain(JSON.stringify(value));
  });

  it('puts every problem in the error message', () => {
    expect(() => loadConfig({ AWS_REGION: 'x' })).toThrow(
      /AWS_REGION must be a Region name[\s\S]*KEYS_TABLE_NAME is required/,
    );
  });
});
