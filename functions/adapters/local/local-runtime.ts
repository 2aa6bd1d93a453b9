import type { AppDeps } from '../../app/app-deps.js';

let provided: AppDeps | undefined;

/**
 * Local mode runs the Lambda handlers in the `upkeep start` process, so the local runtime
 * hands them its adapters (dynalite stores, the ASL runner's task tokens, the build runner,
 * the traffic deployer, the outbox) here instead of through environment variables.
 */
export function provideLocalDeps(deps: AppDeps): void {
  provided = deps;
}

/** The adapters the local runtime provided; a clear error when a handler runs outside it. */
export function localDeps(): AppDeps {
  if (provided === undefined) {
    throw new Error('UPKEEP_RUNTIME is "local" but no local runtime provided adapters: run the handlers through `upkeep start` (infra/local)');
  }
  return provided;
}
