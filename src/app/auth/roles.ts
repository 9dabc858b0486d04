// Roles and what each may do (ARCHITECTURE section 5); tenants narrow every role except admin.
import type { Principal } from '../../core/guardrails/check-guardrails.js';

export const ROLES = ['admin', 'operator', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * - `keys:read`: key sets, their operations and drift (viewer, operator: own tenants; admin: all).
 * - `keys:write`: every mutation (operator: own tenants; admin: all).
 * - `audit:read`: one key's audit trail (auditor, admin: every tenant; operator: own tenants).
 * - `audit:fleet`: the fleet-wide audit view (auditor, admin).
 */
export type Permission = 'keys:read' | 'keys:write' | 'audit:read' | 'audit:fleet';

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['keys:read', 'keys:write', 'audit:read', 'audit:fleet'],
  operator: ['keys:read', 'keys:write', 'audit:read'],
  auditor: ['audit:read', 'audit:fleet'],
  viewer: ['keys:read'],
};

/** Each permission in words, for the messages people read (a 403 names these, not route names). */
export const PERMISSION_TEXT: Readonly<Record<Permission, string>> = {
  'keys:read': 'reading key sets, their operations and drift',
  'keys:write': 'changing key sets',
  'audit:read': "reading a key set's audit trail",
  'audit:fleet': 'reading the fleet-wide audit trail',
};

/** The permissions a role holds (README's roles table is checked against this). */
export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

/** Whether the role sees every tenant under the permission (else only the tenants in the token). */
export function seesEveryTenant(role: Role, permission: Permission): boolean {
  return ALL_TENANTS[permission].includes(role);
}

/** The roles that hold a permission, in ROLES order. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => GRANTS[role].includes(permission));
}

/** Roles that see every tenant for a permission (the others see only the tenants in their token). */
const ALL_TENANTS: Readonly<Record<Permission, readonly Role[]>> = {
  'keys:read': ['admin'],
  'keys:write': ['admin'],
  'audit:read': ['admin', 'auditor'],
  'audit:fleet': ['admin', 'auditor'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((role) => isRole(role) && GRANTS[role].includes(permission));
}

/** Whether `principal` may see `tenant`'s keys under `permission` (it must also hold the permission). */
export function canSeeTenant(principal: Principal, permission: Permission, tenant: string): boolean {
  if (principal.roles.some((role) => isRole(role) && ALL_TENANTS[permission].includes(role))) return true;
  const scoped = principal.roles.some(
    (role) => isRole(role) && GRANTS[role].includes(permission) && !ALL_TENANTS[permission].includes(role),
  );
  return scoped && principal.tenants.includes(tenant);
}

/** True when the principal sees every tenant for `permission` (lists need no tenant filter). */
export function seesAllTenants(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((role) => isRole(role) && ALL_TENANTS[permission].includes(role));
}
