import type { AppDeps } from '../app/app-deps.js';
import { awsDeps } from '../adapters/aws/aws-deps.js';
import { ENV } from '../constants.js';

let built: Promise<AppDeps> | undefined;

/**
 * The composition root: the adapters for `UPKEEP_RUNTIME=aws|local`, built once per
 * execution environment (module scope) and shared by every invocation. There is no default:
 * a missing or unknown runtime is an error, never a silent fallback to AWS.
 */
export function appDeps(): Promise<AppDeps> {
  built ??= build(process.env[ENV.runtime]).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function build(runtime: string | undefined): Promise<AppDeps> {
  switch (runtime) {
    case 'aws':
      return awsDeps(process.env);
    case 'local':
      return (await import('../adapters/local/local-runtime.js')).localDeps();
    default:
      throw new Error(`${ENV.runtime} must be "aws" or "local", got ${runtime === undefined ? 'nothing' : `"${runtime}"`}`);
  }
}

/** Forgets the built adapters (tests, and local mode when it restarts its runtime). */
export function resetAppDeps(): void {
  built = undefined;
}
