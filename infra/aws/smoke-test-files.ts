import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { UpkeepConfig } from '../../functions/core/config/schema.js';

/**
 * Checks each Lambda component's `deploy.smokeTest` at synth time and stages it in
 * `configDir` at the same relative path as next to `upkeep.yaml`: the functions read it
 * relative to the bundled configuration (`loadSmokeCases`), so whatever copies that
 * configuration into a bundle finds the smoke cases beside it. A file that is missing, is not
 * JSON or lists no cases stops the synth, naming the file and the fix — at deploy time it would
 * fail every rollout of the component instead. (The cases themselves are checked where they are
 * read, by `loadSmokeCases`.)
 *
 * @returns the staged paths, relative to `configDir`
 * @example
 * ```ts
 * stageSmokeTests(config, 'upkeep.yaml', '/tmp/upkeep-config-1234'); // ['smoke/billing-api.json']
 * ```
 */
export function stageSmokeTests(config: UpkeepConfig, configPath: string, configDir: string): string[] {
  const staged: string[] = [];
  for (const component of config.components) {
    const smokeTest = component.deploy?.target.type === 'lambda' ? component.deploy.smokeTest : undefined;
    if (smokeTest === undefined) continue;
    const source = resolve(dirname(configPath), smokeTest);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(source, 'utf8'));
    } catch (error) {
      throw new Error(`${component.name}: deploy.smokeTest ${smokeTest} must be a JSON file of smoke cases next to ${configPath} (${(error as Error).message})`, { cause: error });
    }
    const cases = (parsed as { cases?: unknown } | null)?.cases;
    if (!Array.isArray(cases) || cases.length === 0) {
      throw new Error(`${component.name}: deploy.smokeTest ${smokeTest} lists no smoke cases; write { "cases": [{ "name", "payload", "expect" }] }`);
    }
    const target = join(configDir, smokeTest);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    staged.push(smokeTest);
  }
  return staged;
}
