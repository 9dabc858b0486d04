// README's roles table says what src/app/auth/roles.ts grants: each role's permissions and its tenants.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { type Permission, permissionsOf, ROLES, seesEveryTenant } from '../../../src/app/auth/roles.js';

const PERMISSIONS: readonly Permission[] = ['keys:read', 'keys:write', 'audit:read', 'audit:fleet'];

it('matches the grants in the code', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Roles and what each may do'));
  const header = /^\| Role\s+\|(.+)\|$/m
    .exec(section)?.[1]
    ?.split('|')
    .map((cell) => cell.trim());
  expect(header).toEqual([...PERMISSIONS, 'Tenants']);
  for (const role of ROLES) {
    const row = new RegExp(`^\\| \`${role}\`\\s+\\|(.+)\\|$`, 'm').exec(section)?.[1];
    expect(row, role).toBeDefined();
    const cells = row!.split('|').map((cell) => cell.trim());
    const granted = PERMISSIONS.filter((_, index) => cells[index] === 'yes');
    expect(granted, role).toEqual([...permissionsOf(role)]);
    const everyTenant = permissionsOf(role).some((permission) => seesEveryTenant(role, permission));
    expect(cells[PERMISSIONS.length], role).toBe(everyTenant ? 'every tenant' : 'its own');
  }
});
