// events/ holds a sample event for every function (one per API route for API handlers), each a JSON object,
// and no sample that belongs to no function.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonFiles, sampleEventsOf } from './sample-events.js';
import { functions, REPO_ROOT } from './template-model.js';

describe('sample events', () => {
  describe.each(functions.map((fn) => [fn.logicalId, fn] as const))('%s', (_, fn) => {
    const samples = sampleEventsOf(fn);

    it('has at least one sample event, each a JSON object', () => {
      expect(samples.length).toBeGreaterThan(0);
      for (const sample of samples) {
        expect(existsSync(join(REPO_ROOT, sample)), `${sample} is missing`).toBe(true);
        const parsed: unknown = JSON.parse(readFileSync(join(REPO_ROOT, sample), 'utf8'));
        expect(parsed, sample).toBeTypeOf('object');
        expect(Array.isArray(parsed) || parsed === null, `${sample} is not an object`).toBe(false);
      }
    });
  });

  it('belong to a function (a renamed function leaves no stale sample)', () => {
    const used = new Set(functions.flatMap(sampleEventsOf));
    const areas = readdirSync(join(REPO_ROOT, 'events'), { withFileTypes: true }).filter((entry) =>
      entry.isDirectory(),
    );
    const orphans = areas.flatMap((area) => jsonFiles(area.name)).filter((file) => !used.has(file));
    expect(orphans).toEqual([]);
  });
});
