import { setTimeout as delay } from 'node:timers/promises';

interface HostState {
  active: number;
  readonly waiters: { grant: () => void; reject: (reason: Error) => void }[];
  /** Epoch ms before which no request to the host may start (set from Retry-After). */
  pausedUntil: number;
}

/**
 * Per-host admission: at most `limit` requests in flight to one host, and a shared pause
 * when the host asked us to back off, so one 429 slows every caller of that host, not one.
 */
export class HostGate {
  readonly #hosts = new Map<string, HostState>();

  public constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a slot (and any pause) on `host`; call the returned function to free the slot. */
  public async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const state = this.#state(host);
    if (state.active < this.limit) state.active += 1;
    else await this.#queue(state, signal);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const next = state.waiters.shift();
      if (next === undefined) state.active -= 1;
      else next.grant();
    };
    try {
      // A pause may be extended while we sleep (another 429), so look again after each wait.
      for (let wait = state.pausedUntil - this.now(); wait > 0; wait = state.pausedUntil - this.now()) {
        await delay(wait, undefined, { signal });
      }
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** Holds every new request to `host` until `untilMs` (epoch ms). */
  public pause(host: string, untilMs: number): void {
    const state = this.#state(host);
    state.pausedUntil = Math.max(state.pausedUntil, untilMs);
  }

  #queue(state: HostState, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        const index = state.waiters.indexOf(waiter);
        if (index >= 0) state.waiters.splice(index, 1);
        reject(abortReason(signal));
      };
      // The slot passes straight from the releaser to the waiter: `active` does not change.
      const waiter = {
        grant: (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      state.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (state === undefined) {
      state = { active: 0, waiters: [], pausedUntil: 0 };
      this.#hosts.set(host, state);
    }
    return state;
  }
}

/** Why `signal` fired, as an Error (an AbortSignal's reason may be anything). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(`aborted: ${String(reason)}`);
}
