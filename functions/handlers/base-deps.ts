import { awsBaseDeps, type BaseDeps } from '../adapters/aws/aws-base-deps.js';
import { localDeps } from '../adapters/local/local-runtime.js';
import { ENV } from '../constants.js';

let built: BaseDeps | undefined;

/**
 * The composition root of the functions that need only their configuration and the API's URL
 * (see `routeHandler`): in AWS without any SDK client, locally the local runtime's adapters. As
 * with `appDeps`, a missing or unknown runtime is an error.
 */
export function baseDeps(): Promise<BaseDeps> {
  return new Promise((resolve) => {
    built ??= build(process.env[ENV.runtime]);
    resolve(built);
  });
}

function build(runtime: string | undefined): BaseDeps {
  switch (runtime) {
    case 'aws':
      return awsBaseDeps(process.env);
    case 'local':
      return localDeps();
    default:
      throw new Error(`${ENV.runtime} must be "aws" or "local", got ${runtime === undefined ? 'nothing' : `"${runtime}"`}`);
  }
}
