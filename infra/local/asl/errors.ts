/**
 * Errors of the local Step Functions runtime. The two that mirror AWS SDK exceptions keep the
 * SDK's `name` (`TaskDoesNotExist`, `ExecutionAlreadyExists`, `ExecutionDoesNotExist`) so code
 * written against `@aws-sdk/client-sfn` handles them the same way in both runtimes.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../../functions/core/errors.js';
import type { Problem } from '../../../functions/core/errors.js';

/**
 * A task token that was never issued, or whose task already ended (settled, timed out, stopped).
 *
 * @example
 * ```ts
 * try { sfn.sendTaskSuccess(token, {}); } catch (e) { if (e instanceof TaskDoesNotExistError) … }
 * ```
 */
export class TaskDoesNotExistError extends NotFoundError {
  public override readonly name = 'TaskDoesNotExist';
}

/** `StartExecution` with a name already used (different input, or a closed execution). */
export class ExecutionAlreadyExistsError extends ConflictError {
  public override readonly name = 'ExecutionAlreadyExists';
}

/** An execution ARN this runtime does not know. */
export class ExecutionDoesNotExistError extends NotFoundError {
  public override readonly name = 'ExecutionDoesNotExist';
}

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
