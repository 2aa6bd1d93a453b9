import type { UpkeepError } from '../../core/errors.js';
import { ApprovalExpiredError, ConflictError, NotFoundError } from '../../core/errors.js';
import { awsErrorName, toAwsUpkeepError } from './aws-errors.js';

/*
 * The Step Functions errors callers act on keep the SDK's exception name (the local ASL runtime
 * in infra/local/asl/errors.ts does the same), so `error.name === 'TaskDoesNotExist'` works in
 * both runtimes, while `instanceof` still places each under an Upkeep error.
 */

/** A task token that was never issued, or whose task already ended (settled or stopped). */
export class TaskDoesNotExistError extends NotFoundError {
  public override readonly name = 'TaskDoesNotExist';
}

/** A task token whose task passed its `TimeoutSeconds` or `HeartbeatSeconds`. */
export class TaskTimedOutError extends ApprovalExpiredError {
  public override readonly name = 'TaskTimedOut';
}

/** A task token that is malformed (truncated, or not a token at all); no task can match it. */
export class InvalidTokenError extends NotFoundError {
  public override readonly name = 'InvalidToken';
}

/** `StartExecution` with a name already used with a different input, or by a closed execution. */
export class ExecutionAlreadyExistsError extends ConflictError {
  public override readonly name = 'ExecutionAlreadyExists';
}

/** An execution ARN Step Functions does not know. */
export class ExecutionDoesNotExistError extends NotFoundError {
  public override readonly name = 'ExecutionDoesNotExist';
}

const BY_NAME: Record<string, new (message: string, options: ErrorOptions & { context?: Record<string, unknown> }) => UpkeepError> = {
  TaskDoesNotExist: TaskDoesNotExistError,
  TaskTimedOut: TaskTimedOutError,
  InvalidToken: InvalidTokenError,
  ExecutionAlreadyExists: ExecutionAlreadyExistsError,
  ExecutionDoesNotExist: ExecutionDoesNotExistError,
};

/**
 * Translates a Step Functions SDK error: the five names above become the classes above (same
 * `name`), the rest goes through {@link toAwsUpkeepError}.
 *
 * @example
 * ```ts
 * try { await sfn.send(command); } catch (error) { throw toSfnError(error, 'send task success'); }
 * ```
 */
export function toSfnError(error: unknown, what: string): UpkeepError {
  const name = awsErrorName(error);
  const Known = BY_NAME[name];
  if (Known === undefined) return toAwsUpkeepError(error, what, 'Step Functions');
  const message = error instanceof Error ? error.message : String(error);
  return new Known(`${what}: ${name}: ${message}`, { cause: error, context: { awsError: name, service: 'Step Functions' } });
}
