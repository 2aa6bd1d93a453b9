/** Parameters every pipeline run receives. */
export interface PipelineRunRequest {
  readonly workflowId: string;
  readonly component: string;
  readonly version: string;
  readonly checksum?: string;
}

export type PipelineRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface PipelineRun {
  readonly provider: string;
  readonly runId: string;
  readonly status: PipelineRunStatus;
  readonly url?: string;
  readonly artifacts?: readonly { readonly name: string; readonly url?: string; readonly sizeBytes?: number }[];
  /** Why it failed, when it did. */
  readonly reason?: string;
}

/**
 * Starts and follows a CI/CD run that builds what ships (GitHub Actions, GitLab CI, Jenkins,
 * CircleCI, CodePipeline). `start` finds the run it started — never "the latest run".
 *
 * @example
 * ```ts
 * const run = await trigger.start({ workflowId, component: 'api', version: '1.2.4' });
 * const later = await trigger.status(run.runId);
 * ```
 */
export interface PipelineTrigger {
  start(request: PipelineRunRequest): Promise<PipelineRun>;
  status(runId: string): Promise<PipelineRun>;
  cancel(runId: string): Promise<void>;
}
