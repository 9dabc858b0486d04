// What each API and authorizer bundle holds: its own routes' code only, the OpenAPI builder only in the health
// function, the X-Ray SDK (Powertools Tracer) only where requests call AWS. Built in memory with npm run build's options.
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../../scripts/build/bundle-functions.js';
import { functions, REPO_ROOT } from '../../unit/template/template-model.js';

const IDS = [
  'KeysApiFunction',
  'OperationsApiFunction',
  'AuditApiFunction',
  'HealthApiFunction',
  'JwtAuthorizerFunction',
] as const;
type Id = (typeof IDS)[number];

/** The source files and packages each bundle holds (esbuild's metafile inputs). */
const inputs = {} as Record<Id, string[]>;

beforeAll(async () => {
  await Promise.all(
    IDS.map(async (id) => {
      const fn = functions.find((candidate) => candidate.logicalId === id)!;
      const result = await build({ ...esbuildOptions(fn, `/tmp/unused/${id}`, REPO_ROOT), write: false });
      const output = Object.entries(result.metafile!.outputs).find(([name]) => name.endsWith('.mjs'))![1];
      inputs[id] = Object.keys(output.inputs);
    }),
  );
});

const holds = (id: Id, fragment: string) => inputs[id].some((input) => input.includes(fragment));
const actionsOf = (id: Id) =>
  inputs[id]
    .filter((input) => input.startsWith('src/app/api/actions/'))
    .map((input) => input.slice('src/app/api/actions/'.length))
    .sort();

describe('bundle contents', () => {
  it('only the health function builds the OpenAPI document, and it holds no action', () => {
    expect(IDS.filter((id) => holds(id, 'src/app/api/openapi/'))).toEqual(['HealthApiFunction']);
    expect(actionsOf('HealthApiFunction')).toEqual([]);
  });

  it("each route function holds only its own routes' actions", () => {
    expect(actionsOf('OperationsApiFunction')).toEqual(['load-key.ts', 'read-operations.ts']);
    expect(actionsOf('AuditApiFunction')).toEqual(['load-key.ts', 'read-audit.ts']);
    expect(actionsOf('KeysApiFunction')).toEqual(
      expect.arrayContaining(['create-key.ts', 'remediation-actions.ts']),
    );
    expect(actionsOf('KeysApiFunction')).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^read-(operations|audit)\.ts$/)]),
    );
  });

  it('the X-Ray SDK is only in the functions that trace their AWS calls', () => {
    expect(IDS.filter((id) => holds(id, 'node_modules/aws-xray-sdk-core/'))).toEqual([
      'KeysApiFunction',
      'OperationsApiFunction',
      'AuditApiFunction',
    ]);
  });

  it('the authorizer holds no route, endpoint or OpenAPI code', () => {
    expect(
      inputs.JwtAuthorizerFunction.filter((input) =>
        /src\/app\/api\/(routes|endpoints|openapi|actions)\//.test(input),
      ),
    ).toEqual([]);
  });
});
