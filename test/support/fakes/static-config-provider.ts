import { UpkeepConfigSchema } from '../../../functions/core/config/schema.js';
import type { UpkeepConfig, UpkeepConfigInput } from '../../../functions/core/config/schema.js';
import type { ConfigProvider } from '../../../functions/ports/config-provider.js';
import { clone } from './in-memory-paging.js';

/**
 * {@link ConfigProvider} over a config object, validated with `UpkeepConfigSchema` exactly as
 * `upkeep.yaml` is (defaults applied, cross-checks run). An invalid object fails the test at
 * once, naming each problem.
 *
 * @example
 * ```ts
 * const config = new StaticConfigProvider(testConfig({ approval: { requiredApprovals: 2 } }));
 * config.set(testConfig({ freezes: [...] })); // later reads see the new configuration
 * ```
 */
export class StaticConfigProvider implements ConfigProvider {
  #config: UpkeepConfig;

  public constructor(input: UpkeepConfigInput) {
    this.#config = parse(input);
  }

  public get(): Promise<UpkeepConfig> {
    return Promise.resolve(clone(this.#config));
  }

  /** Replaces the configuration. */
  public set(input: UpkeepConfigInput): void {
    this.#config = parse(input);
  }

  /** The configuration as parsed (a test's view). */
  public get current(): UpkeepConfig {
    return clone(this.#config);
  }
}

function parse(input: UpkeepConfigInput): UpkeepConfig {
  const result = UpkeepConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`test configuration is invalid: ${problems}`);
  }
  return result.data;
}
