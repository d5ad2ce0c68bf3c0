// Read an API path the way the API server's router does: group, version, namespace, resource, name,
// subresource, and the RBAC verb of the request.

export interface Route {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

export interface RoutedRequest {
  readonly route: Route;
  /** get, list, watch, create, update, patch, delete (RBAC verbs). */
  readonly verb: string;
  /** `pods`, `pods/exec`: what RBAC and fault rules match on. */
  readonly rbacResource: string;
}

const CLUSTER_SCOPED = new Set(['namespaces', 'nodes', 'selfsubjectaccessreviews']);

/** The route of a path, or undefined when it is not an API resource path. */
export const parseRoute = (pathname: string): Route | undefined => {
  if (pathname === '/version' || pathname === '/version/') return { group: '', version: '', resource: 'version' };
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts[1] !== undefined) {
    [group, version, rest] = ['', parts[1], parts.slice(2)];
  } else if (parts[0] === 'apis' && parts[1] !== undefined && parts[2] !== undefined) {
    [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  } else return undefined;
  const [first, second, third, fourth, fifth] = rest;
  if (first === undefined) return undefined;
  if (first === 'namespaces' && second !== undefined && third !== undefined && !CLUSTER_SCOPED.has(third)) {
    return {
      group,
      version,
      namespace: second,
      resource: third,
      ...(fourth === undefined ? {} : { name: fourth }),
      ...(fifth === undefined ? {} : { subresource: fifth }),
    };
  }
  return {
    group,
    version,
    resource: first,
    ...(second === undefined ? {} : { name: second }),
    ...(third === undefined ? {} : { subresource: third }),
  };
};

/** The RBAC verb of a method on a route (a GET of a collection is list, or watch with ?watch). */
export const routeRequest = (method: string, route: Route, query: URLSearchParams): RoutedRequest => {
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  const verb =
    route.resource === 'version'
      ? 'get'
      : method === 'GET'
        ? route.name === undefined
          ? watch
            ? 'watch'
            : 'list'
          : 'get'
        : method === 'POST'
          ? 'create'
          : method === 'PUT'
            ? 'update'
            : method === 'PATCH'
              ? 'patch'
              : method === 'DELETE'
                ? route.name === undefined
                  ? 'deletecollection'
                  : 'delete'
                : method.toLowerCase();
  const rbacResource = route.subresource === undefined ? route.resource : `${route.resource}/${route.subresource}`;
  return { route, verb: route.subresource === 'exec' ? 'create' : verb, rbacResource };
};
