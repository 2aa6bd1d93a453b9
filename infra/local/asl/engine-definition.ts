/**
 * Rewrites a vetted definition into the one handed to `aws-local-stepfunctions`, so that the
 * library's gaps are filled by our own code while its Retry/Catch/paths logic is kept:
 * - Task timeouts and heartbeats are enforced by our task wrapper (scaled, and free of the
 *   24.8-day timer overflow), so the library gets the longest timeout a Node timer holds and
 *   `Parameters` is wrapped to carry `TimeoutSecondsPath`/`HeartbeatSecondsPath` values in.
 * - Wait states become Tasks run by a local "wait" handler, because the library can only
 *   override a Wait with a fixed duration per run, and `TimestampPath` needs the state input.
 * - Retry intervals are scaled; `States.Timeout` retriers/catchers also match
 *   `States.HeartbeatTimeout`, as in Step Functions.
 * - The execution `TimeoutSeconds` is removed: the runtime enforces it (30 days overflows).
 */
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { AslDefinition } from './definition.js';
import { MAX_TIMER_MS } from './timers.js';
import type { JsonObject, JsonValue, TimeCompression } from './types.js';

/** `Resource` of the Tasks that stand in for Wait states. */
export const WAIT_RESOURCE = 'upkeep:local:wait';

/** The library's per-task timer, set as long as one Node timer holds; ours fire first. */
const LIBRARY_TASK_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** What a wrapped Task or Wait receives from the library as its input. */
export interface WrappedInput {
  /** The state's effective input (after `InputPath` and the original `Parameters`). */
  readonly input: JsonValue;
  readonly timeoutSeconds?: JsonValue;
  readonly heartbeatSeconds?: JsonValue;
  readonly seconds?: JsonValue;
  readonly timestamp?: JsonValue;
}

/**
 * The library-ready copy of `definition`. `time` scales Retry intervals here; waits and task
 * timeouts are scaled when they run.
 */
export function toEngineDefinition(definition: AslDefinition, time: TimeCompression): StateMachineDefinition {
  const copy = rewriteMachine(definition, time);
  delete copy.TimeoutSeconds;
  return copy as unknown as StateMachineDefinition;
}

/**
 * A per-execution view of `definition` whose `States` lookups call `onEnter(name)`: the
 * library looks a state up right before it enters it, and evaluates its paths in the same
 * synchronous run, so `$$.State.Name`/`EnteredTime` read at that moment are exact.
 */
export function trackStates(definition: StateMachineDefinition, onEnter: (name: string) => void): StateMachineDefinition {
  const states = new Proxy(definition.States, {
    get(target, key, receiver): unknown {
      if (typeof key === 'string' && Object.hasOwn(target, key)) onEnter(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { ...definition, States: states };
}

function rewriteMachine(machine: JsonObject, time: TimeCompression): JsonObject {
  const states = machine.States as { [name: string]: JsonObject };
  return { ...machine, States: Object.fromEntries(Object.entries(states).map(([name, state]) => [name, rewriteState(state, time)])) };
}

function rewriteState(state: JsonObject, time: TimeCompression): JsonObject {
  const out: JsonObject = { ...state };
  if (Array.isArray(state.Retry)) out.Retry = state.Retry.map((retrier) => rewriteRetrier(retrier as JsonObject, time));
  if (Array.isArray(state.Catch)) out.Catch = state.Catch.map((catcher) => withHeartbeatTimeout(catcher as JsonObject));
  if (Array.isArray(state.Branches)) out.Branches = state.Branches.map((branch) => rewriteMachine(branch as JsonObject, time));
  for (const key of ['ItemProcessor', 'Iterator']) {
    const inner = state[key];
    if (inner !== undefined) out[key] = rewriteMachine(inner as JsonObject, time);
  }
  if (state.Type === 'Task') return rewriteTask(out);
  if (state.Type === 'Wait') return rewriteWait(out);
  return out;
}

function rewriteTask(state: JsonObject): JsonObject {
  const { TimeoutSeconds: _t, TimeoutSecondsPath, HeartbeatSeconds: _h, HeartbeatSecondsPath, Parameters, ...rest } = state;
  const wrapped: JsonObject = Parameters === undefined ? { 'input.$': '$' } : { input: Parameters };
  if (typeof TimeoutSecondsPath === 'string') wrapped['timeoutSeconds.$'] = TimeoutSecondsPath;
  if (typeof HeartbeatSecondsPath === 'string') wrapped['heartbeatSeconds.$'] = HeartbeatSecondsPath;
  return { ...rest, Parameters: wrapped, TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS };
}

function rewriteWait(state: JsonObject): JsonObject {
  const { Seconds, SecondsPath, Timestamp, TimestampPath, Type: _type, ...rest } = state;
  const parameters: JsonObject = { 'input.$': '$' };
  if (Seconds !== undefined) parameters.seconds = Seconds;
  if (typeof SecondsPath === 'string') parameters['seconds.$'] = SecondsPath;
  if (Timestamp !== undefined) parameters.timestamp = Timestamp;
  if (typeof TimestampPath === 'string') parameters['timestamp.$'] = TimestampPath;
  return { ...rest, Type: 'Task', Resource: WAIT_RESOURCE, Parameters: parameters, TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS };
}

function rewriteRetrier(retrier: JsonObject, time: TimeCompression): JsonObject {
  const scale = time.waitScale ?? 1;
  const out = withHeartbeatTimeout(retrier);
  const interval = (typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1) * scale;
  const limits = [
    typeof retrier.MaxDelaySeconds === 'number' ? retrier.MaxDelaySeconds * scale : Infinity,
    time.maxWaitMs === undefined ? Infinity : time.maxWaitMs / 1000,
  ];
  const maxDelay = Math.min(...limits);
  // The library treats a 0 cap as "no cap", so a zero pause is expressed as a zero interval.
  out.IntervalSeconds = maxDelay === 0 ? 0 : interval;
  if (Number.isFinite(maxDelay) && maxDelay > 0) out.MaxDelaySeconds = maxDelay;
  else delete out.MaxDelaySeconds;
  return out;
}

function withHeartbeatTimeout(rule: JsonObject): JsonObject {
  const names = Array.isArray(rule.ErrorEquals) ? rule.ErrorEquals : [];
  if (!names.includes('States.Timeout') || names.includes('States.HeartbeatTimeout')) return { ...rule };
  return { ...rule, ErrorEquals: [...names, 'States.HeartbeatTimeout'] };
}
