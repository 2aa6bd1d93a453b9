/**
 * Polls `probe` until it answers something other than `undefined`, or fails the test after
 * `timeoutMs` saying what it was waiting for (and, with `detail`, what the system said).
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeout: number | { readonly timeoutMs?: number; readonly intervalMs?: number; readonly detail?: () => string } = {},
): Promise<T> {
  const options = typeof timeout === 'number' ? { timeoutMs: timeout } : timeout;
  const end = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${options.detail ? `; ${options.detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
}
