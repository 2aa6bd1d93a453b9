import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../../../functions/core/config/parse.js';
import { minimal } from './helpers.js';

const KEYS = ['version', 'components', 'policies', 'rollouts', 'windows', 'freezes', 'businessHours', 'approvers', 'approval', 'detection', 'notifications', 'selfUpdate'];
const COMPONENT_KEYS = ['name', 'current', 'source', 'simulation', 'deploy', 'pipeline', 'approval', 'windows', 'quarantined'];

describe('Function: parseConfig (any input)', () => {
  it('never throws, whatever sits at any top-level key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KEYS), fc.jsonValue(), (key, value) => {
        const result = parseConfig(stringify({ ...minimal(), [key]: value }), 'upkeep.yaml');
        expect(result.ok || result.problems.every((p) => p.message.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever sits at any key of a component', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMPONENT_KEYS), fc.jsonValue(), (key, value) => {
        const config = minimal();
        config.components[0] = { ...config.components[0], [key]: value };
        const result = parseConfig(stringify(config), 'upkeep.yaml');
        expect(result.ok || result.problems.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => parseConfig(text, 'upkeep.yaml')).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
