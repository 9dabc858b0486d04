// The dependency rules of ARCHITECTURE.md section 3, checked on every import in the tree:
// src/core points nowhere, only src/adapters/aws imports @aws-sdk/*, nothing deployable imports local/,
// and only the config modules read the environment.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] as string);
}

const DEPLOYABLE = ['src', 'functions'];

describe('dependency rules', () => {
  it('src/core imports nothing but itself and node:crypto, and reads no environment', () => {
    const offenders = sources('src/core').flatMap((file) => [
      ...importsOf(file)
        .filter((target) => !target.startsWith('.') && target !== 'node:crypto')
        .map((target) => `${file} imports ${target}`),
      ...(readFileSync(join(ROOT, file), 'utf8').includes('process.env')
        ? [`${file} reads process.env`]
        : []),
    ]);
    expect(offenders).toEqual([]);
  });

  it('only src/adapters/aws imports @aws-sdk/*', () => {
    const offenders = [...DEPLOYABLE, 'cli']
      .flatMap(sources)
      .filter((file) => !file.startsWith('src/adapters/aws/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => target.startsWith('@aws-sdk/'))
          .map((target) => `${file} imports ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('nothing deployable (or the CLI) imports local/', () => {
    const offenders = [...DEPLOYABLE, 'cli'].flatMap(sources).flatMap((file) =>
      importsOf(file)
        .filter((target) => /(^|\/)local\//.test(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/core does not import the application or adapters', () => {
    const offenders = sources('src/core').flatMap((file) =>
      importsOf(file)
        .filter((target) => /\/(app|adapters)\//.test(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });
});
