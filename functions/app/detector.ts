import type { ProcessUpdateRequest, ProcessUpdateResult } from './api/process-update.js';
import type { DetectionResult } from './detect-updates.js';

/** A detection pass asked for now: `POST /check-updates` (every component) or a webhook (the matched ones). */
export interface CheckRequest {
  /** Start a workflow per new component+version; false only reports (`?dryRun=true`). */
  readonly startWorkflows: boolean;
  /** Only these components. @default - all */
  readonly only?: readonly string[];
}

/** What `POST /process-update` answers: 201 when the request created the workflow, 200 when it existed. */
export interface Proposal {
  readonly status: 200 | 201;
  readonly result: ProcessUpdateResult;
}

/**
 * Detection on request, run where the version sources and the comparison are: in-process
 * locally (`InProcessDetector`), and in AWS in the detect function (`LambdaDetector`), so that the
 * API's and the webhook's functions carry neither every registry client nor the version
 * comparison (issue 6). Both answer exactly what `detectUpdates` and `processUpdate` answer, and
 * throw what they throw, under the same names.
 *
 * @example
 * ```ts
 * const results = await deps.detector.check({ startWorkflows: true, only: ['payments'] });
 * ```
 */
export interface Detector {
  /** One detection pass now (`detectUpdates`): one result per component, in listing order. */
  check(request: CheckRequest): Promise<DetectionResult[]>;
  /**
   * One given version of a registered component through a workflow now (`processUpdate`);
   * `NotFoundError` for an unknown component, `ValidationError` for a version it cannot propose.
   */
  propose(request: ProcessUpdateRequest, by: string): Promise<Proposal>;
}
