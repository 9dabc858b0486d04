// Prints the closing line CI reads, `N passed, N failed`, from vitest's JSON report and the
// results of the other checks (each check that ran counts as one test). Exits 1 if anything failed.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, ...checks] = process.argv.slice(2);
let passed = 0;
let failed = 0;

if (reportPath && existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed += report.numPassedTests;
  failed +=
    report.numFailedTests +
    (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
  if (report.numPendingTests > 0 || report.numTodoTests > 0) {
    console.log(
      `vitest: ${report.numPendingTests} skipped and ${report.numTodoTests} todo tests are not allowed`,
    );
    failed += report.numPendingTests + report.numTodoTests;
  }
  if (report.numTotalTests === 0) {
    console.log('vitest: no test ran');
    failed += 1;
  }
} else {
  console.log(`vitest: no report at ${reportPath}`);
  failed += 1;
}

for (const check of checks) {
  const [name, code] = check.split('=');
  if (code === 'skip') continue;
  if (code === '0') passed += 1;
  else {
    console.log(`check failed: ${name} (exit ${code})`);
    failed += 1;
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
