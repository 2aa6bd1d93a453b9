import { readFile } from 'node:fs/promises';
import type { UpkeepConfig } from '../../core/config/schema.js';
import { NotFoundError, UpkeepError } from '../../core/errors.js';
import type { ConfigProvider } from '../../ports/config-provider.js';

/**
 * {@link ConfigProvider} of a Lambda function: the configuration the CDK app validated at synth
 * time (`upkeep.yaml` through the same schema as `upkeep validate`) and bundled beside the code
 * as JSON (`infra/aws/handler-function.ts`). A deploy cannot ship a configuration that failed
 * validation, so the function reads it without the YAML parser and the schema — which would
 * otherwise be most of every bundle — and only checks that the file is such a configuration.
 * Read on the first `get()`, then served from memory for the life of the execution environment.
 *
 * @example
 * ```ts
 * const config = new BundledConfigProvider('/var/task/upkeep-config.json');
 * const { components } = await config.get();
 * ```
 */
export class BundledConfigProvider implements ConfigProvider {
  readonly #path: string;
  #config: Promise<UpkeepConfig> | undefined;

  public constructor(path: string) {
    this.#path = path;
  }

  public get(): Promise<UpkeepConfig> {
    this.#config ??= this.#load().catch((error: unknown) => {
      this.#config = undefined;
      throw error;
    });
    return this.#config;
  }

  async #load(): Promise<UpkeepConfig> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      const message = missing
        ? `the bundled configuration ${this.#path} does not exist; deploy with the CDK app, which writes it beside the code`
        : `cannot read the bundled configuration ${this.#path}: ${(error as Error).message}`;
      throw missing ? new NotFoundError(message, { cause: error, context: { path: this.#path } }) : new UpkeepError(message, { cause: error, context: { path: this.#path } });
    }
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch (error) {
      throw new UpkeepError(`the bundled configuration ${this.#path} is not JSON (${(error as Error).message}); redeploy with the CDK app`, { cause: error, context: { path: this.#path } });
    }
    const shape = config as Partial<UpkeepConfig> | null;
    if (typeof shape !== 'object' || shape === null || shape.version !== 1 || !Array.isArray(shape.components)) {
      throw new UpkeepError(`the bundled configuration ${this.#path} is not a validated upkeep.yaml (version 1 with components); redeploy with the CDK app`, { context: { path: this.#path } });
    }
    return shape as UpkeepConfig;
  }
}
