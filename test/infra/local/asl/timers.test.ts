import { afterEach, describe, expect, it, vi } from 'vitest';
import { installPromiseWithResolvers } from '../../../../infra/local/asl/polyfill.js';
import { MAX_TIMER_MS, setLongTimeout, sleep } from '../../../../infra/local/asl/timers.js';

describe('Function: setLongTimeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires after 30 days, not at once as a single Node timer would', () => {
    // Prepare
    vi.useFakeTimers();
    const fired = vi.fn();
    const thirtyDays = 30 * 86_400_000;
    // Act
    setLongTimeout(fired, thirtyDays);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    const afterOneTimer = fired.mock.calls.length;
    vi.advanceTimersByTime(thirtyDays - MAX_TIMER_MS);
    // Assess
    expect(thirtyDays).toBeGreaterThan(MAX_TIMER_MS);
    expect(afterOneTimer).toBe(0);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('does not fire once cancelled', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const cancel = setLongTimeout(fired, 10);
    cancel();
    vi.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('Function: sleep', () => {
  it('resolves early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(60_000, controller.signal);
    controller.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('Function: installPromiseWithResolvers', () => {
  it('installs a working Promise.withResolvers when missing, and leaves an existing one alone', async () => {
    // Prepare
    const holder = Promise as unknown as { withResolvers?: <T>() => { promise: Promise<T>; resolve: (v: T) => void } };
    const existing = holder.withResolvers;
    delete holder.withResolvers;
    try {
      // Act
      const installed = installPromiseWithResolvers();
      const again = installPromiseWithResolvers();
      const { promise, resolve } = holder.withResolvers!<number>();
      resolve(42);
      // Assess
      expect(installed).toBe(true);
      expect(again).toBe(false);
      expect(await promise).toBe(42);
    } finally {
      Object.defineProperty(Promise, 'withResolvers', { value: existing, writable: true, configurable: true });
    }
  });
});
