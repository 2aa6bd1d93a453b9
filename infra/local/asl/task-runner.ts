/**
 * The local handlers the library calls for each Task (and each Wait, see engine-definition.ts):
 * they pick the handler for the resource, enforce `TimeoutSeconds` and `HeartbeatSeconds`,
 * hold `.waitForTaskToken` tasks until their token is settled, and shape errors so the ASL
 * Retry/Catch match them by name as in Step Functions.
 */
import type { Clock } from '../../../functions/ports/clock.js';
import type { AslDefinition } from './definition.js';
import { forEachState } from './definition.js';
import type { WrappedInput } from './engine-definition.js';
import { StatesError } from './errors.js';
import { createTimeoutError } from './states-timeout.js';
import type { TaskTokenRegistry } from './task-token-registry.js';
import { findFunction, resolveTaskTarget } from './task-resources.js';
import type { TaskTarget } from './task-resources.js';
import { setLongTimeout, sleep } from './timers.js';
import type { JsonObject, JsonValue, TaskHandler, TaskHandlers, TimeCompression } from './types.js';

/** What the runner knows of each state from the definition. */
export interface StateInfo {
  readonly type: string;
  readonly resource?: string;
  readonly target?: TaskTarget;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

/** The execution a set of handlers serves. */
export interface ExecutionScope {
  readonly executionArn: string;
  /** Aborted when the execution stops or times out. */
  readonly signal: AbortSignal;
  /** The token `$$.Task.Token` handed out for the task now starting, if it was read. */
  takeToken(): string | undefined;
  /** Mints a token when the task did not read `$$.Task.Token`. */
  mintToken(): string;
}

/** Shared settings of the runner. */
export interface TaskRunnerSettings {
  readonly handlers: TaskHandlers;
  readonly tokens: TaskTokenRegistry;
  readonly clock: Clock;
  readonly time: TimeCompression;
}

type LocalHandler = (input: JsonValue) => Promise<JsonValue>;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Static facts about every state, by name (names are unique across the whole machine). */
export function collectStateInfo(definition: AslDefinition, handlers: TaskHandlers): Map<string, StateInfo> {
  const states = new Map<string, StateInfo>();
  forEachState(definition, (name, state) => {
    const resource = typeof state.Resource === 'string' ? state.Resource : undefined;
    const info: StateInfo = {
      type: typeof state.Type === 'string' ? state.Type : '',
      ...(resource === undefined ? {} : { resource, target: resolveTaskTarget(resource, handlers) }),
      ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
      ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
    };
    states.set(name, info);
  });
  return states;
}

/** One library override per Task and Wait state, bound to `scope`. */
export function buildLocalHandlers(states: ReadonlyMap<string, StateInfo>, scope: ExecutionScope, settings: TaskRunnerSettings): Record<string, LocalHandler> {
  const out: Record<string, LocalHandler> = {};
  for (const [name, info] of states) {
    if (info.type === 'Wait') out[name] = (input) => runWait(input as unknown as WrappedInput, scope, settings);
    else if (info.type === 'Task') out[name] = (input) => runTask(name, info, input as unknown as WrappedInput, scope, settings);
  }
  return out;
}

async function runWait(wrapped: WrappedInput, scope: ExecutionScope, settings: TaskRunnerSettings): Promise<JsonValue> {
  let ms = 0;
  if (wrapped.seconds !== undefined) {
    if (!Number.isInteger(wrapped.seconds) || (wrapped.seconds as number) < 0) {
      throw new StatesError('States.Runtime', `Wait seconds must be a non-negative integer, got ${JSON.stringify(wrapped.seconds)}`);
    }
    ms = (wrapped.seconds as number) * 1000;
  } else if (wrapped.timestamp !== undefined) {
    const text = wrapped.timestamp;
    if (typeof text !== 'string' || !RFC3339.test(text) || Number.isNaN(Date.parse(text))) {
      throw new StatesError('States.Runtime', `Wait timestamp must be an RFC 3339 timestamp, got ${JSON.stringify(text)}`);
    }
    ms = Date.parse(text) - settings.clock.now().getTime();
  }
  const scaled = Math.max(0, ms) * (settings.time.waitScale ?? 1);
  await sleep(Math.min(scaled, settings.time.maxWaitMs ?? Infinity), scope.signal);
  return wrapped.input;
}

function runTask(stateName: string, info: StateInfo, wrapped: WrappedInput, scope: ExecutionScope, settings: TaskRunnerSettings): Promise<JsonValue> {
  // Taken first and always, so a token minted by `$$.Task.Token` never leaks to a later task.
  const readToken = scope.takeToken();
  const target = info.target;
  if (target === undefined) return Promise.reject(new StatesError('States.Runtime', `no local handler for ${info.resource ?? stateName}`));
  const timeoutSeconds = info.timeoutSeconds ?? positiveInteger(wrapped.timeoutSeconds, 'TimeoutSecondsPath');
  const heartbeatSeconds = info.heartbeatSeconds ?? (wrapped.heartbeatSeconds === undefined ? undefined : positiveInteger(wrapped.heartbeatSeconds, 'HeartbeatSecondsPath'));
  const token = target.waitForToken ? (readToken ?? scope.mintToken()) : undefined;
  const scale = settings.time.timeoutScale ?? 1;
  const controller = new AbortController();

  return new Promise<JsonValue>((resolve, reject) => {
    let settled = false;
    let cancelHeartbeat = (): void => undefined;
    const onStop = (): void => fail(new StatesError('States.Runtime', 'the execution stopped'));
    function finish(settle: () => void): void {
      if (settled) return;
      settled = true;
      cancelTimeout();
      cancelHeartbeat();
      if (token !== undefined) settings.tokens.cancel(token);
      scope.signal.removeEventListener('abort', onStop);
      controller.abort();
      settle();
    }
    function fail(error: Error): void {
      finish(() => reject(error));
    }
    function heartbeat(): void {
      if (settled || heartbeatSeconds === undefined) return;
      cancelHeartbeat();
      cancelHeartbeat = setLongTimeout(
        () => fail(createTimeoutError('States.HeartbeatTimeout', `no heartbeat within ${heartbeatSeconds} s`)),
        heartbeatSeconds * 1000 * scale,
      );
    }
    const cancelTimeout = setLongTimeout(() => fail(createTimeoutError('States.Timeout', `the task ran longer than ${timeoutSeconds} s`)), timeoutSeconds * 1000 * scale);
    heartbeat();
    if (scope.signal.aborted) onStop();
    scope.signal.addEventListener('abort', onStop, { once: true });
    if (token !== undefined) {
      settings.tokens.register(token, {
        executionArn: scope.executionArn,
        stateName,
        succeed: (output) => finish(() => resolve(output)),
        fail: (error, cause) => fail(new StatesError(error, cause)),
        heartbeat,
      });
    }
    const context = { executionArn: scope.executionArn, stateName, resource: info.resource ?? '', signal: controller.signal, heartbeat, ...(token === undefined ? {} : { taskToken: token }) };
    invoke(target, wrapped.input, context, settings.handlers).then(
      (result) => {
        // A callback task ends when its token is settled; what the function returns is ignored.
        if (token === undefined) finish(() => resolve(result));
      },
      (error: unknown) => fail(toStatesError(error, target.kind !== 'integration')),
    );
  });
}

async function invoke(target: TaskTarget, input: JsonValue, context: Parameters<TaskHandler>[1], handlers: TaskHandlers): Promise<JsonValue> {
  if (target.kind !== 'lambda-invoke') return toJson(await target.handler(toJson(input), context));
  const request = (input ?? {}) as JsonObject;
  const name = typeof request.FunctionName === 'string' ? request.FunctionName : JSON.stringify(request.FunctionName ?? null);
  const fn = findFunction(handlers, name);
  if (fn === undefined) {
    throw new StatesError('Lambda.ResourceNotFoundException', `Function not found: ${name}`);
  }
  const payload = toJson(await fn(toJson(request.Payload ?? {}), context));
  return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
}

/** A copy as JSON would carry it; `undefined` becomes `null`, as an empty Lambda response. */
function toJson(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

/**
 * The error the ASL sees. Lambda failures carry a JSON cause like Step Functions' own
 * (`{"errorType","errorMessage"}`), so a handler that parses `$.error.Cause` works in both runtimes.
 */
function toStatesError(error: unknown, fromLambda: boolean): Error {
  if (error instanceof StatesError || (error instanceof Error && error.name.startsWith('States.'))) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new StatesError(name, fromLambda ? JSON.stringify({ errorType: name, errorMessage: message }) : message);
}

function positiveInteger(value: JsonValue | undefined, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StatesError('States.Runtime', `${field} must point to a positive integer, got ${JSON.stringify(value ?? null)}`);
  }
  return value;
}
