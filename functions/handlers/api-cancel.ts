import { z } from 'zod';
import { cancelWorkflow } from '../app/cancel-workflow.js';
import { ValidationError } from '../core/errors.js';
import { callerOf } from './shared/caller.js';
import { httpHandler, jsonBody } from './shared/http-handler.js';

const Body = z.object({ reason: z.string().max(1000).optional() }).strict();

/**
 * `POST /api/self-update/workflows/{id}/cancel` (admin only): records CANCELLED with who and
 * why, stops the execution, and retires every approval link of the workflow (410).
 */
export const handler = httpHandler('api-cancel', async (deps, request) => {
  const body = Body.safeParse(jsonBody(request));
  if (!body.success) {
    throw new ValidationError('bad cancel request', body.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', value: '', message: i.message })));
  }
  return { json: await cancelWorkflow(deps, { workflowId: request.params.id ?? '', identity: callerOf(request), ...(body.data.reason ? { reason: body.data.reason } : {}) }) };
});
