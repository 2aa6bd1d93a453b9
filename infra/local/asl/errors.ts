/**
 * Errors of the local Step Functions runtime. The two that mirror AWS SDK exceptions keep the
 * SDK's `name` (`TaskDoesNotExist`, `ExecutionAlreadyExists`, `ExecutionDoesNotExist`) so code
 * written against `@aws-sdk/client-sfn` handles them the same way in both runtimes.
 */
import { ValidationError } from '../../../functions/core/errors.js';
import type { Problem } from '../../../functions/core/errors.js';

export { ExecutionAlreadyExistsError, ExecutionDoesNotExistError, TaskDoesNotExistError } from '../../../functions/ports/execution-errors.js';

/** A definition this runtime refuses to run; `problems` lists every reason. */
export class StateMachineDefinitionError extends ValidationError {
  public constructor(problems: readonly Problem[], options: ErrorOptions = {}) {
    super(
      `the state machine definition cannot run locally:\n${problems.map((p) => `- ${p.path}: ${p.message} (got ${p.value})`).join('\n')}`,
      problems,
      options,
    );
  }
}

/**
 * An error raised inside an execution, shaped as the engine matches it: `name` is the ASL
 * error name, `message` the cause. `States.Runtime` errors are neither retried nor caught, as
 * in Step Functions; the engine reads `isRetryable`/`isCatchable` by duck typing.
 */
export class StatesError extends Error {
  public readonly isRetryable: boolean;
  public readonly isCatchable: boolean;

  public constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
    const fatal = name === 'States.Runtime';
    this.isRetryable = !fatal;
    this.isCatchable = !fatal;
  }
}
