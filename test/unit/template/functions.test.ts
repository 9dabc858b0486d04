// Every function of template.yaml: its entry point exists and exports the handler, it is built and run the
// project's way, its environment satisfies the config loader, and every functions/ entry file is deployed.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { STANDARD_BUILD_PROPERTIES } from '../../../scripts/build/bundle-functions.js';
import { loadConfig } from '../../../src/app/config.js';
import { functions, REPO_ROOT, resolvedEnvironment } from './template-model.js';

const FUNCTION_AREAS = ['api', 'authorizer', 'tasks', 'drift', 'audit'];

async function exportsOf(entry: string): Promise<readonly string[]> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    bundle: false,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((output) => output.exports);
}

describe('template functions', () => {
  it('are declared', () => {
    expect(functions.length).toBeGreaterThan(0);
  });

  describe.each(functions.map((fn) => [fn.logicalId, fn] as const))('%s', (_, fn) => {
    it('has an entry point that exists and exports the handler the runtime calls', async () => {
      expect(existsSync(join(REPO_ROOT, fn.entryPoint)), `${fn.entryPoint} does not exist`).toBe(true);
      expect(basename(fn.entryPoint).replace(/\.ts$/, ''), 'Handler file = entry point file').toBe(
        fn.handlerFile,
      );
      expect(await exportsOf(fn.entryPoint)).toContain(fn.handlerExport);
    });

    it('runs on nodejs22.x arm64, built by esbuild with the standard properties', () => {
      const properties = fn.resource.Properties ?? {};
      expect(properties.Runtime).toBe('nodejs22.x');
      expect(properties.Architectures).toEqual(['arm64']);
      expect(fn.buildMethod).toBe('esbuild');
      const { EntryPoints: _entry, ...rest } = fn.buildProperties;
      expect(rest).toEqual(STANDARD_BUILD_PROPERTIES);
    });

    it('gets the Powertools and log-level settings', () => {
      const env = resolvedEnvironment(fn);
      expect(env.POWERTOOLS_SERVICE_NAME, 'POWERTOOLS_SERVICE_NAME').toMatch(/^mrk-control-plane/);
      expect(env.POWERTOOLS_LOG_LEVEL, 'POWERTOOLS_LOG_LEVEL').toBeDefined();
      expect(env.LOG_LEVEL, 'LOG_LEVEL').toBeDefined();
      expect(env.NODE_OPTIONS, 'source maps in stack traces').toContain('--enable-source-maps');
    });

    it('has an environment the config loader accepts (AWS_REGION is set by Lambda)', () => {
      const env = resolvedEnvironment(fn, { KeysTable: 'mrk-control-plane-KeysTable' });
      expect(Object.keys(env), 'AWS_REGION is reserved by Lambda').not.toContain('AWS_REGION');
      expect(() => loadConfig({ ...env, AWS_REGION: 'us-east-1' })).not.toThrow();
    });
  });

  it('deploy every entry file under functions/ (a new handler file needs its function)', () => {
    const declared = new Set(functions.map((fn) => fn.entryPoint));
    const files = FUNCTION_AREAS.flatMap((area) => {
      const dir = join(REPO_ROOT, 'functions', area);
      return existsSync(dir)
        ? readdirSync(dir)
            .filter((name) => name.endsWith('.ts'))
            .map((name) => `functions/${area}/${name}`)
        : [];
    });
    expect(files.filter((file) => !declared.has(file))).toEqual([]);
  });

  it('use distinct entry points and handler files (dist/<LogicalId>/<file>.mjs)', () => {
    const entries = functions.map((fn) => fn.entryPoint);
    expect(new Set(entries).size).toBe(entries.length);
  });
});
