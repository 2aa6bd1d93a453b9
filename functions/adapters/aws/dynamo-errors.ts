import { ConflictError, TransientError, UpkeepError } from '../../core/errors.js';

/** Error names DynamoDB (or the network under it) uses for "try again later". */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
}

/**
 * Translates what the DynamoDB client threw into Upkeep's errors, whose names the state
 * machine's `Retry`/`Catch` match on: a failed condition is a `ConflictError`; throttling,
 * server faults and network failures (after the SDK's own retries) are `TransientError`;
 * anything else is an `UpkeepError` carrying the original as `cause`.
 *
 * @example
 * ```ts
 * try { await client.send(command); } catch (error) { throw toUpkeepError(error, 'put workflow wf-1'); }
 * ```
 */
export function toUpkeepError(error: unknown, what: string, table?: string): UpkeepError {
  if (error instanceof UpkeepError) return error;
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? error : {};
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const context = table === undefined ? { awsError: name } : { awsError: name, table };

  if (name === 'ConditionalCheckFailedException') {
    return new ConflictError(`${what}: the item changed or already exists`, { cause: error, context });
  }
  const transient =
    TRANSIENT_NAMES.has(name) ||
    (typeof shape.code === 'string' && TRANSIENT_CODES.has(shape.code)) ||
    shape.$fault === 'server' ||
    (typeof shape.$retryable === 'object' && shape.$retryable !== null);
  if (transient) {
    return new TransientError(`${what}: DynamoDB is unavailable or throttling (${name}: ${message})`, { cause: error, context });
  }
  if (name === 'ResourceNotFoundException') {
    return new UpkeepError(`${what}: table ${table ?? '(unnamed)'} does not exist; create it (local mode does this at start)`, {
      cause: error,
      context,
    });
  }
  return new UpkeepError(`${what} failed: ${name}: ${message}`, { cause: error, context });
}
