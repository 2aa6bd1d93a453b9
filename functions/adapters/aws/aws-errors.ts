import { NotFoundError, TransientError, UpkeepError } from '../../core/errors.js';

/** Error names AWS services (or the network under them) use for "try again later". */
const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'InternalServerError',
  'InternalServerErrorException',
  'InternalFailure',
  'InternalErrorException',
  'InternalServiceError',
  'InternalServiceErrorException',
  'ServiceException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

/** Error names that mean "the thing you named does not exist", across the services we call. */
const NOT_FOUND_NAMES = new Set([
  'ResourceNotFoundException',
  'NotFoundException',
  'NotFound',
  'ExecutionDoesNotExist',
  'StateMachineDoesNotExist',
  'DeploymentDoesNotExistException',
  'ApplicationDoesNotExistException',
  'DeploymentGroupDoesNotExistException',
  'DeploymentConfigDoesNotExistException',
  'RevisionDoesNotExistException',
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
}

/** The SDK error's `name` (its exception type), or `Error`. */
export function awsErrorName(error: unknown): string {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? error : {};
  return typeof shape.name === 'string' ? shape.name : 'Error';
}

/** True for throttling, server faults and network failures that outlasted the SDK's own retries. */
export function isTransientAwsError(error: unknown): boolean {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? error : {};
  return (
    TRANSIENT_NAMES.has(awsErrorName(error)) ||
    (typeof shape.code === 'string' && TRANSIENT_CODES.has(shape.code)) ||
    shape.$fault === 'server' ||
    (typeof shape.$retryable === 'object' && shape.$retryable !== null)
  );
}

/**
 * Translates what an AWS SDK v3 client threw into Upkeep's errors, whose names the state
 * machine's `Retry`/`Catch` match on: throttling, 5xx and network failures are
 * `TransientError`; a missing resource is `NotFoundError`; anything else is an `UpkeepError`.
 * Each keeps the SDK error as `cause` and its name as `context.awsError`. Adapters handle the
 * names that mean something particular to them (SFN task tokens, CodeDeploy limits) first.
 *
 * @example
 * ```ts
 * try { await sns.send(command); } catch (error) { throw toAwsUpkeepError(error, 'publish to topic upkeep', 'SNS'); }
 * ```
 */
export function toAwsUpkeepError(error: unknown, what: string, service: string): UpkeepError {
  if (error instanceof UpkeepError) return error;
  const name = awsErrorName(error);
  const message = error instanceof Error ? error.message : String(error);
  const context = { awsError: name, service };
  if (isTransientAwsError(error)) {
    return new TransientError(`${what}: ${service} is unavailable or throttling (${name}: ${message})`, { cause: error, context });
  }
  if (NOT_FOUND_NAMES.has(name)) {
    return new NotFoundError(`${what}: not found (${name}: ${message})`, { cause: error, context });
  }
  return new UpkeepError(`${what} failed: ${name}: ${message}`, { cause: error, context });
}
