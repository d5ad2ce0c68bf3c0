// Which verbs a real API server authorizes on pods/exec for one request. Test code only.
//
// 1. The authorization filter checks the verb the request-info resolver derives from the HTTP method
//    (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go: POST → create, GET/HEAD → get).
//    The exec WebSocket handshake is a GET, so every version checks `get pods/exec` first.
// 2. Since 1.35 (kubernetes/kubernetes#134577, gate AuthorizePodWebsocketUpgradeCreatePermission, beta
//    and on by default) ExecREST.Connect also checks `create` (pkg/registry/core/pod/rest/subresources.go,
//    ensureAuthorizedForVerb), skipped when the request's own verb already was `create` (SPDY's POST).

/** The first Kubernetes minor whose API server checks `create` on a WebSocket exec too. */
export const CREATE_CHECK_SINCE_MINOR = 35;

/** The verbs checked, in the order the API server checks them (the first refused one answers 403). */
export const execVerbsChecked = (method: string, minor: number): readonly string[] => {
  const requestVerb = method === 'POST' ? 'create' : 'get';
  if (minor < CREATE_CHECK_SINCE_MINOR || requestVerb === 'create') return [requestVerb];
  return [requestVerb, 'create'];
};
