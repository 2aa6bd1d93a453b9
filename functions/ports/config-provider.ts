import type { UpkeepConfig } from '../core/config/schema.js';

/**
 * The validated `upkeep.yaml`: bundled at deploy time in AWS, read at start locally.
 * Components' running state (current version, quarantine) lives in the `ComponentStore`;
 * this is what was configured.
 *
 * @example
 * ```ts
 * const config = await configProvider.get();
 * const api = config.components.find((c) => c.name === 'api');
 * ```
 */
export interface ConfigProvider {
  get(): Promise<UpkeepConfig>;
}
