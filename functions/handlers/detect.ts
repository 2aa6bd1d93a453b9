import { detectUpdates } from '../app/detect-updates.js';
import { payload, wholeNumber } from './shared/payload.js';
import { stepHandler } from './shared/step-handler.js';

/**
 * The scheduled detector (EventBridge Scheduler, one schedule per shard). Duplicate deliveries
 * are harmless: a component+version gets exactly one workflow whatever runs at once.
 */
export const handler = stepHandler(
  'detect',
  payload({ shard: wholeNumber({ min: 0, fallback: 0 }), shards: wholeNumber({ min: 1, max: 100, fallback: 1 }) }, (e) =>
    e.shard < e.shards ? undefined : { path: 'shard', message: 'must be below shards' }),
  async (deps, input) => {
    await deps.detection.recordRun(deps.clock.now().toISOString());
    const results = await detectUpdates(deps, { startWorkflows: true, shard: { index: input.shard, count: input.shards } });
    return {
      checked: results.length,
      started: results.filter((r) => r.started === true).map((r) => `${r.component}@${r.availableVersion}`),
      failed: results.filter((r) => r.error !== null).map((r) => ({ component: r.component, error: r.error })),
    };
  },
);
