// Lambda JwtAuthorizerFunction: the REST API's REQUEST authorizer; logic in src/app/auth/authorizer.ts.
import {
  type AuthorizerDeps,
  type AuthorizerHandler,
  createAuthorizerHandler,
} from '../../src/app/auth/authorizer.js';
import { buildAuthorizerDeps } from '../../src/app/auth/build-authorizer-deps.js';
import { loadConfig } from '../../src/app/config.js';

export const createHandler = (deps: AuthorizerDeps): AuthorizerHandler => createAuthorizerHandler(deps);

export const handler = createHandler(buildAuthorizerDeps(loadConfig()));
