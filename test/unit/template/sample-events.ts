// Where each function's sample events live in events/ (tests invoke functions with them; sam local invoke too).
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { functions, REPO_ROOT, type TemplateFunction } from './template-model.js';

/** CreateKey, create-key.json -> createkey: event names and file names compare without case or dashes. */
function normal(name: string): string {
  return name
    .replace(/\.json$/, '')
    .replace(/[-_]/g, '')
    .toLowerCase();
}

/** functions/<area>/<file>.ts -> <area>. */
function areaOf(fn: TemplateFunction): string {
  return basename(dirname(fn.entryPoint));
}

export function jsonFiles(area: string): string[] {
  const dir = join(REPO_ROOT, 'events', area);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => `events/${area}/${name}`)
    : [];
}

/**
 * Where a function's samples are: events/<area>/<event name, kebab-case>.json per Api event; else
 * events/<area>/<handler file>.json; else, when it is its area's only function, every JSON file there.
 */
export function sampleEventsOf(fn: TemplateFunction): string[] {
  const area = areaOf(fn);
  const files = jsonFiles(area);
  const apiEvents = Object.entries(
    (fn.resource.Properties?.Events ?? {}) as Record<string, { Type?: string }>,
  )
    .filter(([, event]) => event.Type === 'Api')
    .map(
      ([name]) =>
        files.find((file) => normal(basename(file)) === normal(name)) ?? `events/${area}/${name}.json`,
    );
  if (apiEvents.length > 0) return apiEvents;
  const own = `events/${area}/${fn.handlerFile}.json`;
  if (existsSync(join(REPO_ROOT, own))) return [own];
  const alone = functions.filter((other) => areaOf(other) === area).length === 1;
  return alone ? files : [own];
}
