import document from '../app/api/openapi.json' with { type: 'json' };
import { httpHandler } from './shared/http-handler.js';

/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of every route, generated from the schemas the
 * handlers validate with (`npm run schema`; a test fails when the committed file is stale), with
 * this deployment's URL as its server.
 */
export const handler = httpHandler('api-openapi', (deps) => Promise.resolve({
  json: { ...document, servers: [{ url: deps.apiUrl }] },
}));
