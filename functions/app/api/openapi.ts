import { toJSONSchema } from '../../core/checks/index.js';
import { API_SCHEMAS, type RouteSchema } from './api-schemas.js';

/** What the document needs to know of a route (`functions/handlers/routes.ts` has them). */
export interface DocumentedRoute {
  readonly method: string;
  readonly path: string;
  readonly handler: string;
  readonly auth: string;
  readonly role?: string;
}

type JsonSchema = Record<string, unknown>;

/** A request schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), describing what callers send. */
export function jsonSchemaOf(schema: RouteSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = toJSONSchema(schema);
  return rest;
}

const PROBLEM: JsonSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'The error name: ValidationError, UnauthorizedError, ForbiddenError, NotFoundError, ConflictError, PayloadTooLargeError, …' },
    message: { type: 'string' },
    problems: {
      type: 'array',
      description: 'For ValidationError: each thing wrong, as field, value and fix.',
      items: { type: 'object', required: ['path', 'value', 'message'], properties: { path: { type: 'string' }, value: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const ERRORS: Readonly<Record<string, string>> = {
  400: 'Bad input (malformed JSON, a field that breaks a rule): see `problems`',
  401: 'No or wrong bearer token',
  403: 'The caller lacks the role this route needs',
  404: 'No such workflow, component or policy',
  409: 'A conflict: the revision moved on, it exists already, or the store is not empty',
  413: 'The body is larger than this route accepts',
};

function parameters(route: DocumentedRoute, query: RouteSchema | undefined): JsonSchema[] {
  const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (query === undefined) return inPath;
  const json = jsonSchemaOf(query);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return [...inPath, ...Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }))];
}

function operation(route: DocumentedRoute): JsonSchema {
  const key = `${route.method} ${route.path}`;
  const spec = API_SCHEMAS[key];
  const security = route.auth === 'token' ? [{ bearer: [] }] : [];
  const role = route.auth === 'token' ? route.role : undefined;
  const description = route.auth === 'token'
    ? `Needs the ${role ?? 'viewer'} role (or higher).`
    : route.auth === 'link' ? 'Protected by the single-use approval link in the path; no token.' : 'Protected by the sender\'s signature, checked by the handler; no token.';
  const produces = spec?.produces ?? (route.handler === 'approval-page' ? 'text/html' : 'application/json');
  const errors = Object.fromEntries(Object.entries(ERRORS)
    .filter(([code]) => route.auth === 'token' || (code !== '401' && code !== '403'))
    .map(([code, text]) => [code, { description: text, content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } }]));
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\}/g, 'By-$1').split(/[^A-Za-z0-9]+/).map((w) => (w ? w[0]?.toUpperCase() + w.slice(1) : '')).join('')}`,
    summary: spec?.summary ?? route.handler,
    description,
    tags: [route.auth === 'token' ? 'api' : route.auth],
    security,
    ...(role === undefined ? {} : { 'x-upkeep-role': role }),
    parameters: parameters(route, spec?.query),
    ...(spec?.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(spec.body) } } } }),
    responses: { 200: { description: 'OK', content: { [produces]: {} } }, ...errors },
  };
}

/**
 * The OpenAPI 3.1 document of the HTTP API (`GET /openapi.json`): every route of the route
 * table, with the request schemas the handlers validate with (`API_SCHEMAS`) as JSON Schema
 * (as zod's `toJSONSchema` writes it), the security scheme and the role each route needs.
 *
 * @example
 * ```ts
 * const doc = openApiDocument(ROUTES, 'http://127.0.0.1:8787');
 * ```
 */
export function openApiDocument(routes: readonly DocumentedRoute[], serverUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Upkeep API',
      version: '1',
      description: 'Self-triggered updates: detection, workflows, approvals, components, policies, state and metrics. Errors are `{error, message, problems?}`.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http', scheme: 'bearer',
          description: 'AWS: a JWT from the stack\'s authorizer (its email claim is the caller). Local: the token in <data dir>/api-token. Roles come from `approvers` in upkeep.yaml.',
        },
      },
      schemas: { Problem: PROBLEM },
    },
  };
}

/**
 * {@link openApiDocument} without `servers`, as the JSON text `npm run schema` commits to
 * `functions/app/api/openapi.json`; the function serving it adds the deployment's URL.
 */
export function renderOpenApiDocument(routes: readonly DocumentedRoute[]): string {
  return `${JSON.stringify(openApiDocument(routes), null, 2)}\n`;
}
