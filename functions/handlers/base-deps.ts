import { awsBaseDeps, type BaseDeps } from '../adapters/aws/aws-base-deps.js';
import { localDeps } from '../adapters/local/local-runtime.js';
import { upkeepRuntime } from './runtime.js';

let aws: BaseDeps | undefined;

/**
 * The composition root of the functions that need only their configuration and the API's URL
 * (see `routeHandler`): in AWS without any SDK client (built once per execution environment),
 * locally whatever the local runtime provides now.
 */
export function baseDeps(): Promise<BaseDeps> {
  return new Promise((resolve) => {
    resolve(upkeepRuntime() === 'aws' ? (aws ??= awsBaseDeps(process.env)) : localDeps());
  });
}
