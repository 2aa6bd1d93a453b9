/**
 * Timers that survive long delays. Node clamps any delay above 2^31-1 ms (~24.8 days) to 1 ms,
 * so a 30-day execution timeout would fire at once; these chain shorter timers instead.
 */

/** The longest delay one Node timer holds. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Calls `fn` after `ms` milliseconds (any finite length); returns a function that cancels it.
 *
 * @example
 * ```ts
 * const cancel = setLongTimeout(() => console.log('30 days later'), 30 * 86_400_000);
 * cancel();
 * ```
 */
export function setLongTimeout(fn: () => void, ms: number): () => void {
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = (remaining: number): void => {
    const step = Math.min(Math.max(remaining, 0), MAX_TIMER_MS);
    handle = setTimeout(() => {
      if (cancelled) return;
      if (remaining > step) arm(remaining - step);
      else fn();
    }, step);
  };
  arm(ms);
  return () => {
    cancelled = true;
    clearTimeout(handle);
  };
}

/** Resolves after `ms` milliseconds, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true || ms <= 0) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      cancel();
      resolve();
    };
    const cancel = setLongTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
