// The API routes declared in template.yaml: every Api event of every function (the source of truth).
import { yamlParse } from 'yaml-cfn';

export interface TemplateRoute {
  /** The function's logical id, e.g. KeysApiFunction. */
  readonly functionName: string;
  readonly method: string;
  /** The path template, e.g. /keys/{keyId}. */
  readonly path: string;
  /** `Auth: { Authorizer: NONE }`: no token needed. */
  readonly public: boolean;
}

type Resource = {
  Type?: string;
  Properties?: { Events?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> };
};

export function routesFromTemplate(templateText: string): TemplateRoute[] {
  const template = yamlParse(templateText) as { Resources?: Record<string, Resource> };
  const routes: TemplateRoute[] = [];
  for (const [functionName, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Serverless::Function') continue;
    for (const event of Object.values(resource.Properties?.Events ?? {})) {
      if (event.Type !== 'Api' || event.Properties === undefined) continue;
      const { Path, Method, Auth } = event.Properties as {
        Path?: unknown;
        Method?: unknown;
        Auth?: { Authorizer?: unknown };
      };
      if (typeof Path !== 'string' || typeof Method !== 'string') continue;
      routes.push({
        functionName,
        method: Method.toUpperCase(),
        path: Path,
        public: Auth?.Authorizer === 'NONE',
      });
    }
  }
  return routes;
}

export interface RouteMatch {
  readonly route: TemplateRoute;
  readonly pathParameters: Record<string, string>;
}

interface CompiledRoute {
  readonly route: TemplateRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly literals: number;
}

/**
 * Matches like API Gateway: a literal segment beats a parameter (`/keys/adopt` before `/keys/{keyId}`).
 * `{name}` matches one segment; parameter values are URL-decoded.
 */
export function createRouteMatcher(routes: readonly TemplateRoute[]) {
  const compiled: CompiledRoute[] = routes
    .map((route) => {
      const names: string[] = [];
      const segments = route.path.split('/').filter(Boolean);
      const source = segments
        .map((segment) => {
          const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
          if (param) {
            names.push(param[1]!);
            return '/([^/]+)';
          }
          return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
        })
        .join('');
      return {
        route,
        pattern: new RegExp(`^${source || '/'}$`),
        names,
        literals: segments.length - names.length,
      };
    })
    .sort((a, b) => b.literals - a.literals);
  return {
    /** The route for method and path; `undefined` when none; `methodNotAllowed` when only the method differs. */
    match(method: string, path: string): RouteMatch | 'methodNotAllowed' | undefined {
      let pathKnown = false;
      for (const entry of compiled) {
        const found = entry.pattern.exec(path);
        if (!found) continue;
        pathKnown = true;
        if (entry.route.method !== method) continue;
        const pathParameters: Record<string, string> = Object.create(null);
        entry.names.forEach((name, index) => {
          pathParameters[name] = safeDecode(found[index + 1]!);
        });
        return { route: entry.route, pathParameters };
      }
      return pathKnown ? 'methodNotAllowed' : undefined;
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
