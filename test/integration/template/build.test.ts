// npm run build's bundler over every template function: each bundle builds, exports its handler and stays
// within the size limit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_LIMIT_BYTES,
  type BundleReport,
  bundleFunctions,
} from '../../../scripts/build/bundle-functions.js';
import { functions, REPO_ROOT } from '../../unit/template/template-model.js';

const outRoot = mkdtempSync(join(tmpdir(), 'mrk-build-'));
let reports: BundleReport[] = [];

beforeAll(async () => {
  reports = await bundleFunctions(functions, { outRoot, root: REPO_ROOT });
});

afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe('function bundles', () => {
  it('one per function, in <out>/<LogicalId>/<handler file>.mjs', () => {
    expect(reports.map((report) => report.logicalId).sort()).toEqual(
      functions.map((fn) => fn.logicalId).sort(),
    );
    for (const fn of functions) {
      const report = reports.find((candidate) => candidate.logicalId === fn.logicalId);
      expect(report?.file.endsWith(`/${fn.logicalId}/${fn.handlerFile}.mjs`), report?.file).toBe(true);
      expect(report?.exports).toContain(fn.handlerExport);
    }
  });

  it.each(functions.map((fn) => [fn.logicalId] as const))(
    `%s is within ${BUNDLE_LIMIT_BYTES / 1024} KiB`,
    (logicalId) => {
      const report = reports.find((candidate) => candidate.logicalId === logicalId);
      expect(report?.bytes).toBeGreaterThan(0);
      expect(report!.bytes, `${report!.file}: ${(report!.bytes / 1024).toFixed(1)} KiB`).toBeLessThanOrEqual(
        BUNDLE_LIMIT_BYTES,
      );
    },
  );
});
