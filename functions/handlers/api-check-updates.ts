import { CheckUpdatesQuerySchema } from '../app/api/api-schemas.js';
import { parseInput } from '../app/api/input.js';
import { detectUpdates } from '../app/detect-updates.js';
import { httpHandler } from './shared/http-handler.js';

/**
 * `POST /api/self-update/check-updates`: one detection pass now, starting workflows for what is
 * new; with `?dryRun=true` only reports what it found (what `upkeep check` shows).
 */
export const handler = httpHandler('api-check-updates', async (deps, request) => {
  const query = parseInput(CheckUpdatesQuerySchema, request.query, 'check-updates query', '(query)');
  await deps.detection.recordRun(deps.clock.now().toISOString());
  return { json: { results: await detectUpdates(deps, { startWorkflows: query.dryRun !== 'true' }) } };
});
