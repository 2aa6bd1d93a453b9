/**
 * When to try again: `Retry-After` (delta-seconds or HTTP-date) when the server sent one,
 * GitHub's `x-ratelimit-reset` when its quota ran out, otherwise jittered exponential backoff.
 */
export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Returns [0, 1); injected so tests are deterministic. */
  readonly random: () => number;
}

/** Milliseconds to wait as the server asked, or undefined when it did not say. */
export function serverDelayMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (headers.get('x-ratelimit-remaining') === '0' && reset !== null && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs);
  }
  return undefined;
}

/**
 * "Equal jitter" backoff for attempt n (0-based): half the exponential step is fixed so we
 * never hammer, half is random so many clients that failed together do not retry together.
 */
export function backoffMs(attempt: number, options: BackoffOptions): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + options.random() * (step / 2));
}

/** True for answers that mean "slow down" rather than "no": 429, 503, or a spent rate limit. */
export function isThrottle(status: number, headers: Headers): boolean {
  if (status === 429 || status === 503) return true;
  return status === 403 && headers.get('x-ratelimit-remaining') === '0';
}
