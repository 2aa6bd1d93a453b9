import type { Clock } from '../../../functions/ports/clock.js';

/** The instant tests start at unless they say otherwise: Wednesday 2025-01-15 12:00 UTC. */
export const TEST_NOW = '2025-01-15T12:00:00.000Z';

/**
 * A {@link Clock} that always says the same instant.
 *
 * @example
 * ```ts
 * const clock = new FixedClock('2025-06-02T10:00:00Z');
 * clock.now().toISOString(); // '2025-06-02T10:00:00.000Z'
 * ```
 */
export class FixedClock implements Clock {
  readonly #at: number;

  public constructor(at: string | Date = TEST_NOW) {
    this.#at = new Date(at).getTime();
  }

  public now(): Date {
    return new Date(this.#at);
  }
}

/**
 * A {@link Clock} that moves only when the test moves it.
 *
 * @example
 * ```ts
 * const clock = new ManualClock('2025-06-02T10:00:00Z');
 * clock.advance(90); // seconds
 * clock.set('2025-06-07T00:00:00Z');
 * ```
 */
export class ManualClock implements Clock {
  #at: number;

  public constructor(at: string | Date = TEST_NOW) {
    this.#at = new Date(at).getTime();
  }

  public now(): Date {
    return new Date(this.#at);
  }

  /** Moves the clock forward by `seconds` (fractions allowed). */
  public advance(seconds: number): Date {
    this.#at += Math.round(seconds * 1000);
    return this.now();
  }

  public set(at: string | Date): Date {
    this.#at = new Date(at).getTime();
    return this.now();
  }
}
