/** A state machine execution as the engine reports it. */
export interface ExecutionInfo {
  readonly executionArn: string;
  readonly name: string;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  readonly startDate: string;
  readonly stopDate?: string;
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
  /** A link a person can open to see the execution (the console in AWS, the dashboard locally). */
  executionUrl(executionArn: string): string;
}
