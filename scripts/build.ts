// npm run build: bundles every function of template.yaml into dist/<LogicalId>/, prints each size,
// and exits 1 when a bundle is over the limit or a build fails. Works offline (esbuild only).
import '../local/polyfills.js';
import { join } from 'node:path';
import { BUNDLE_LIMIT_BYTES, type BundleReport, bundleFunctions } from './build/bundle-functions.js';
import { REPO_ROOT, readTemplate, templateFunctions } from './build/template-functions.js';

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function printReport(reports: readonly BundleReport[]): void {
  const width = Math.max(...reports.map((report) => report.logicalId.length));
  for (const report of [...reports].sort((a, b) => a.logicalId.localeCompare(b.logicalId))) {
    const verdict = report.overLimit ? `  OVER the ${kib(BUNDLE_LIMIT_BYTES)} limit` : '';
    console.log(
      `${report.logicalId.padEnd(width)}  ${kib(report.bytes).padStart(10)}  ${report.file}${verdict}`,
    );
  }
}

async function main(): Promise<number> {
  const functions = templateFunctions(readTemplate());
  const reports = await bundleFunctions(functions, { outRoot: join(REPO_ROOT, 'dist'), root: REPO_ROOT });
  printReport(reports);
  const over = reports.filter((report) => report.overLimit);
  if (over.length > 0) {
    console.error(
      `${over.length} of ${reports.length} bundles are over ${kib(BUNDLE_LIMIT_BYTES)}: ${over.map((r) => r.logicalId).join(', ')}`,
    );
    return 1;
  }
  console.log(`${reports.length} bundles, each within ${kib(BUNDLE_LIMIT_BYTES)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
