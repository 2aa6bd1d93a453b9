import { ENV } from '../constants.js';

/**
 * Which adapters the handlers run with: `UPKEEP_RUNTIME`. There is no default: a missing or
 * unknown runtime is an error, never a silent fallback to AWS.
 */
export function upkeepRuntime(env: NodeJS.ProcessEnv = process.env): 'aws' | 'local' {
  const runtime = env[ENV.runtime];
  if (runtime === 'aws' || runtime === 'local') return runtime;
  throw new Error(`${ENV.runtime} must be "aws" or "local", got ${runtime === undefined ? 'nothing' : `"${runtime}"`}`);
}
