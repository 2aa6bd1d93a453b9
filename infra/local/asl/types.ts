/**
 * Shapes shared by the local Step Functions runtime: JSON values, task handlers, executions
 * and their history. Names follow the Step Functions API where one exists.
 */

/** Any JSON value, as states pass between each other. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Status of an execution, as `DescribeExecution` reports it. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What a task handler learns about the task it runs. */
export interface TaskHandlerContext {
  /** ARN of the execution running the task. */
  readonly executionArn: string;
  /** Name of the Task state. */
  readonly stateName: string;
  /** The state's `Resource` as written (after substitution). */
  readonly resource: string;
  /** The task token, only for `.waitForTaskToken` resources. */
  readonly taskToken?: string;
  /** Aborted when the task times out, misses a heartbeat, or the execution stops. */
  readonly signal: AbortSignal;
  /** Resets the `HeartbeatSeconds` clock, like `SendTaskHeartbeat`. */
  heartbeat(): void;
}

/**
 * A local stand-in for a Lambda function or a service integration. It receives the task's
 * effective input (after `InputPath` and `Parameters`; for `lambda:invoke`, the `Payload`)
 * and returns the result (or a promise of it; `undefined` becomes `null`). A thrown error's
 * `name` is the error Retry/Catch match on.
 */
export type TaskHandler = (input: JsonValue, context: TaskHandlerContext) => unknown;

/** Where each Task resource runs locally. */
export interface TaskHandlers {
  /**
   * Lambda functions, by function name (`upkeep-evaluate`) or full ARN. Used for plain Lambda
   * ARNs in `Resource` and for `FunctionName` of `arn:aws:states:::lambda:invoke[.waitForTaskToken]`.
   * @default - no functions
   */
  readonly functions?: Readonly<Record<string, TaskHandler>>;
  /**
   * Other integrations by resource without `.waitForTaskToken`, e.g.
   * `arn:aws:states:::codebuild:startBuild.sync`.
   * @default - no integrations
   */
  readonly resources?: Readonly<Record<string, TaskHandler>>;
}

/** How much faster than real time local runs go. */
export interface TimeCompression {
  /**
   * Multiplies every Wait duration (`Seconds`, `SecondsPath`, `Timestamp`, `TimestampPath`)
   * and every Retry interval.
   * @default 1 - real time
   */
  readonly waitScale?: number;
  /**
   * Upper bound, in milliseconds, on one Wait or Retry pause after scaling.
   * @default - no cap
   */
  readonly maxWaitMs?: number;
  /**
   * Multiplies Task `TimeoutSeconds`/`HeartbeatSeconds` and the execution's `TimeoutSeconds`.
   * Kept apart from `waitScale` because real local work (a build) must not be cut short.
   * @default 1 - real time
   */
  readonly timeoutScale?: number;
}

/** Kinds of history events, after the Step Functions console's vocabulary. */
export type HistoryEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
  | 'StateEntered'
  | 'StateExited'
  | 'StateFailed'
  | 'StateRetried'
  | 'StateCaught'
  | 'MapIterationStarted'
  | 'MapIterationSucceeded'
  | 'MapIterationFailed'
  | 'ParallelBranchStarted'
  | 'ParallelBranchSucceeded'
  | 'ParallelBranchFailed';

/** One entry of an execution's history. */
export interface HistoryEvent {
  /** 1-based, in the order things happened. */
  readonly id: number;
  readonly type: HistoryEventType;
  readonly timestamp: Date;
  /** The state concerned (for Map/Parallel iteration events, the Map/Parallel state). */
  readonly stateName?: string;
  /** The state's type as written in the definition (`Wait`, `Task`, …). */
  readonly stateType?: string;
  readonly input?: JsonValue;
  readonly output?: JsonValue;
  readonly error?: string;
  readonly cause?: string;
  /** For `StateRetried`, which retry this is (1 = the first); for Map events, the iteration index. */
  readonly index?: number;
}

/** An execution as `DescribeExecution` shows it, with values instead of JSON strings. */
export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: JsonValue;
  readonly output?: JsonValue;
  readonly error?: string;
  readonly cause?: string;
  /** The state the execution started from (`StartAt`, or the state it was resumed at). */
  readonly startAt: string;
  /** The state last entered; a console shows it as "where it is now". */
  readonly currentState?: string;
}

/** A history event tagged with its execution, as the `onEvent` callback receives it. */
export interface ExecutionEvent extends HistoryEvent {
  readonly executionArn: string;
}
