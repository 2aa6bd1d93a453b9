import { ApprovalExpiredError, ConflictError, NotFoundError } from '../core/errors.js';

/*
 * The errors of the ExecutionEngine contract. They keep the Step Functions SDK's exception
 * names, so `error.name === 'TaskDoesNotExist'` holds in both runtimes (Step Functions in AWS,
 * the local ASL runner), while `instanceof` still places each under an Upkeep error.
 */

/** A task token that was never issued, or whose task already ended (settled, timed out or stopped). */
export class TaskDoesNotExistError extends NotFoundError {
  public override name = 'TaskDoesNotExist';
}

/** A task token whose task passed its `TimeoutSeconds` or `HeartbeatSeconds`. */
export class TaskTimedOutError extends ApprovalExpiredError {
  public override name = 'TaskTimedOut';
}

/** A task token that is malformed (truncated, or not a token at all); no task can match it. */
export class InvalidTokenError extends NotFoundError {
  public override name = 'InvalidToken';
}

/** `StartExecution` with a name already used with a different input, or by a closed execution. */
export class ExecutionAlreadyExistsError extends ConflictError {
  public override name = 'ExecutionAlreadyExists';
}

/** An execution ARN the engine does not know. */
export class ExecutionDoesNotExistError extends NotFoundError {
  public override name = 'ExecutionDoesNotExist';
}
