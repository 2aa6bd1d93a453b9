import { z } from 'zod';
import { detectUpdates } from '../app/detect-updates.js';
import { stepHandler } from './shared/step-handler.js';

/**
 * The scheduled detector (EventBridge Scheduler, one schedule per shard). Duplicate deliveries
 * are harmless: a component+version gets exactly one workflow whatever runs at once.
 */
export const handler = stepHandler(
  'detect',
  z.object({ shard: z.number().int().min(0).default(0), shards: z.number().int().min(1).max(100).default(1) }).refine((e) => e.shard < e.shards, { message: 'shard must be below shards' }),
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
