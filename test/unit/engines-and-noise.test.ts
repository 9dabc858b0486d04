// What `npm ci` and `npm test` print beyond the results is explained, not silenced: the one dependency that
// declares a newer Node than package.json's engines is named in README (with why it runs on Node 20), and
// no test makes vite warn about a dynamic import it cannot analyse.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

it('names in README every locked package whose engines exclude Node 20 (the EBADENGINE warnings of npm ci)', () => {
  const lock = JSON.parse(read('package-lock.json')) as {
    packages: Record<string, { engines?: { node?: string } }>;
  };
  const newer = Object.entries(lock.packages)
    .filter(([, entry]) => {
      const minimum = /^>=\s*v?(\d+)/.exec(entry.engines?.node ?? '')?.[1];
      return minimum !== undefined && Number(minimum) > 20;
    })
    .map(([path]) => path.replace(/^.*node_modules\//, ''));
  expect(newer).toEqual(['aws-local-stepfunctions']);
  const readme = read('README.md');
  expect(JSON.parse(read('package.json')).engines).toEqual({ node: '>=20' });
  for (const name of newer) expect(readme).toMatch(new RegExp(`EBADENGINE[^\\n]*\\n?[^\\n]*${name}`));
});

it('has no dynamic import vite would warn about (a relative template path without /* @vite-ignore */)', () => {
  const files = (readdirSync(join(ROOT, 'test'), { recursive: true }) as string[]).filter((file) =>
    file.endsWith('.ts'),
  );
  const offenders = files.filter((file) =>
    // vite analyses (and warns about) template imports whose static part is a relative path.
    /import\(\s*`\.{1,2}\//.test(read(join('test', file)).replace(/\/\* @vite-ignore \*\/\s*/g, 'IGNORED ')),
  );
  expect(offenders).toEqual([]);
});
