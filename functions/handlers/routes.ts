/**
 * The HTTP API's routes, shared by the CDK stack (API Gateway routes and integrations) and the
 * local server (which turns requests into the same API Gateway v2 events). `auth: 'link'`
 * routes are protected by the single-use approval link instead of the API's authorizer;
 * `auth: 'signature'` routes (webhooks) by the sender's signature or token, which the handler
 * checks — neither has an authorizer in front.
 */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'HEAD';
  readonly path: string;
  /** The handler module under `functions/handlers/`. */
  readonly handler: string;
  readonly auth: 'token' | 'link' | 'signature';
  /**
   * The role a `token` caller needs (viewers read, approvers decide, admins manage); roles come
   * from `approvers` in upkeep.yaml, checked by `httpHandler`.
   * @default - `viewer` for GET and HEAD, `admin` otherwise
   */
  readonly role?: 'viewer' | 'approver' | 'admin';
  /**
   * Largest body accepted, in bytes.
   * @default - `MAX_BODY_BYTES` (64 KiB)
   */
  readonly maxBodyBytes?: number;
}

/** The role a token route needs: its own, or by method (reading is for viewers, changing for admins). */
export function requiredRole(route: Route): 'viewer' | 'approver' | 'admin' {
  return route.role ?? (route.method === 'GET' || route.method === 'HEAD' ? 'viewer' : 'admin');
}

/** `POST /api/self-update/import-state` takes a whole snapshot; Lambda's synchronous payload limit is 6 MB. */
export const IMPORT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/api/self-update/status', handler: 'api-status', auth: 'token' },
  { method: 'GET', path: '/api/self-update/workflows', handler: 'api-workflows', auth: 'token' },
  { method: 'GET', path: '/api/self-update/workflows/{id}', handler: 'api-workflows', auth: 'token' },
  { method: 'GET', path: '/api/self-update/pending-approvals', handler: 'api-pending-approvals', auth: 'token' },
  { method: 'POST', path: '/api/self-update/approve/{workflowId}', handler: 'api-approve', auth: 'token', role: 'approver' },
  { method: 'POST', path: '/api/self-update/workflows/{id}/cancel', handler: 'api-cancel', auth: 'token', role: 'admin' },
  { method: 'POST', path: '/api/self-update/check-updates', handler: 'api-check-updates', auth: 'token', role: 'approver' },
  { method: 'POST', path: '/api/self-update/process-update', handler: 'api-check-updates', auth: 'token', role: 'approver' },
  { method: 'POST', path: '/api/self-update/start', handler: 'api-detection', auth: 'token', role: 'admin' },
  { method: 'POST', path: '/api/self-update/stop', handler: 'api-detection', auth: 'token', role: 'admin' },
  { method: 'POST', path: '/api/self-update/register-component', handler: 'api-register-component', auth: 'token', role: 'admin' },
  { method: 'GET', path: '/api/self-update/components', handler: 'api-components', auth: 'token', role: 'viewer' },
  { method: 'POST', path: '/api/self-update/components/{name}/release/{version}', handler: 'api-components', auth: 'token', role: 'admin' },
  { method: 'GET', path: '/api/self-update/policies', handler: 'api-policies', auth: 'token', role: 'viewer' },
  { method: 'PUT', path: '/api/self-update/policies/{name}', handler: 'api-policies', auth: 'token', role: 'admin' },
  { method: 'POST', path: '/api/self-update/policies/{name}/enable', handler: 'api-policies', auth: 'token', role: 'admin' },
  { method: 'POST', path: '/api/self-update/policies/{name}/disable', handler: 'api-policies', auth: 'token', role: 'admin' },
  { method: 'GET', path: '/api/self-update/export-state', handler: 'api-state', auth: 'token', role: 'viewer' },
  { method: 'POST', path: '/api/self-update/import-state', handler: 'api-state', auth: 'token', role: 'admin', maxBodyBytes: IMPORT_MAX_BODY_BYTES },
  { method: 'GET', path: '/metrics', handler: 'api-metrics', auth: 'token', role: 'viewer' },
  { method: 'GET', path: '/openapi.json', handler: 'api-openapi', auth: 'token', role: 'viewer' },
  { method: 'GET', path: '/api/self-update/workflow-definition', handler: 'api-workflow-definition', auth: 'token', role: 'viewer' },
  { method: 'POST', path: '/api/self-update/webhooks/{provider}', handler: 'webhook', auth: 'signature' },
  { method: 'GET', path: '/approvals/{secret}', handler: 'approval-page', auth: 'link' },
  { method: 'HEAD', path: '/approvals/{secret}', handler: 'approval-page', auth: 'link' },
  { method: 'POST', path: '/approvals/{secret}', handler: 'approval-page', auth: 'link' },
];

/** Each route's path as a pattern, with its parameter names; built once, not per request. */
const PATTERNS = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_, name: string) => { names.push(name); return '([^/]+)'; })}$`);
  return { route, names, pattern };
});

/** Matches a method and path against the routes; returns the route and its path parameters. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const { route, names, pattern } of PATTERNS) {
    const m = pattern.exec(path);
    if (m === null) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    return { route, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)])) };
  }
  return allowed.length > 0 ? { allowed } : undefined;
}
