import type { ProcessUpdateRequest } from '../../app/api/process-update.js';
import type { DetectionResult } from '../../app/detect-updates.js';
import type { CheckRequest, Detector, Proposal } from '../../app/detector.js';
import { UpkeepError, ValidationError, type Problem } from '../../core/errors.js';
import { revive, type CarriedError } from './lambda-invoke.js';

/** What the API's and the webhook's functions ask the detect function (`LambdaDetector`). */
export type DetectorCall =
  | { readonly check: CheckRequest }
  | { readonly propose: ProcessUpdateRequest; readonly by: string };

/** An Upkeep error as the detect function answers it: what the HTTP edge needs to answer as it would have. */
export type AnsweredError = CarriedError & { readonly problems?: readonly Problem[] };

/** What the detect function answers a {@link DetectorCall}. */
export type DetectorAnswer =
  | { readonly results: readonly DetectionResult[] }
  | Proposal
  | { readonly error: AnsweredError };

/**
 * Answers a call with `detector` (the detect function's side). Upkeep errors are answered, not
 * thrown: Lambda would report only a name and a message, and a `ValidationError`'s problems are
 * part of the API's answer. Anything else is thrown, and the caller answers a 500 as before.
 *
 * @example
 * ```ts
 * return answerDetectorCall(new InProcessDetector(() => deps), { check: { startWorkflows: false } });
 * ```
 */
export async function answerDetectorCall(detector: Detector, call: DetectorCall): Promise<DetectorAnswer> {
  try {
    return 'check' in call ? { results: await detector.check(call.check) } : await detector.propose(call.propose, call.by);
  } catch (error) {
    if (!(error instanceof UpkeepError)) throw error;
    const context = Object.keys(error.context).length > 0 ? { context: error.context } : {};
    return { error: { name: error.name, message: error.message, ...context, ...(error instanceof ValidationError ? { problems: error.problems } : {}) } };
  }
}

/** The error an answer carries, as the in-process call would have thrown it (a `ValidationError` with its problems). */
export function reviveAnswered(error: AnsweredError): UpkeepError {
  if (error.name !== 'ValidationError') return revive(error);
  return new ValidationError(error.message, error.problems ?? []);
}
