// esbuild bundles of the template's functions: one folder per logical id, the options SAM is told to use.
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import type { TemplateFunction } from './template-functions.js';

/** Largest minified bundle allowed: keeps cold starts short and catches a dependency pulled in by mistake. */
export const BUNDLE_LIMIT_BYTES = 400 * 1024;

/** Gives CommonJS code inside an ESM bundle a working `require` (esbuild's shim throws on Node built-ins). */
export const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * What every function's `Metadata.BuildProperties` must say (besides EntryPoints), so that `sam build`
 * makes the bundles `npm run build` measures. `@aws-sdk/*` is external because the nodejs22.x runtime
 * ships AWS SDK v3 and the SDK alone (~370 KiB minified per function) exceeds the bundle limit;
 * module-first main fields let esbuild tree-shake the ESM builds of what remains.
 */
export const STANDARD_BUILD_PROPERTIES = {
  Format: 'esm',
  Minify: true,
  Sourcemap: true,
  Target: 'node22',
  MainFields: 'module,main',
  External: ['@aws-sdk/*'],
  Banner: [`js=${REQUIRE_BANNER}`],
  OutExtension: ['.js=.mjs'],
} as const;

export interface BundleReport {
  readonly logicalId: string;
  /** The bundle file, e.g. dist/ReplicateRegionFunction/replicate-region.mjs. */
  readonly file: string;
  readonly bytes: number;
  readonly overLimit: boolean;
  /** Names the bundle exports (the runtime calls the handler's export). */
  readonly exports: readonly string[];
}

export function esbuildOptions(fn: TemplateFunction, outDir: string, root: string): BuildOptions {
  const standard = STANDARD_BUILD_PROPERTIES;
  return {
    absWorkingDir: root,
    entryPoints: [fn.entryPoint],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: standard.Format,
    target: standard.Target,
    minify: standard.Minify,
    sourcemap: standard.Sourcemap,
    mainFields: standard.MainFields.split(','),
    external: [...standard.External],
    banner: { js: REQUIRE_BANNER },
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'silent',
  };
}

/** Bundles every function into `<outRoot>/<logicalId>/` (each folder emptied first) and measures each bundle. */
export async function bundleFunctions(
  functions: readonly TemplateFunction[],
  options: { readonly outRoot: string; readonly root: string },
): Promise<BundleReport[]> {
  return Promise.all(
    functions.map(async (fn) => {
      const outDir = join(options.outRoot, fn.logicalId);
      await rm(outDir, { recursive: true, force: true });
      const result = await build(esbuildOptions(fn, outDir, options.root)).catch((error: Error) => {
        throw new Error(`${fn.logicalId} (${fn.entryPoint}) failed to build:\n${error.message}`);
      });
      const [file, output] = Object.entries(result.metafile?.outputs ?? {}).find(([name]) =>
        name.endsWith('.mjs'),
      ) ?? [undefined, undefined];
      if (file === undefined || output === undefined)
        throw new Error(`${fn.logicalId}: esbuild wrote no .mjs file`);
      const bytes = (await stat(join(options.root, file))).size;
      return {
        logicalId: fn.logicalId,
        file,
        bytes,
        overLimit: bytes > BUNDLE_LIMIT_BYTES,
        exports: output.exports,
      };
    }),
  );
}
