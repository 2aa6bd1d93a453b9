// Writes upkeep.schema.json at the repository root from the zod schema (`npm run schema`).
// Lives outside functions/core because it touches the disk; a test fails when the committed
// file is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigJsonSchema } from '../functions/core/config/json-schema.js';
import { PACKAGE_ROOT } from './io.js';

const target = join(PACKAGE_ROOT, 'upkeep.schema.json');
writeFileSync(target, renderConfigJsonSchema());
process.stdout.write(`wrote ${target}\n`);
