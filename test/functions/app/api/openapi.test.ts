import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_SCHEMAS } from '../../../../functions/app/api/api-schemas.js';
import { jsonSchemaOf, openApiDocument, renderOpenApiDocument } from '../../../../functions/app/api/openapi.js';
import { ROUTES, requiredRole } from '../../../../functions/handlers/routes.js';

type Doc = { openapi: string; paths: Record<string, Record<string, { security: unknown[]; 'x-upkeep-role'?: string; requestBody?: { content: { 'application/json': { schema: unknown } } }; parameters: { name: string; in: string }[] }>> };
const doc = openApiDocument(ROUTES.map((r) => ({ ...r, role: requiredRole(r) })), 'http://127.0.0.1:8787') as unknown as Doc;

describe('Function: openApiDocument', () => {
  it('is what the committed functions/app/api/openapi.json says (run `npm run schema` after changing a route or schema)', () => {
    expect(readFileSync('functions/app/api/openapi.json', 'utf8')).toBe(renderOpenApiDocument(ROUTES.map((r) => ({ ...r, role: requiredRole(r) }))));
  });

  it('is OpenAPI 3.1 and lists every route of the route table, with its auth and role', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op?.security).toEqual(route.auth === 'token' ? [{ bearer: [] }] : []);
      if (route.auth === 'token') expect(op?.['x-upkeep-role']).toBe(requiredRole(route));
    }
  });

  it('documents each request body and query with exactly the schema the handlers validate with', () => {
    for (const [key, spec] of Object.entries(API_SCHEMAS)) {
      const [method, path] = key.split(' ') as [string, string];
      expect(ROUTES.some((r) => r.method === method && r.path === path), `${key} is a route`).toBe(true);
      const op = doc.paths[path]?.[method.toLowerCase()];
      if (spec.body) expect(op?.requestBody?.content['application/json'].schema).toEqual(jsonSchemaOf(spec.body));
      const props = Object.keys(((spec.query ? jsonSchemaOf(spec.query) : {}) as { properties?: object }).properties ?? {});
      expect(op?.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(props);
    }
  });

  it('documents path parameters', () => {
    expect(doc.paths['/api/self-update/policies/{name}']?.put?.parameters).toEqual([expect.objectContaining({ name: 'name', in: 'path' })]);
  });
});
