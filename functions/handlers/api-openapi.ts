import { openApiDocument } from '../app/api/openapi.js';
import { ROUTES, requiredRole } from './routes.js';
import { httpHandler } from './shared/http-handler.js';

/** `GET /openapi.json`: the OpenAPI 3.1 document of every route, from the schemas the handlers validate with. */
export const handler = httpHandler('api-openapi', (deps) => Promise.resolve({
  json: openApiDocument(ROUTES.map((r) => ({ ...r, role: requiredRole(r) })), deps.apiUrl),
}));
