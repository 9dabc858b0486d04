// The drift remediation routes: approve a proposed remediation, set a key set's remediation policy.
import { approveRemediationAction, setRemediationPolicyAction } from '../actions/remediation-actions.js';
import { DRIFT_ENDPOINTS as E } from '../endpoints/drift-endpoints.js';
import { bindRoute, type Route } from './route.js';

export const DRIFT_ROUTES: readonly Route[] = [
  bindRoute(E.approveRemediation, approveRemediationAction),
  bindRoute(E.setRemediationPolicy, setRemediationPolicyAction),
];
