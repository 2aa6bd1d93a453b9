import { processUpdate, type ProcessUpdateRequest } from './api/process-update.js';
import type { AppDeps } from './app-deps.js';
import { detectUpdates, type DetectionResult } from './detect-updates.js';
import type { CheckRequest, Detector, Proposal } from './detector.js';

/**
 * The {@link Detector} that runs detection in this process with `deps`: local mode's, the
 * tests', and the detect function's own (which answers the API's and the webhook's requests in
 * AWS). `deps` is read at each call, so the runtime can hand out deps that contain this detector.
 *
 * @example
 * ```ts
 * const deps: AppDeps = { ...ports, detector: new InProcessDetector(() => deps) };
 * ```
 */
export class InProcessDetector implements Detector {
  readonly #deps: () => AppDeps;

  public constructor(deps: () => AppDeps) {
    this.#deps = deps;
  }

  public check(request: CheckRequest): Promise<DetectionResult[]> {
    return detectUpdates(this.#deps(), { startWorkflows: request.startWorkflows, ...(request.only === undefined ? {} : { only: request.only }) });
  }

  public propose(request: ProcessUpdateRequest, by: string): Promise<Proposal> {
    return processUpdate(this.#deps(), request, by);
  }
}
