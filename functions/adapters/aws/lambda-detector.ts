import { LambdaClient } from '@aws-sdk/client-lambda';
import type { ProcessUpdateRequest } from '../../app/api/process-update.js';
import type { DetectionResult } from '../../app/detect-updates.js';
import type { CheckRequest, Detector, Proposal } from '../../app/detector.js';
import { UpkeepError } from '../../core/errors.js';
import { reviveAnswered, type DetectorAnswer, type DetectorCall } from './detector-calls.js';
import { invokeJson } from './lambda-invoke.js';
import { traced } from './traced-client.js';

/** Options of {@link LambdaDetector}. */
export interface LambdaDetectorOptions {
  /** The detect function (the stack sets `UPKEEP_DETECTOR_FUNCTION`). */
  readonly functionName: string;
  /** @default - a client built from the Lambda's environment */
  readonly client?: LambdaClient;
}

/**
 * {@link Detector} in the detect function, invoked synchronously: the API's check-updates and
 * process-update routes and the webhook keep their answers (the results, the workflow), while
 * the version sources and the comparison stay in the detector's bundle. The detect function's
 * Upkeep errors come back under their names (and a `ValidationError` with its problems), so the
 * HTTP edge answers as it did when detection ran in the route's own function.
 *
 * @example
 * ```ts
 * const detector = new LambdaDetector({ functionName: 'upkeep-detect' });
 * const results = await detector.check({ startWorkflows: false });
 * ```
 */
export class LambdaDetector implements Detector {
  readonly #functionName: string;
  readonly #client: LambdaClient;

  public constructor(options: LambdaDetectorOptions) {
    this.#functionName = options.functionName;
    this.#client = options.client ?? traced(new LambdaClient({}));
  }

  public async check(request: CheckRequest): Promise<DetectionResult[]> {
    const answer = await this.#call({ check: request }, 'run detection');
    if (!('results' in answer) || !isList(answer.results)) throw this.#unexpected('results');
    return [...answer.results];
  }

  public async propose(request: ProcessUpdateRequest, by: string): Promise<Proposal> {
    const answer = await this.#call({ propose: request, by }, `propose ${request.component} ${request.version}`);
    if (!('result' in answer) || (answer.status !== 200 && answer.status !== 201)) throw this.#unexpected('a proposal');
    return { status: answer.status, result: answer.result };
  }

  async #call(call: DetectorCall, what: string): Promise<DetectorAnswer> {
    const answer = await invokeJson(this.#client, this.#functionName, call, what) as DetectorAnswer | undefined;
    if (typeof answer !== 'object' || answer === null) throw this.#unexpected('an answer');
    if ('error' in answer) throw reviveAnswered(answer.error);
    return answer;
  }

  #unexpected(what: string): UpkeepError {
    return new UpkeepError(`the detect function ${this.#functionName} answered without ${what}`);
  }
}

/** True for an array; unlike `Array.isArray`, it leaves the type as declared. */
const isList = (value: unknown): boolean => Array.isArray(value);
