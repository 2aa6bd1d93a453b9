import type { Problem } from '../../functions/core/errors.js';

export type { Problem };

/** Names for statuses whose body names no error (API Gateway's own answers, proxies). */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'ValidationError', 401: 'UnauthorizedError', 403: 'ForbiddenError', 404: 'NotFoundError', 405: 'MethodNotAllowed',
  409: 'ConflictError', 410: 'ApprovalExpiredError', 413: 'PayloadTooLargeError', 429: 'TooManyRequests',
  500: 'InternalError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.path === 'string' && typeof p.message === 'string';
}

/**
 * The API answered with an error: `{error, message, problems?}` (`functions/handlers/shared/http-handler.ts`),
 * or — from API Gateway itself, a proxy or a crashed function — whatever it sent, named by its status.
 *
 * @example
 * ```ts
 * try {
 *   await client.approveWorkflow(id);
 * } catch (error) {
 *   if (error instanceof UpkeepApiError && error.status === 409) console.log(`already decided: ${error.message}`);
 *   else throw error;
 * }
 * ```
 */
export class UpkeepApiError extends Error {
  /** The HTTP status. */
  public readonly status: number;
  /** The error's name, a contract: `ValidationError`, `UnauthorizedError`, `ForbiddenError`, `NotFoundError`, `ConflictError`, … */
  public readonly error: string;
  /** For `ValidationError`: each thing wrong, as field (`path`), `value` and fix (`message`). */
  public readonly problems: readonly Problem[];
  /** `METHOD path` of the request that failed. */
  public readonly request: string;

  public constructor(status: number, body: { readonly error: string; readonly message: string; readonly problems?: readonly Problem[] }, request: string, options: ErrorOptions = {}) {
    super(body.message, options);
    this.name = 'UpkeepApiError';
    this.status = status;
    this.error = body.error;
    this.problems = body.problems ?? [];
    this.request = request;
  }

  /** True for a 4xx: the request was wrong (input, token, role, id, revision) and retrying it as is will not help. */
  public get callerFault(): boolean {
    return this.status >= 400 && this.status < 500;
  }

  /** The error from an answer's status and body text, whatever shape the body has. */
  public static fromAnswer(status: number, statusText: string, text: string, request: string): UpkeepApiError {
    let body: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: a gateway's or proxy's page; its text is the message.
    }
    const error = typeof body.error === 'string' ? body.error : STATUS_NAMES[status] ?? `HTTP ${status}`;
    // API Gateway writes `message` (JWT authorizer, throttling) or `Message` (IAM authorization).
    const said = [body.message, body.Message].find((m): m is string => typeof m === 'string');
    const message = said ?? (text.trim() === '' ? `${status} ${statusText}`.trim() : text.trim().slice(0, 300));
    const problems = Array.isArray(body.problems) ? body.problems.filter(isProblem) : [];
    return new UpkeepApiError(status, { error, message, problems }, request);
  }
}

/**
 * No answer at all: the API could not be reached (refused, DNS, TLS), or it did not answer in time.
 *
 * @example
 * ```ts
 * if (error instanceof UpkeepConnectionError) console.error(`is Upkeep running at ${error.url}?`);
 * ```
 */
export class UpkeepConnectionError extends Error {
  /** The URL that could not be reached. */
  public readonly url: string;

  public constructor(url: string, message: string, options: ErrorOptions = {}) {
    super(message, options);
    this.name = 'UpkeepConnectionError';
    this.url = url;
  }
}
