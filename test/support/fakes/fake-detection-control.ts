import { canonicalInstant } from '../../../functions/adapters/aws/dynamo-values.js';
import type { DetectionControl, DetectionState } from '../../../functions/ports/detection-control.js';
import { clone, roundTrip } from './in-memory-paging.js';

/**
 * {@link DetectionControl} in memory: one schedule (`fake-detection`), enabled at first;
 * `setEnabled` is idempotent and remembers who changed it and when.
 *
 * @example
 * ```ts
 * const detection = new FakeDetectionControl();
 * await detection.setEnabled(false, 'ops@example.com', at);
 * detection.peek().enabled; // false
 * ```
 */
export class FakeDetectionControl implements DetectionControl {
  #state: DetectionState = { enabled: true, schedules: ['fake-detection'] };

  public async status(): Promise<DetectionState> {
    await roundTrip();
    return clone(this.#state);
  }

  public async setEnabled(enabled: boolean, by: string, at: string): Promise<DetectionState> {
    const changedAt = canonicalInstant(at, 'at');
    await roundTrip();
    this.#state = { ...this.#state, enabled, changedAt, changedBy: by };
    return clone(this.#state);
  }

  public async recordRun(at: string): Promise<void> {
    const lastRunAt = canonicalInstant(at, 'at');
    await roundTrip();
    this.#state = { ...this.#state, lastRunAt };
  }

  /** The state now (a test's view; no round trip). */
  public peek(): DetectionState {
    return clone(this.#state);
  }
}
