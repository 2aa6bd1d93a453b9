import { stringify } from 'yaml';
import { parseConfig } from '../../../../functions/core/config/parse.js';
import type { ConfigProblem } from '../../../../functions/core/config/problems.js';
import type { UpkeepConfig } from '../../../../functions/core/config/schema.js';

/** The smallest valid config, as plain data to change per test. */
export function minimal(): Record<string, unknown> & { components: Record<string, unknown>[] } {
  return {
    version: 1,
    components: [{ name: 'api', current: '1.0.0', source: { type: 'npm', package: 'api' } }],
  };
}

/** A config with `component` merged into the first component. */
export function withComponent(component: Record<string, unknown>): Record<string, unknown> {
  const config = minimal();
  config.components[0] = { ...config.components[0], ...component };
  return config;
}

/** Parses `data` written out as YAML; fails the test when it is invalid. */
export function valid(data: unknown): UpkeepConfig {
  const result = parseConfig(stringify(data), 'upkeep.yaml');
  if (!result.ok) throw new Error(`expected a valid config, got:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return result.config;
}

/** The problems of `data` written out as YAML (or of `data` itself when it is text). */
export function problems(data: unknown): readonly ConfigProblem[] {
  const result = parseConfig(typeof data === 'string' ? data : stringify(data), 'upkeep.yaml');
  if (result.ok) throw new Error('expected problems, but the config is valid');
  return result.problems;
}

/** `path: message` lines, for compact assertions. */
export function lines(data: unknown): string[] {
  return problems(data).map((p) => `${p.path}: ${p.message}`);
}
