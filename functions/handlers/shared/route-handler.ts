import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { authorize } from '../../app/api/access.js';
import type { AppDeps } from '../../app/app-deps.js';
import { ForbiddenError, UpkeepError, ValidationError } from '../../core/errors.js';
import { ROUTES, requiredRole } from '../routes.js';
import { logger } from './logger.js';

/** An API request as the use cases see it: parsed, with the caller's identity. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body (already base64-decoded). */
  readonly body: string;
  /** Who is calling: the JWT `email` claim, or the IAM principal; undefined on public routes. */
  readonly identity?: string;
  readonly sourceIp?: string;
}

/** What a route answers: JSON by default, a page, or plain text (`/metrics`; set `content-type` in `headers`). */
export type ApiResponse =
  | { readonly status?: number; readonly json: unknown; readonly headers?: Record<string, string> }
  | { readonly status?: number; readonly html: string; readonly headers?: Record<string, string> }
  | { readonly status?: number; readonly text: string; readonly headers?: Record<string, string> };

const STATUS: Record<string, number> = {
  ValidationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ApprovalExpiredError: 410,
  PayloadTooLargeError: 413,
};

/** Largest request body accepted, in bytes (API Gateway allows more; nothing here needs it). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Webhook deliveries carry whole registry documents (npm hooks, large GitHub pushes). */
export const MAX_WEBHOOK_BODY_BYTES = 4 * 1024 * 1024;

/** Security headers every answer carries; pages also forbid framing and outside scripts. */
const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
const PAGE_HEADERS = { ...BASE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'" };

function toRequest(event: APIGatewayProxyEventV2, maxBodyBytes: number): ApiRequest {
  const rawBody = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(rawBody, 'base64').toString('utf8') : rawBody;
  if (Buffer.byteLength(body) > maxBodyBytes) {
    throw Object.assign(new ValidationError(`request body is ${Buffer.byteLength(body)} bytes; the limit is ${maxBodyBytes}`), { name: 'PayloadTooLargeError' });
  }
  const auth = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> }; iam?: { userArn?: string } } }).authorizer;
  const email = auth?.jwt?.claims?.email;
  const identity = typeof email === 'string' ? email.toLowerCase() : auth?.iam?.userArn;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    params: Object.fromEntries(Object.entries(event.pathParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
    query: Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
    headers: Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k.toLowerCase(), v ?? ''])),
    body,
    ...(identity ? { identity } : {}),
    ...(event.requestContext.http.sourceIp ? { sourceIp: event.requestContext.http.sourceIp } : {}),
  };
}

/**
 * Token routes need the role the route table names, from `approvers` in upkeep.yaml (the
 * authorizer only proved who the caller is). A route key missing from the table is refused.
 */
async function authorizeRoute(deps: Pick<AppDeps, 'config'>, routeKey: string, identity: string | undefined): Promise<void> {
  const route = ROUTES.find((r) => `${r.method} ${r.path}` === routeKey);
  if (route === undefined) throw new ForbiddenError(`route "${routeKey}" is not in the route table`);
  if (route.auth === 'token') authorize(await deps.config.get(), identity, requiredRole(route));
}

function answer(response: ApiResponse): APIGatewayProxyResultV2 {
  if ('html' in response) return { statusCode: response.status ?? 200, headers: { ...PAGE_HEADERS, ...response.headers }, body: response.html };
  if ('text' in response) return { statusCode: response.status ?? 200, headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...response.headers }, body: response.text };
  return { statusCode: response.status ?? 200, headers: { ...BASE_HEADERS, 'content-type': 'application/json', ...response.headers }, body: JSON.stringify(response.json) };
}

function errorResponse(error: unknown, tracing: RouteTracing | undefined): APIGatewayProxyResultV2 {
  const status = error instanceof UpkeepError ? STATUS[error.name] : undefined;
  if (status === undefined) {
    logger.error('request failed', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
    // The 500 is an answer, not a thrown error: without this the trace would look healthy.
    tracing?.recordError(error);
    return { statusCode: 500, headers: { ...BASE_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ error: 'InternalError', message: 'internal error; see the logs' }) };
  }
  const e = error as UpkeepError;
  const problems = e instanceof ValidationError && e.problems.length > 0 ? { problems: e.problems } : {};
  return { statusCode: status, headers: { ...BASE_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ error: e.name, message: e.message, ...problems }) };
}

/** How a route's invocations are traced (`http-handler.ts` passes the X-Ray tracer). */
export interface RouteTracing {
  readonly middlewares: middy.MiddlewareObj[];
  annotate(key: string, value: string): void;
  /** An error answered as a 500 rather than thrown. */
  recordError(error: unknown): void;
}

/**
 * An API Gateway HTTP API (payload v2) route as a Lambda handler: builds the request, checks
 * the caller holds the route's role (token routes), runs the route with the runtime's adapters, and chooses the HTTP status from the error's name — the
 * only place that knows about HTTP. Unexpected errors become a plain 500 without details.
 *
 * `deps` gives the route its adapters. Routes use `httpHandler` (`http-handler.ts`): every
 * adapter, and X-Ray tracing. Routes that call nothing downstream (the OpenAPI document, the
 * workflow definition) use this one with `baseDeps` (`functions/handlers/base-deps.ts`): their
 * bundles leave out the SDK clients, the tracer and the X-Ray SDK, and Lambda's active tracing
 * still records their invocations.
 *
 * @example
 * ```ts
 * export const handler = routeHandler('api-openapi', baseDeps, (deps) => Promise.resolve({ json: { ...document, servers: [{ url: deps.apiUrl }] } }));
 * ```
 */
export function routeHandler<D extends Pick<AppDeps, 'config'>>(
  route: string,
  deps: () => Promise<D>,
  run: (deps: D, request: ApiRequest) => Promise<ApiResponse>,
  options: { readonly maxBodyBytes?: number; readonly tracing?: RouteTracing } = {},
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context> {
  const { tracing } = options;
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>()
    .use(tracing?.middlewares ?? [])
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      tracing?.annotate('routeKey', event.routeKey);
      logger.appendKeys({ route });
      try {
        const adapters = await deps();
        const request = toRequest(event, options.maxBodyBytes ?? MAX_BODY_BYTES);
        await authorizeRoute(adapters, event.routeKey, request.identity);
        return answer(await run(adapters, request));
      } catch (error) {
        return errorResponse(error, tracing);
      }
    });
}

/** Parses a JSON body, or fails with a 400 that says what is wrong. */
export function jsonBody(request: ApiRequest): unknown {
  if (request.body.trim() === '') return {};
  try {
    return JSON.parse(request.body) as unknown;
  } catch (error) {
    throw new ValidationError(`request body must be JSON: ${error instanceof Error ? error.message : String(error)}`, [{ path: '(body)', value: request.body.slice(0, 40), message: 'must be valid JSON' }]);
  }
}
