// Writes the generated documents from the zod schemas (`npm run schema`): upkeep.schema.json at
// the repository root, and the OpenAPI document the `GET /openapi.json` function serves (it
// ships as JSON so that function carries no schema library). Lives outside functions/core
// because it touches the disk; tests fail when a committed file is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOpenApiDocument } from '../functions/app/api/openapi.js';
import { renderConfigJsonSchema } from '../functions/core/config/json-schema.js';
import { ROUTES, requiredRole } from '../functions/handlers/routes.js';
import { PACKAGE_ROOT } from './io.js';

for (const [file, text] of [
  ['upkeep.schema.json', renderConfigJsonSchema()],
  ['functions/app/api/openapi.json', renderOpenApiDocument(ROUTES.map((r) => ({ ...r, role: requiredRole(r) })))],
] as const) {
  const target = join(PACKAGE_ROOT, file);
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
