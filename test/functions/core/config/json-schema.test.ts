import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, renderConfigJsonSchema } from '../../../../functions/core/config/json-schema.js';

describe('Function: renderConfigJsonSchema', () => {
  it('matches the committed upkeep.schema.json (run `npm run schema` after changing the schema)', () => {
    // Prepare
    const committed = readFileSync(new URL('../../../../upkeep.schema.json', import.meta.url), 'utf8');

    // Act
    const generated = renderConfigJsonSchema();

    // Assess
    expect(committed === generated, 'upkeep.schema.json is out of date: run `npm run schema` and commit the result').toBe(true);
  });

  it('describes the file as written: defaulted keys optional, typos refused', () => {
    const schema = configJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown>; title: string };

    expect(schema.required).toEqual(['version', 'components']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('detection');
    expect(schema.title).toBe('upkeep.yaml');
  });

  it('offers three-letter weekdays to editors too', () => {
    expect(renderConfigJsonSchema()).toContain('"Mon"');
  });
});
