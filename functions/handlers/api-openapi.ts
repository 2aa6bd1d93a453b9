import document from '../app/api/openapi.json' with { type: 'json' };
import { baseDeps } from './base-deps.js';
import { routeHandler } from './shared/route-handler.js';

/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of every route, generated from the schemas the
 * handlers validate with (`npm run schema`; a test fails when the committed file is stale), with
 * this deployment's URL as its server. Untraced: it calls nothing downstream.
 */
export const handler = routeHandler('api-openapi', baseDeps, (deps) => Promise.resolve({
  json: { ...document, servers: [{ url: deps.apiUrl }] },
}));
