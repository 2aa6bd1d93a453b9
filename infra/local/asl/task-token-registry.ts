/**
 * Pending task tokens of `.waitForTaskToken` tasks, settled with Step Functions semantics.
 * One registry may serve several local state machines, as task tokens are account-wide in AWS.
 */
import { randomBytes } from 'node:crypto';
import { TaskDoesNotExistError } from './errors.js';
import type { JsonValue } from './types.js';

/** How a pending task ends when someone settles its token. */
export interface PendingTask {
  readonly executionArn: string;
  readonly stateName: string;
  succeed(output: JsonValue): void;
  fail(error: string, cause: string): void;
  heartbeat(): void;
}

/** A pending task as listed, without its token (tokens are secrets: never logged or listed). */
export interface PendingTaskSummary {
  readonly executionArn: string;
  readonly stateName: string;
}

/**
 * The error name a `SendTaskFailure` without `error` surfaces as. AWS leaves it empty; a named
 * error keeps such failures visible to `States.TaskFailed` and `States.ALL` catchers.
 */
export const DEFAULT_TASK_FAILURE_ERROR = 'States.TaskFailed';

/**
 * Issues tokens and settles them once.
 *
 * @example
 * ```ts
 * const tokens = new TaskTokenRegistry();
 * const sfn = new LocalStateMachine(definition, { name: 'update', handlers, taskTokens: tokens });
 * // …later, from the approval handler's local adapter:
 * tokens.sendTaskSuccess(token, { approved: true });
 * tokens.sendTaskSuccess(token, {}); // throws TaskDoesNotExistError: already settled
 * ```
 */
export class TaskTokenRegistry {
  private readonly pending = new Map<string, PendingTask>();

  /** A fresh token: 256 random bits, URL-safe, unguessable. */
  public static mintToken(): string {
    return randomBytes(32).toString('base64url');
  }

  /** Registers a pending task under `token` (minted by {@link TaskTokenRegistry.mintToken}). */
  public register(token: string, task: PendingTask): void {
    this.pending.set(token, task);
  }

  /** Forgets `token` without settling it (the task timed out or its execution stopped). */
  public cancel(token: string): void {
    this.pending.delete(token);
  }

  /** Completes the task with `output`, like `SendTaskSuccess`. */
  public sendTaskSuccess(token: string, output: JsonValue): void {
    // JSON round trip: the task sees a copy, as it would after the API's serialisation, and a
    // value that is not JSON is refused before the token is spent.
    const copy = JSON.parse(JSON.stringify(output ?? null)) as JsonValue;
    this.take(token).succeed(copy);
  }

  /** Fails the task with `error` (what Retry/Catch match) and `cause`, like `SendTaskFailure`. */
  public sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.take(token).fail(error === undefined || error === '' ? DEFAULT_TASK_FAILURE_ERROR : error, cause ?? '');
  }

  /** Resets the task's `HeartbeatSeconds` clock, like `SendTaskHeartbeat`. */
  public sendTaskHeartbeat(token: string): void {
    this.find(token).heartbeat();
  }

  /** Tasks waiting for a token, optionally of one execution. */
  public listPending(executionArn?: string): PendingTaskSummary[] {
    return [...this.pending.values()]
      .filter((task) => executionArn === undefined || task.executionArn === executionArn)
      .map(({ executionArn: arn, stateName }) => ({ executionArn: arn, stateName }));
  }

  private find(token: string): PendingTask {
    const task = this.pending.get(token);
    if (task === undefined) {
      throw new TaskDoesNotExistError('Task does not exist: the task token is unknown, or its task already ended');
    }
    return task;
  }

  private take(token: string): PendingTask {
    const task = this.find(token);
    this.pending.delete(token);
    return task;
  }
}
