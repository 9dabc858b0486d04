// Error names are the contract with ASL Retry/Catch and API callers; SAM minifies bundles without
// keepNames, so the names must survive minification. Bundle the error modules minified and check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'errors-minified-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODULES = [
  'src/core/errors.ts',
  'src/core/workflows/kms-errors.ts',
  'src/core/workflows/workflow-errors.ts',
  'src/app/http/http-errors.ts',
];

describe('error names in minified bundles', () => {
  it.each(MODULES)('%s keeps the name of every exported error', async (module) => {
    const outfile = join(dir, `${module.replaceAll('/', '_')}.mjs`);
    await build({
      entryPoints: [module],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      outfile,
      logLevel: 'silent',
    });
    const minified = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
    // A module named at run time: vite cannot (and need not) resolve it ahead, so it is told not to try.
    const source = (await import(/* @vite-ignore */ join(ROOT, module))) as Record<string, unknown>;
    const errorClasses = Object.entries(source).filter(
      ([, value]) =>
        typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof Error,
    );
    const concrete = errorClasses.filter(([exportName]) => exportName !== 'DomainError');
    expect(concrete.length).toBeGreaterThan(0);
    for (const [exportName, Source] of concrete) {
      const Minified = minified[exportName] as new (message: string) => Error;
      const expected = new (Source as new (message: string) => Error)('x').name;
      expect(expected).not.toBe('Error');
      expect(new Minified('x').name).toBe(expected);
    }
  });
});
