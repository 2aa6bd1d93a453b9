/** A state machine execution as the engine reports it. */
export interface ExecutionInfo {
  readonly executionArn: string;
  readonly name: string;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  readonly startDate: string;
  readonly stopDate?: string;
}

/** One step of an execution's history, as the Step Functions console lists it. */
export interface ExecutionStep {
  /** ISO instant. */
  readonly at: string;
  /** `StateEntered`, `StateExited`, `StateFailed`, `StateRetried`, `ExecutionSucceeded`, … */
  readonly type: string;
  readonly state?: string;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * The workflow engine: Step Functions in AWS, the local ASL runner locally. Starts one
 * execution per component+version and settles task tokens.
 *
 * @example
 * ```ts
 * await engine.startExecution({ name: 'api-1-2-4-k3x9', input: { workflowId } });
 * await engine.sendTaskSuccess(token, { approvedBy: 'ana@example.com' });
 * ```
 */
export interface ExecutionEngine {
  /** Starts an execution; the same name twice is `ExecutionAlreadyExists`. */
  startExecution(request: { readonly name: string; readonly input: unknown }): Promise<ExecutionInfo>;
  /** Settles a waiting task; a used or unknown token is `TaskDoesNotExist`. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
  stopExecution(executionArn: string, cause: string): Promise<void>;
  describeExecution(executionArn: string): Promise<ExecutionInfo>;
  /** The execution's history, oldest first (states entered and exited, errors, retries). */
  history(executionArn: string): Promise<readonly ExecutionStep[]>;
  /** A link a person can open to see the execution (the console in AWS, the dashboard locally). */
  executionUrl(executionArn: string): string;
}
