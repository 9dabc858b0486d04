// The local API Gateway's public surface for the local stack and tests.
export { apiHandlers, type LambdaLike, localAuthorizer } from './api-handlers.js';
export {
  createLocalApiGateway,
  DEFAULT_TEMPLATE_PATH,
  type LocalApiGatewayOptions,
} from './create-local-api-gateway.js';
export { createRouteMatcher, routesFromTemplate, type TemplateRoute } from './routes-from-template.js';
