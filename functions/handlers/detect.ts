import { answerDetectorCall, type DetectorCall } from '../adapters/aws/detector-calls.js';
import { detectUpdates } from '../app/detect-updates.js';
import { InProcessDetector } from '../app/in-process-detector.js';
import { flag, listOf, object, optional, optionalString, payload, text, wholeNumber, type Payload } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

const Pass = payload({ shard: wholeNumber({ min: 0, fallback: 0 }), shards: wholeNumber({ min: 1, max: 100, fallback: 1 }) }, (e) =>
  e.shard < e.shards ? undefined : { path: 'shard', message: 'must be below shards' });
const Check = payload({ check: object({ startWorkflows: flag(), only: optional(listOf(text())) }) });
// The API validated the request against its schema; this only checks it is the call it claims to be.
const Propose = payload({ propose: object({ component: text(), version: text(), changelog: optionalString(), checksum: optionalString(), reason: optionalString() }), by: text() });

/** A scheduled pass (`{"shard": i, "shards": n}`), or a call from the API or the webhook (`LambdaDetector`). */
const DetectInput: Payload<{ readonly shard: number; readonly shards: number } | { readonly call: DetectorCall }> = (input, step) => {
  const event = typeof input === 'object' && input !== null ? input : {};
  if ('check' in event) return { call: Check(input, step) };
  if ('propose' in event) return { call: Propose(input, step) as DetectorCall };
  return Pass(input, step);
};

/**
 * The detector. Scheduled (EventBridge Scheduler, one schedule per shard): one pass over its
 * shard, starting workflows. Called (the check-updates and process-update routes, the webhook,
 * through `LambdaDetector`): answers as `detectUpdates` and `processUpdate` do. Duplicate
 * deliveries are harmless: a component+version gets exactly one workflow whatever runs at once.
 */
export const handler = stepHandler('detect', DetectInput, async (deps, input) => {
  if ('call' in input) return answerDetectorCall(new InProcessDetector(() => deps), input.call);
  await deps.detection.recordRun(deps.clock.now().toISOString());
  const results = await detectUpdates(deps, { startWorkflows: true, shard: { index: input.shard, count: input.shards } });
  return {
    checked: results.length,
    started: results.filter((r) => r.started === true).map((r) => `${r.component}@${r.availableVersion}`),
    failed: results.filter((r) => r.error !== null).map((r) => ({ component: r.component, error: r.error })),
  };
});
