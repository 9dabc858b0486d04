// Every route group's handler, for the local stack and tests. A Lambda entry point imports its own group's
// module from handlers/ instead: importing this one would bundle every group's routes into every function.
export type { ApiHandler } from './api-handler.js';
export { createAuditApiHandler } from './handlers/audit-api-handler.js';
export { createHealthApiHandler } from './handlers/health-api-handler.js';
export { createKeysApiHandler } from './handlers/keys-api-handler.js';
export { createOperationsApiHandler } from './handlers/operations-api-handler.js';
