/**
 * A Step Functions state machine run locally: the same ASL (JSONPath) definition as in AWS,
 * executed by `aws-local-stepfunctions` with Task resources mapped to local handlers, the
 * `$$` context object, task tokens, an execution history, time compression, and resuming an
 * execution at a given state (how a pending approval survives a restart of local mode).
 */
import './polyfill.js';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { ValidationError } from '../../../functions/core/errors.js';
import type { Clock } from '../../../functions/ports/clock.js';
import type { AslDefinition } from './definition.js';
import { readDefinitionFile, substitutePlaceholders, vetDefinition } from './definition.js';
import { toEngineDefinition, trackStates } from './engine-definition.js';
import { ExecutionAlreadyExistsError, ExecutionDoesNotExistError } from './errors.js';
import { ExecutionRecord } from './execution-record.js';
import { loadTimeoutErrorClass } from './states-timeout.js';
import { buildLocalHandlers, collectStateInfo } from './task-runner.js';
import type { StateInfo } from './task-runner.js';
import { TaskTokenRegistry } from './task-token-registry.js';
import { setLongTimeout } from './timers.js';
import type { ExecutionDescription, ExecutionEvent, ExecutionStatus, HistoryEvent, JsonValue, TaskHandlers, TimeCompression } from './types.js';

/** Options of {@link LocalStateMachine}. */
export interface LocalStateMachineOptions {
  /** The state machine's name, part of every ARN. */
  readonly name: string;
  /** Local stand-ins for every Task resource; a resource without one refuses the definition. */
  readonly handlers: TaskHandlers;
  /** Values for `${Placeholders}`, as CDK `definitionSubstitutions`. @default - none */
  readonly substitutions?: Readonly<Record<string, string>>;
  /** Where task tokens live; share one between machines like an AWS account. @default - a new registry */
  readonly taskTokens?: TaskTokenRegistry;
  /** Time compression for waits, retries and timeouts. @default - real time */
  readonly time?: TimeCompression;
  /** The clock for timestamps, `$$` times and `TimestampPath` waits. @default - the system clock */
  readonly clock?: Clock;
  /** Called with each history event as it happens (a console, a dashboard). @default - none */
  readonly onEvent?: (event: ExecutionEvent) => void;
  /** Region in ARNs. @default 'us-east-1' */
  readonly region?: string;
  /** Account in ARNs. @default '000000000000' */
  readonly accountId?: string;
}

/** What to start. */
export interface StartExecutionRequest {
  /** Unique per state machine. @default - a random UUID */
  readonly name?: string;
  /** @default {} */
  readonly input?: JsonValue;
  /**
   * Start at this top-level state instead of `StartAt`, with `input` as that state's input:
   * resuming an execution whose progress was saved elsewhere. `$$.Execution.Input` is then
   * this input, not the original execution's.
   * @default - the definition's StartAt
   */
  readonly startAt?: string;
}

/** `StartExecution`'s answer. */
export interface StartExecutionResult {
  readonly executionArn: string;
  readonly startDate: Date;
}

const systemClock: Clock = { now: () => new Date() };
// AWS's execution name rule: 1–80 characters, none of these and no control characters.
// eslint-disable-next-line no-control-regex
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/**
 * @example
 * ```ts
 * const machine = await LocalStateMachine.fromFile('statemachines/update-workflow.asl.json', {
 *   name: 'upkeep-update',
 *   substitutions: { EvaluateFunctionArn: 'evaluate' },
 *   handlers: { functions: { evaluate: async (input) => evaluate(input) } },
 *   time: { waitScale: 0.001 },
 * });
 * const { executionArn } = await machine.startExecution({ name: 'api-1.2.3', input: { workflowId: 'wf-1' } });
 * const done = await machine.waitForExecution(executionArn);
 * ```
 */
