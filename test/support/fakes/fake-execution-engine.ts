import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../functions/ports/clock.js';
import type { ExecutionEngine, ExecutionInfo, ExecutionStep } from '../../../functions/ports/execution-engine.js';
import { clone } from './in-memory-paging.js';

/** The state machine the fake's executions belong to. */
export const FAKE_STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:upkeep-update';

/** An error named as Step Functions names it (`ExecutionAlreadyExists`, `TaskDoesNotExist`, …): callers match on `name`. */
export class StepFunctionsError extends Error {
  public constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** One call of `sendTaskSuccess` or `sendTaskFailure`, whether it settled a task or threw. */
export type TaskCall =
  | { readonly kind: 'success'; readonly taskToken: string; readonly output: unknown; readonly settled: boolean }
  | { readonly kind: 'failure'; readonly taskToken: string; readonly error: string; readonly cause: string; readonly settled: boolean };

interface Execution {
  info: ExecutionInfo;
  readonly input: string;
}

/**
 * {@link ExecutionEngine} as Step Functions behaves: a start with the name and input of a
 * running execution returns it again; any other reuse of a name is `ExecutionAlreadyExists`.
 * Task tokens come from {@link issueTaskToken}; settling an unknown or already settled token
 * throws an error named `TaskDoesNotExist`. Every start and every task call is recorded.
 *
 * @example
 * ```ts
 * const engine = new FakeExecutionEngine(clock);
 * const token = engine.issueTaskToken();
 * await engine.sendTaskSuccess(token, { approvedBy: ['ana@example.com'] });
 * engine.settled(); // [{ kind: 'success', taskToken: token, … }]
 * ```
 */
export class FakeExecutionEngine implements ExecutionEngine {
  readonly #executions = new Map<string, Execution>();
  readonly #pending = new Set<string>();
  /** Every `startExecution` call, including repeats and refused ones. */
  public readonly starts: { readonly name: string; readonly input: unknown }[] = [];
  /** Every `sendTaskSuccess`/`sendTaskFailure` call, in order. */
  public readonly taskCalls: TaskCall[] = [];
  /** Executions stopped, with the cause given. */
  public readonly stopped: { readonly executionArn: string; readonly cause: string }[] = [];

  public constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  public startExecution(request: { readonly name: string; readonly input: unknown }): Promise<ExecutionInfo> {
    this.starts.push(clone(request));
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(request.name)) {
      return Promise.reject(new StepFunctionsError('InvalidName', `execution name "${request.name}" must be 1-80 letters, digits, - or _`));
    }
    const executionArn = arnOf(request.name);
    const input = JSON.stringify(request.input ?? {});
    const existing = this.#executions.get(executionArn);
    if (existing !== undefined) {
      if (existing.info.status === 'RUNNING' && existing.input === input) return Promise.resolve(clone(existing.info));
      return Promise.reject(new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`));
    }
    const info: ExecutionInfo = { executionArn, name: request.name, status: 'RUNNING', startDate: this.clock.now().toISOString() };
    this.#executions.set(executionArn, { info, input });
    return Promise.resolve(clone(info));
  }

  public sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    const settled = this.#pending.delete(taskToken);
    this.taskCalls.push({ kind: 'success', taskToken, output: clone(output ?? null), settled });
    return settled ? Promise.resolve() : Promise.reject(noTask());
  }

  public sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    const settled = this.#pending.delete(taskToken);
    this.taskCalls.push({ kind: 'failure', taskToken, error, cause, settled });
    return settled ? Promise.resolve() : Promise.reject(noTask());
  }

  public stopExecution(executionArn: string, cause: string): Promise<void> {
    const execution = this.#executions.get(executionArn);
    if (execution === undefined) return Promise.reject(noExecution(executionArn));
    this.stopped.push({ executionArn, cause });
    if (execution.info.status === 'RUNNING') this.finish(executionArn, 'ABORTED');
    return Promise.resolve();
  }

  public describeExecution(executionArn: string): Promise<ExecutionInfo> {
    const execution = this.#executions.get(executionArn);
    return execution === undefined ? Promise.reject(noExecution(executionArn)) : Promise.resolve(clone(execution.info));
  }

  public history(executionArn: string): Promise<readonly ExecutionStep[]> {
    return this.#executions.has(executionArn) ? Promise.resolve([]) : Promise.reject(noExecution(executionArn));
  }

  public executionUrl(executionArn: string): string {
    return `https://console.example.test/states/v2/executions/details/${encodeURIComponent(executionArn)}`;
  }

  /** A new task token waiting to be settled, as a `.waitForTaskToken` task hands out. */
  public issueTaskToken(): string {
    const token = `task-token-${randomUUID()}`;
    this.#pending.add(token);
    return token;
  }

  /** Ends the wait for `taskToken` without settling it (its execution died or timed out); settling it later is `TaskDoesNotExist`. */
  public abandonTaskToken(taskToken: string): void {
    this.#pending.delete(taskToken);
  }

  /** True while `taskToken` waits to be settled. */
  public isPending(taskToken: string): boolean {
    return this.#pending.has(taskToken);
  }

  /** The task calls that settled a task (at most one per token). */
  public settled(): TaskCall[] {
    return this.taskCalls.filter((c) => c.settled);
  }

  /** Ends an execution (as the state machine would), so its name can no longer be started. */
  public finish(executionArn: string, status: Exclude<ExecutionInfo['status'], 'RUNNING'> = 'SUCCEEDED'): void {
    const execution = this.#executions.get(executionArn);
    if (execution === undefined) throw noExecution(executionArn);
    execution.info = { ...execution.info, status, stopDate: this.clock.now().toISOString() };
  }

  /** Every distinct execution, in start order. */
  public executions(): ExecutionInfo[] {
    return [...this.#executions.values()].map((e) => clone(e.info));
  }
}

/** The ARN of the fake state machine's execution named `name`. */
export function arnOf(name: string): string {
  return `${FAKE_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
}

function noTask(): StepFunctionsError {
  return new StepFunctionsError('TaskDoesNotExist', 'Task does not exist anymore');
}

function noExecution(executionArn: string): StepFunctionsError {
  return new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
}
