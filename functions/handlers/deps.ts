import type { AppDeps } from '../app/app-deps.js';
import { awsDeps } from '../adapters/aws/aws-deps.js';
import { localDeps } from '../adapters/local/local-runtime.js';
import { upkeepRuntime } from './runtime.js';

let built: Promise<AppDeps> | undefined;

/**
 * The composition root: the adapters for `UPKEEP_RUNTIME=aws|local`, built once per
 * execution environment (module scope) and shared by every invocation. There is no default:
 * a missing or unknown runtime is an error, never a silent fallback to AWS.
 */
export function appDeps(): Promise<AppDeps> {
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function build(): Promise<AppDeps> {
  return upkeepRuntime() === 'aws' ? awsDeps(process.env) : localDeps();
}

/** Forgets the built adapters (tests, and local mode when it restarts its runtime). */
export function resetAppDeps(): void {
  built = undefined;
}
