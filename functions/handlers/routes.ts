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
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/api/self-update/status', handler: 'api-status', auth: 'token' },
  { method: 'GET', path: '/api/self-update/workflows', handler: 'api-workflows', auth: 'token' },
  { method: 'GET', path: '/api/self-update/workflows/{id}', handler: 'api-workflows', auth: 'token' },
  { method: 'GET', path: '/api/self-update/pending-approvals', handler: 'api-pending-approvals', auth: 'token' },
  { method: 'POST', path: '/api/self-update/approve/{workflowId}', handler: 'api-approve', auth: 'token' },
  { method: 'POST', path: '/api/self-update/check-updates', handler: 'api-check-updates', auth: 'token' },
  { method: 'POST', path: '/api/self-update/webhooks/{provider}', handler: 'webhook', auth: 'signature' },
  { method: 'GET', path: '/approvals/{secret}', handler: 'approval-page', auth: 'link' },
  { method: 'HEAD', path: '/approvals/{secret}', handler: 'approval-page', auth: 'link' },
  { method: 'POST', path: '/approvals/{secret}', handler: 'approval-page', auth: 'link' },
];

/** Matches a method and path against the routes; returns the route and its path parameters. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const names: string[] = [];
    const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_, name: string) => { names.push(name); return '([^/]+)'; })}$`);
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
