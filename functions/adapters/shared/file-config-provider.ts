import { readFile } from 'node:fs/promises';
import { requireConfig } from '../../core/config/parse.js';
import type { UpkeepConfig } from '../../core/config/schema.js';
import { NotFoundError, UpkeepError } from '../../core/errors.js';
import type { ConfigProvider } from '../../ports/config-provider.js';

/** Options of {@link FileConfigProvider}. */
export interface FileConfigProviderOptions {
  /**
   * Reads the file's text; tests and bundlers can supply their own.
   * @default - `fs.readFile(path, 'utf8')`
   */
  readonly readText?: (path: string) => Promise<string>;
}

/**
 * {@link ConfigProvider} from one `upkeep.yaml` (or JSON, which YAML reads too): read and
 * validated on the first `get()`, then served from memory for the life of the process (a
 * Lambda's configuration is fixed at deploy time; local mode reads it at start). A bad file
 * throws a `ValidationError` whose `problems` list every path, value and fix; a missing file
 * a `NotFoundError`. Failures are not cached, so a fixed file is picked up on the next call.
 *
 * @example
 * ```ts
 * const config = new FileConfigProvider(process.env[ENV.configPath] ?? 'upkeep.yaml');
 * const { components } = await config.get();
 * ```
 */
export class FileConfigProvider implements ConfigProvider {
  readonly #path: string;
  readonly #readText: (path: string) => Promise<string>;
  #config: Promise<UpkeepConfig> | undefined;

  public constructor(path: string, options: FileConfigProviderOptions = {}) {
    this.#path = path;
    this.#readText = options.readText ?? ((file) => readFile(file, 'utf8'));
  }

  public get(): Promise<UpkeepConfig> {
    if (this.#config === undefined) {
      const loading = this.#load();
      this.#config = loading;
      loading.catch(() => {
        if (this.#config === loading) this.#config = undefined;
      });
    }
    return this.#config;
  }

  async #load(): Promise<UpkeepConfig> {
    let text: string;
    try {
      text = await this.#readText(this.#path);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') {
        throw new NotFoundError(`the configuration file ${this.#path} does not exist; create it (see examples/upkeep.yaml) or point UPKEEP_CONFIG_PATH at it`, {
          cause: error,
          context: { path: this.#path },
        });
      }
      throw new UpkeepError(`cannot read the configuration file ${this.#path}: ${(error as Error).message}`, { cause: error, context: { path: this.#path } });
    }
    return requireConfig(text, this.#path);
  }
}
