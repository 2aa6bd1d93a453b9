import * as z from 'zod';
import { UpkeepConfigSchema } from './schema.js';

/**
 * The JSON Schema of `upkeep.yaml` for editors (`# yaml-language-server: $schema=...`),
 * generated from the zod schema so the two cannot drift. It describes the file as written
 * (`io: 'input'`): defaulted keys are optional. Cross-field rules (unique names, references)
 * are not expressible in it; `upkeep validate` checks those.
 *
 * @example
 * ```ts
 * writeFileSync('upkeep.schema.json', renderConfigJsonSchema());
 * ```
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(UpkeepConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...generated,
    title: 'upkeep.yaml',
    description: 'Configuration of Upkeep: watched components, policies, deployment windows, freezes, approvers and the detection schedule.',
  };
}

/** {@link configJsonSchema} as the committed file's text: two-space JSON with a final newline. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
