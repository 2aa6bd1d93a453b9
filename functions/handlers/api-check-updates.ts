import { CheckUpdatesQuerySchema, ProcessUpdateBodySchema } from '../app/api/request-schemas.js';
import { parseInput } from '../app/api/input.js';
import { callerOf } from './shared/caller.js';
import { httpHandler, jsonBody } from './shared/http-handler.js';

/**
 * `POST /api/self-update/check-updates`: one detection pass now, starting workflows for what is
 * new; with `?dryRun=true` only reports what it found (what `upkeep check` shows).
 * `POST /api/self-update/process-update`: one given version of a registered component through
 * a workflow now, by the same path (one Lambda: the same permissions, one fewer to deploy).
 * Both run in the detector (`deps.detector`: the detect function in AWS, in-process locally).
 */
export const handler = httpHandler('api-check-updates', async (deps, request) => {
  if (request.path.endsWith('/process-update')) {
    const body = parseInput(ProcessUpdateBodySchema, jsonBody(request), 'process-update request');
    const { status, result } = await deps.detector.propose(body, callerOf(request));
    return { status, json: result };
  }
  const query = parseInput(CheckUpdatesQuerySchema, request.query, 'check-updates query', '(query)');
  await deps.detection.recordRun(deps.clock.now().toISOString());
  return { json: { results: await deps.detector.check({ startWorkflows: query.dryRun !== 'true' }) } };
});
