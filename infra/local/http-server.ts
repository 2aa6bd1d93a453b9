import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { MAX_BODY_BYTES, MAX_WEBHOOK_BODY_BYTES } from '../../functions/handlers/shared/http-handler.js';
import { matchRoute } from '../../functions/handlers/routes.js';

type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string>;

/** The API's handler modules, loaded the way Lambda loads them: once, on first use. */
const MODULES: Record<string, () => Promise<{ handler: ApiHandler }>> = {
  'api-status': () => import('../../functions/handlers/api-status.js'),
  'api-workflows': () => import('../../functions/handlers/api-workflows.js'),
  'api-pending-approvals': () => import('../../functions/handlers/api-pending-approvals.js'),
  'api-approve': () => import('../../functions/handlers/api-approve.js'),
  'api-cancel': () => import('../../functions/handlers/api-cancel.js'),
  'api-check-updates': () => import('../../functions/handlers/api-check-updates.js'),
  'api-detection': () => import('../../functions/handlers/api-detection.js'),
  'api-register-component': () => import('../../functions/handlers/api-register-component.js'),
  'api-components': () => import('../../functions/handlers/api-components.js'),
  'api-policies': () => import('../../functions/handlers/api-policies.js'),
  'api-state': () => import('../../functions/handlers/api-state.js'),
  'api-metrics': () => import('../../functions/handlers/api-metrics.js'),
  'api-openapi': () => import('../../functions/handlers/api-openapi.js'),
  'api-workflow-definition': () => import('../../functions/handlers/api-workflow-definition.js'),
  'approval-page': () => import('../../functions/handlers/approval-page.js'),
  webhook: () => import('../../functions/handlers/webhook.js'),
};

export interface LocalHttpServerOptions {
  /** @default 8787 */
  readonly port?: number;
  /** Bearer token → the identity it stands for (an approver's email, or `admin`). */
  readonly tokens: Readonly<Record<string, string>>;
  /** Extra routes served before the API (the dashboard's static files). */
  readonly fallback?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

const loaded = new Map<string, Promise<{ handler: ApiHandler }>>();

/** A handler module, imported once per process like a warm Lambda's (an import per request costs a module resolution). */
function handlerModule(name: string): Promise<{ handler: ApiHandler }> | undefined {
  let module = loaded.get(name);
  if (module === undefined) {
    const loader = MODULES[name];
    if (loader === undefined) return undefined;
    module = loader();
    loaded.set(name, module);
    // A failed import is tried again by the next request, as a new execution environment would.
    module.catch(() => loaded.delete(name));
  }
  return module;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(text);
}

/** The tokens as bytes, with the identity each stands for. */
type TokenTable = readonly { readonly token: Buffer; readonly identity: string }[];

function identityFor(header: string | undefined, tokens: TokenTable): string | undefined {
  const presented = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  if (presented === undefined) return undefined;
  const b = Buffer.from(presented);
  for (const { token, identity } of tokens) {
    if (token.length === b.length && timingSafeEqual(token, b)) return identity;
  }
  return undefined;
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The API Gateway stand-in: a server on 127.0.0.1 that authenticates bearer tokens (as the
 * JWT authorizer does in AWS), turns each request into an HTTP API payload v2 event, and
 * invokes the same handler module the Lambda integration would.
 */
export async function startLocalHttpServer(options: LocalHttpServerOptions): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  // Requests still being handled when the server closes finish before close() resolves, so the
  // database behind them is never closed under a running handler.
  const inFlight = new Set<Promise<void>>();
  const tokens: TokenTable = Object.entries(options.tokens).map(([token, identity]) => ({ token: Buffer.from(token), identity }));
  const server = createServer((request, response) => {
    const work = handle(request, response, options, tokens).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: 'InternalError', message: error instanceof Error ? error.message : String(error) });
      else response.end();
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, options: LocalHttpServerOptions, tokens: TokenTable): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = request.method ?? 'GET';
  const match = matchRoute(method, url.pathname);
  if (match === undefined) {
    if (options.fallback?.(request, response) === true) return;
    send(response, 404, { error: 'NotFound', message: `no route for ${method} ${url.pathname}` });
    return;
  }
  if ('allowed' in match) {
    send(response, 405, { error: 'MethodNotAllowed', message: `${url.pathname} accepts ${match.allowed.join(', ')}, not ${method}` }, { allow: match.allowed.join(', ') });
    return;
  }
  const identity = match.route.auth === 'token' ? identityFor(request.headers.authorization, tokens) : undefined;
  if (match.route.auth === 'token' && identity === undefined) {
    send(response, 401, { error: 'Unauthorized', message: 'send "Authorization: Bearer <token>"; the token is printed by `upkeep start` and kept in <data dir>/api-token' }, { 'www-authenticate': 'Bearer' });
    return;
  }
  const limit = match.route.maxBodyBytes ?? (match.route.auth === 'signature' ? MAX_WEBHOOK_BODY_BYTES : MAX_BODY_BYTES);
  const body = await readBody(request, limit);
  if (body === 'too-large') {
    send(response, 413, { error: 'PayloadTooLargeError', message: `request body exceeds ${limit} bytes` });
    return;
  }
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v ?? '']));
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${match.route.method} ${match.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    pathParameters: match.params,
    requestContext: {
      accountId: '000000000000', apiId: 'local', domainName: url.host, domainPrefix: 'local', requestId: randomUUID(), routeKey: `${match.route.method} ${match.route.path}`,
      stage: '$default', time: now.toUTCString(), timeEpoch: now.getTime(),
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: request.headers['user-agent'] ?? '' },
      ...(identity ? { authorizer: { jwt: { claims: { email: identity }, scopes: [] } } } : {}),
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
  const module = handlerModule(match.route.handler);
  if (module === undefined) throw new Error(`route ${match.route.path} names handler ${match.route.handler}, which the local server does not know`);
  const context = { functionName: `upkeep-${match.route.handler}`, awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 29_000 } as Context;
  const result = await (await module).handler(event, context);
  const structured = typeof result === 'string' ? { statusCode: 200, body: result } : result;
  const answer = structured.body ?? '';
  // As API Gateway does: a length rather than chunks.
  response.writeHead(structured.statusCode ?? 200, { ...Object.fromEntries(Object.entries(structured.headers ?? {}).map(([k, v]) => [k, String(v)])), 'content-length': String(Buffer.byteLength(answer)) });
  response.end(method === 'HEAD' ? undefined : answer);
}
