import { parseInput } from '../app/api/input.js';
import { CancelBodySchema } from '../app/api/request-schemas.js';
import { cancelWorkflow } from '../app/cancel-workflow.js';
import { callerOf } from './shared/caller.js';
import { httpHandler, jsonBody } from './shared/http-handler.js';

/**
 * `POST /api/self-update/workflows/{id}/cancel` (admin only): records CANCELLED with who and
 * why, stops the execution, and retires every approval link of the workflow (410).
 */
export const handler = httpHandler('api-cancel', async (deps, request) => {
  const body = parseInput(CancelBodySchema, jsonBody(request), 'cancel request');
  return { json: await cancelWorkflow(deps, { workflowId: request.params.id ?? '', identity: callerOf(request), ...(body.reason ? { reason: body.reason } : {}) }) };
});
