import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { UpkeepError } from '../../core/errors.js';
import { toAwsUpkeepError } from './aws-errors.js';

/** An error as it crosses a function boundary: its name (a contract, see `core/errors.ts`), message and context. */
export interface CarriedError {
  readonly name: string;
  readonly message: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

/**
 * The error another function reported, with its name and context, so that whatever matches on
 * names here (the state machine's `Retry`, the HTTP edge's status) treats it as it would have
 * treated the error thrown in-process.
 */
export function revive(carried: CarriedError): UpkeepError {
  const error = new UpkeepError(carried.message, carried.context === undefined ? {} : { context: { ...carried.context } });
  error.name = carried.name;
  return error;
}

/**
 * Invokes one of our own functions synchronously with a JSON payload and returns its JSON
 * answer. What fails on the way (throttling, a missing function) is translated like every SDK
 * error (`toAwsUpkeepError`: throttling is a `TransientError`); an error the function threw
 * comes back under the name Lambda reports for it (`errorType`: ours keep theirs, Lambda's own
 * read like `Sandbox.Timedout`).
 *
 * @example
 * ```ts
 * const answer = await invokeJson(lambda, 'upkeep-detect', { check: { startWorkflows: false } }, 'run detection');
 * ```
 */
export async function invokeJson(client: LambdaClient, functionName: string, payload: unknown, what: string): Promise<unknown> {
  let body: string;
  let functionError: string | undefined;
  try {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
    body = out.Payload === undefined ? '' : new TextDecoder().decode(out.Payload);
    functionError = out.FunctionError;
  } catch (error) {
    throw toAwsUpkeepError(error, what, 'Lambda');
  }
  if (functionError !== undefined) {
    const reported = parse(body) as { errorType?: unknown; errorMessage?: unknown } | undefined;
    const name = typeof reported?.errorType === 'string' ? reported.errorType : 'UpkeepError';
    const message = typeof reported?.errorMessage === 'string' ? reported.errorMessage : body.slice(0, 500);
    throw revive({ name, message: `${what}: function ${functionName} failed: ${message}`, context: { functionName } });
  }
  return parse(body);
}

function parse(body: string): unknown {
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
