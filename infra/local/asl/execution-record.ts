/**
 * One execution's state and history: what `DescribeExecution` and `GetExecutionHistory`
 * answer, built from the library's event log as the execution runs.
 */
import type { StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../../functions/ports/clock.js';
import type { ExecutionDescription, ExecutionEvent, ExecutionStatus, HistoryEvent, HistoryEventType, JsonValue } from './types.js';

/** An event as the library logs it. */
export type EngineEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** Why an execution was stopped, when it was. */
export interface StopRequest {
  readonly status: 'ABORTED' | 'TIMED_OUT';
  readonly error?: string;
  readonly cause?: string;
}

/** Where the record reports each event as it is appended. */
export type EventListener = (event: ExecutionEvent) => void;

/** The live record of one execution. */
export class ExecutionRecord {
  public status: ExecutionStatus = 'RUNNING';
  public stopDate?: Date;
  public output?: JsonValue;
  public error?: string;
  public cause?: string;
  public currentState?: string;
  public stopRequest?: StopRequest;
  /** Set once the engine runs; aborts it. */
  public abort: () => void = () => undefined;
  public readonly history: HistoryEvent[] = [];
  private readonly done: Promise<void>;
  private markDone: () => void = () => undefined;

  public constructor(
    public readonly executionArn: string,
    public readonly stateMachineArn: string,
    public readonly name: string,
    public readonly input: JsonValue,
    public readonly startAt: string,
    public readonly startDate: Date,
    private readonly clock: Clock,
    private readonly stateTypes: ReadonlyMap<string, string>,
    private readonly listener?: EventListener,
  ) {
    this.done = new Promise((resolve) => {
      this.markDone = resolve;
    });
  }

  /** Resolves once the execution has closed and its history is complete. */
  public whenClosed(): Promise<void> {
    return this.done;
  }

  /** The `DescribeExecution` view. */
  public describe(): ExecutionDescription {
    return {
      executionArn: this.executionArn,
      stateMachineArn: this.stateMachineArn,
      name: this.name,
      status: this.status,
      startDate: this.startDate,
      input: this.input,
      startAt: this.startAt,
      ...(this.stopDate === undefined ? {} : { stopDate: this.stopDate }),
      ...(this.output === undefined ? {} : { output: this.output }),
      ...(this.error === undefined ? {} : { error: this.error }),
      ...(this.cause === undefined ? {} : { cause: this.cause }),
      ...(this.currentState === undefined ? {} : { currentState: this.currentState }),
    };
  }

  /** Records one library event, and closes the record on the execution's last event. */
  public appendEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'ExecutionStarted':
        this.append({ type: 'ExecutionStarted', input: event.input, stateName: this.startAt });
        return;
      case 'ExecutionSucceeded':
        this.close('SUCCEEDED', { output: event.output });
        return;
      case 'ExecutionFailed':
        this.close('FAILED', { error: event.Error, cause: text(event.Cause) });
        return;
      case 'ExecutionAborted':
      case 'ExecutionTimeout':
        this.closeStopped();
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
      case 'ParallelBranchStarted':
      case 'ParallelBranchSucceeded':
      case 'ParallelBranchFailed':
        this.append({
          type: event.type,
          stateName: event.parentState.name,
          stateType: event.parentState.type,
          ...('index' in event ? { index: event.index } : {}),
          ...('Error' in event ? { error: event.Error, cause: text(event.Cause) } : {}),
        });
        return;
      default:
        this.appendStateEvent(event);
    }
  }

  /** Closes a stopped execution (stop request or execution timeout) that the engine never ran. */
  public closeStopped(): void {
    const request = this.stopRequest ?? { status: 'ABORTED' };
    this.close(request.status, {
      ...(request.error === undefined ? {} : { error: request.error }),
      ...(request.cause === undefined ? {} : { cause: request.cause }),
    });
  }

  private appendStateEvent(event: Extract<EngineEvent, { state: unknown }>): void {
    const { state } = event;
    this.append({
      type: event.type,
      stateName: state.name,
      stateType: this.stateTypes.get(state.name) ?? state.type,
      input: state.input,
      ...(state.output === undefined ? {} : { output: state.output }),
      ...('Error' in event ? { error: event.Error, cause: text(event.Cause) } : {}),
      ...('retry' in event ? { index: event.retry.attempt } : {}),
    });
  }

  private close(status: Exclude<ExecutionStatus, 'RUNNING'>, outcome: { output?: JsonValue; error?: string; cause?: string }): void {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.stopDate = this.clock.now();
    if (outcome.output !== undefined) this.output = outcome.output;
    if (outcome.error !== undefined) this.error = outcome.error;
    if (outcome.cause !== undefined) this.cause = outcome.cause;
    this.append({ type: typeMap[status], ...outcome });
    this.markDone();
  }

  private append(event: Omit<HistoryEvent, 'id' | 'timestamp'>): void {
    const full: HistoryEvent = { id: this.history.length + 1, timestamp: this.clock.now(), ...event };
    if (full.type === 'StateEntered' && full.stateName !== undefined) this.currentState = full.stateName;
    this.history.push(full);
    try {
      this.listener?.({ executionArn: this.executionArn, ...full });
    } catch {
      // A console or dashboard that fails to render must not fail the workflow it watches.
    }
  }
}

const typeMap: Record<Exclude<ExecutionStatus, 'RUNNING'>, HistoryEventType> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  ABORTED: 'ExecutionAborted',
  TIMED_OUT: 'ExecutionTimedOut',
};

function text(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause) ?? '';
}
