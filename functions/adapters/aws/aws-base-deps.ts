import type { AppDeps } from '../../app/app-deps.js';
import { ENV } from '../../constants.js';
import { BundledConfigProvider } from './bundled-config-provider.js';

/** What every function has, SDK clients or not: its configuration and the API's URL. */
export type BaseDeps = Pick<AppDeps, 'config' | 'apiUrl'>;

/** An environment variable the CDK stack sets on every function; a clear error when it is missing. */
export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required in AWS (the stack sets it on every function)`);
  return value;
}

/**
 * The configuration bundled with the function (validated at synth) and the API's URL, from the
 * environment the CDK stack sets. A module of its own, without the SDK: functions that need
 * nothing more (the OpenAPI document, the workflow definition) carry no client.
 *
 * @example
 * ```ts
 * const { config, apiUrl } = awsBaseDeps(process.env);
 * ```
 */
export function awsBaseDeps(env: NodeJS.ProcessEnv): BaseDeps {
  return { config: new BundledConfigProvider(required(env, ENV.configPath)), apiUrl: required(env, ENV.apiUrl) };
}
