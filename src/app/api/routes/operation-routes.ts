// The operation routes: one operation's progress per Region, and a key's operation history.
import { getOperation, listKeyOperations } from '../actions/read-operations.js';
import { OPERATION_ENDPOINTS as E } from '../endpoints/operation-endpoints.js';
import { bindRoute, type Route } from './route.js';

export const OPERATION_ROUTES: readonly Route[] = [
  bindRoute(E.getOperation, getOperation),
  bindRoute(E.listKeyOperations, listKeyOperations),
];