export class LocalStateMachine {
  public readonly name: string;
  public readonly stateMachineArn: string;
  /** The definition as run: placeholders substituted, vetted. */
  public readonly definition: AslDefinition;
  public readonly taskTokens: TaskTokenRegistry;
  private readonly engineDefinition: StateMachineDefinition;
  private readonly states: Map<string, StateInfo>;
  private readonly stateTypes: Map<string, string>;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly clock: Clock;
  private readonly region: string;
  private readonly accountId: string;

  /** Reads the definition from `path`, then as the constructor. */
  public static async fromFile(path: string, options: LocalStateMachineOptions): Promise<LocalStateMachine> {
    return new LocalStateMachine((await readDefinitionFile(path)) as object, options);
  }

  /** Throws `StateMachineDefinitionError` listing why the definition cannot run locally. */
  public constructor(definition: object, private readonly options: LocalStateMachineOptions) {
    if (!/^[\w-]{1,80}$/.test(options.name)) {
      throw new ValidationError(`state machine name must be 1–80 letters, digits, "-" or "_", got "${options.name}"`);
    }
    this.name = options.name;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.stateMachineArn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${this.name}`;
    // A JSON copy: what runs cannot change under us, and is what an API call would carry.
    const copy = JSON.parse(JSON.stringify(definition)) as JsonValue;
    this.definition = vetDefinition(substitutePlaceholders(copy, options.substitutions ?? {}), options.handlers);
    this.engineDefinition = toEngineDefinition(this.definition, options.time ?? {});
    this.states = collectStateInfo(this.definition, options.handlers);
    this.stateTypes = new Map([...this.states].map(([name, info]) => [name, info.type]));
    this.taskTokens = options.taskTokens ?? new TaskTokenRegistry();
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Starts an execution. Same name and input as a running execution returns that execution
   * (as AWS does); any other reuse of a name throws `ExecutionAlreadyExistsError`.
   */
  public async startExecution(request: StartExecutionRequest = {}): Promise<StartExecutionResult> {
    const name = request.name ?? randomUUID();
    if (name.length === 0 || name.length > 80 || BAD_NAME.test(name)) {
      throw new ValidationError(`execution name must be 1–80 characters without spaces, control characters or any of <>{}[]?*"#%\\^|~\`$&,;:/, got "${name}"`);
    }
    const startAt = request.startAt ?? this.definition.StartAt;
    if (!Object.hasOwn(this.definition.States, startAt)) {
      throw new ValidationError(`startAt must be a top-level state (one of ${Object.keys(this.definition.States).join(', ')}), got "${startAt}"`);
    }
    const input = JSON.parse(JSON.stringify(request.input ?? {})) as JsonValue;
    const executionArn = `arn:aws:states:${this.region}:${this.accountId}:execution:${this.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && existing.startAt === startAt && JSON.stringify(existing.input) === JSON.stringify(input)) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new ExecutionAlreadyExistsError(`Execution Already Exists: '${executionArn}'`, { context: { executionArn } });
    }
    // Registered before any await, so concurrent starts with one name see each other.
    const record = new ExecutionRecord(executionArn, this.stateMachineArn, name, input, startAt, this.clock.now(), this.clock, this.stateTypes, this.options.onEvent);
    this.executions.set(executionArn, record);
    await loadTimeoutErrorClass();
    if (record.stopRequest === undefined) this.run(record);
    else record.closeStopped();
    return { executionArn, startDate: record.startDate };
  }

  /** Stops a running execution (status `ABORTED`); a closed one is left as it is. */
  public stopExecution(executionArn: string, reason: { error?: string; cause?: string } = {}): { stopDate: Date } {
    const record = this.get(executionArn);
    if (record.status === 'RUNNING' && record.stopRequest === undefined) {
      record.stopRequest = { status: 'ABORTED', ...reason };
      record.abort();
    }
    return { stopDate: record.stopDate ?? this.clock.now() };
  }

  /** The execution now. Throws `ExecutionDoesNotExistError` for an unknown ARN. */
  public describeExecution(executionArn: string): ExecutionDescription {
    return this.get(executionArn).describe();
  }

  /** Every event so far, oldest first (or newest first with `reverseOrder`). */
  public getExecutionHistory(executionArn: string, options: { reverseOrder?: boolean } = {}): HistoryEvent[] {
    const history = [...this.get(executionArn).history];
    return options.reverseOrder === true ? history.reverse() : history;
  }

  /** Executions of this machine, newest first, optionally of one status. */
  public listExecutions(filter: { statusFilter?: ExecutionStatus } = {}): ExecutionDescription[] {
    return [...this.executions.values()]
      .reverse()
      .filter((record) => filter.statusFilter === undefined || record.status === filter.statusFilter)
      .map((record) => record.describe());
  }

  /** Resolves when the execution has closed, with its final description and complete history. */
  public async waitForExecution(executionArn: string): Promise<ExecutionDescription> {
    const record = this.get(executionArn);
    await record.whenClosed();
    return record.describe();
  }

  /** `SendTaskSuccess`; throws `TaskDoesNotExistError` for an unknown or settled token. */
  public sendTaskSuccess(taskToken: string, output: JsonValue): void {
    this.taskTokens.sendTaskSuccess(taskToken, output);
  }

  /** `SendTaskFailure`; `error` is what the state's Retry/Catch match. */
  public sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.taskTokens.sendTaskFailure(taskToken, error, cause);
  }

  /** `SendTaskHeartbeat`. */
  public sendTaskHeartbeat(taskToken: string): void {
    this.taskTokens.sendTaskHeartbeat(taskToken);
  }

  private get(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn);
    if (record === undefined) throw new ExecutionDoesNotExistError(`Execution Does Not Exist: '${executionArn}'`, { context: { executionArn } });
    return record;
  }

  private run(record: ExecutionRecord): void {
    const controller = new AbortController();
    let pendingToken: string | undefined;
    let entered = { name: record.startAt, time: this.clock.now().toISOString() };
    const scope = {
      executionArn: record.executionArn,
      signal: controller.signal,
      takeToken: (): string | undefined => {
        const token = pendingToken;
        pendingToken = undefined;
        return token;
      },
      mintToken: (): string => TaskTokenRegistry.mintToken(),
    };
    const context = {
      Execution: { Id: record.executionArn, Name: record.name, RedriveCount: 0 },
      StateMachine: { Id: this.stateMachineArn, Name: this.name },
      // Getters: the library copies the context once per run, but reads these per state.
      State: {
        get Name(): string {
          return entered.name;
        },
        get EnteredTime(): string {
          return entered.time;
        },
      },
      Task: {
        get Token(): string {
          pendingToken ??= TaskTokenRegistry.mintToken();
          return pendingToken;
        },
      },
    };
    const definition = trackStates({ ...this.engineDefinition, StartAt: record.startAt }, (name) => {
      entered = { name, time: this.clock.now().toISOString() };
      record.currentState = name;
    });
    const settings = { handlers: this.options.handlers, tokens: this.taskTokens, clock: this.clock, time: this.options.time ?? {} };
    const execution = new StateMachine(definition, { validationOptions: { noValidate: true } }).run(record.input, {
      overrides: { taskResourceLocalHandlers: buildLocalHandlers(this.states, scope, settings) },
      context,
      noThrowOnAbort: true,
    });
    record.abort = () => {
      controller.abort();
      execution.abort();
    };
    const timeoutSeconds = this.definition.TimeoutSeconds;
    const cancelTimeout =
      typeof timeoutSeconds === 'number'
        ? setLongTimeout(() => {
            record.stopRequest = { status: 'TIMED_OUT', error: 'States.Timeout', cause: `the execution ran longer than ${timeoutSeconds} s` };
            record.abort();
          }, timeoutSeconds * 1000 * (this.options.time?.timeoutScale ?? 1))
        : () => undefined;
    void (async () => {
      for await (const event of execution.eventLogs) record.appendEngineEvent(event);
      // The library ends its log on the closing event; a result without one still closes us.
      await execution.result.then(
        () => undefined,
        () => undefined,
      );
      cancelTimeout();
      controller.abort();
      record.closeStopped();
    })();
  }
}
