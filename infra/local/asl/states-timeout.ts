/**
 * `States.Timeout` errors the library treats as its own. Its `States.TaskFailed` wildcard
 * skips timeouts by `instanceof` on an error class it does not export, so a timeout we raise
 * ourselves must share that class or a `States.TaskFailed` catcher would wrongly catch it.
 * The class is learnt once by letting the library time out a task after 1 ms.
 */
import './polyfill.js';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { StatesError } from './errors.js';

type ErrorClass = new () => Error;

let timeoutClass: Promise<ErrorClass | undefined> | undefined;

/** Learns the library's timeout class; later calls return the same promise. */
export function loadTimeoutErrorClass(): Promise<ErrorClass | undefined> {
  timeoutClass ??= probe();
  return timeoutClass;
}

/**
 * A timeout error named `name` (`States.Timeout` or `States.HeartbeatTimeout`) with `cause`.
 * Call after {@link loadTimeoutErrorClass} resolved; before that (or if the probe failed) it
 * falls back to a plain error of the same name.
 */
export function createTimeoutError(name: string, cause: string): Error {
  const known = resolved;
  if (known === undefined) return new StatesError(name, cause);
  const error = new known();
  error.name = name;
  error.message = cause;
  return error;
}

let resolved: ErrorClass | undefined;

async function probe(): Promise<ErrorClass | undefined> {
  const definition = { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'probe', TimeoutSeconds: 0.001, End: true } } };
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
  try {
    await machine.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => undefined) } } }).result;
  } catch (error) {
    const cause = (error as Error).cause;
    if (cause instanceof Error && cause.name === 'States.Timeout') {
      resolved = cause.constructor as ErrorClass;
    }
  }
  return resolved;
}
