import { ValidationError } from '../../../functions/core/errors.js';

/** Which of the two versions a request goes to. */
export type Role = 'current' | 'candidate';

/**
 * Picks `current` or `candidate` per request so that, over any run of requests, the candidate
 * gets its weight's share as exactly as whole requests allow (smooth weighted round-robin, as
 * nginx does). A seeded coin would drift by several percent over a short canary, which makes
 * "10% went to the candidate" untestable; this never drifts by more than one request.
 *
 * @example
 * ```ts
 * const router = new WeightedRouter();
 * router.setCandidateWeight(10);
 * router.pick(); // 'current' nine times in ten, 'candidate' once
 * ```
 */
export class WeightedRouter {
  #weight = 0;
  #credit = { current: 0, candidate: 0 };

  /** Percent of requests for the candidate, 0–100. */
  public get candidateWeight(): number {
    return this.#weight;
  }

  /** Sets the candidate's share; the rest goes to the current version. */
  public setCandidateWeight(percent: number): void {
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new ValidationError(`candidate weight must be between 0 and 100, got ${percent}`);
    }
    this.#weight = percent;
    this.#credit = { current: 0, candidate: 0 };
  }

  /** The version for the next request. */
  public pick(): Role {
    if (this.#weight <= 0) return 'current';
    if (this.#weight >= 100) return 'candidate';
    this.#credit.current += 100 - this.#weight;
    this.#credit.candidate += this.#weight;
    const chosen: Role = this.#credit.candidate > this.#credit.current ? 'candidate' : 'current';
    this.#credit[chosen] -= 100;
    return chosen;
  }
}
