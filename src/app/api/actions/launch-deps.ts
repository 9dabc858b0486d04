// The API's dependencies as the shared use cases (src/app/operations, src/app/keys) take them.
import type { CreateKeySetDeps } from '../../keys/finish-create.js';
import type { LaunchDeps } from '../../operations/launch-operation.js';
import type { ApiDeps } from '../api-deps.js';

export function launchDepsOf(deps: ApiDeps): LaunchDeps & Pick<ApiDeps, 'kms' | 'intents'> {
  return { ...deps, logger: deps.telemetry.logger };
}

export function createDepsOf(deps: ApiDeps): CreateKeySetDeps {
  return { ...launchDepsOf(deps), lockLeaseMs: deps.settings.lockLeaseMs };
}
