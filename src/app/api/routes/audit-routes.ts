// The audit routes: one key's trail and the fleet-wide view of a day, each with hash-chain verification.
import { fleetAudit, keyAudit } from '../actions/read-audit.js';
import { AUDIT_ENDPOINTS as E } from '../endpoints/audit-endpoints.js';
import { bindRoute, type Route } from './route.js';

export const AUDIT_ROUTES: readonly Route[] = [
  bindRoute(E.getKeyAudit, keyAudit),
  bindRoute(E.getFleetAudit, fleetAudit),
];
