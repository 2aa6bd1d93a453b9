import type { UpkeepError } from '../../core/errors.js';
import {
  ExecutionAlreadyExistsError, ExecutionDoesNotExistError, InvalidTokenError, TaskDoesNotExistError, TaskTimedOutError,
} from '../../ports/execution-errors.js';
import { awsErrorName, toAwsUpkeepError } from './aws-errors.js';

export { ExecutionAlreadyExistsError, ExecutionDoesNotExistError, InvalidTokenError, TaskDoesNotExistError, TaskTimedOutError } from '../../ports/execution-errors.js';

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
