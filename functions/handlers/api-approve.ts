import { z } from 'zod';
import { decideApproval } from '../app/decide-approval.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { httpHandler, jsonBody } from './shared/http-handler.js';

const Body = z.object({ decision: z.enum(['approve', 'reject']).default('approve'), reason: z.string().max(1000).optional() }).strict();

/** `POST /api/self-update/approve/{workflowId}`: the caller's authenticated identity decides. */
export const handler = httpHandler('api-approve', async (deps, request) => {
  if (request.identity === undefined) throw new ForbiddenError('approving needs an authenticated caller with the approver role');
  const body = Body.safeParse(jsonBody(request));
  if (!body.success) {
    throw new ValidationError('bad approval request', body.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', value: '', message: i.message })));
  }
  const result = await decideApproval(deps, {
    decision: body.data.decision === 'approve' ? 'APPROVED' : 'REJECTED',
    via: { kind: 'api', workflowId: request.params.workflowId ?? '', identity: request.identity },
    ...(body.data.reason ? { reason: body.data.reason } : {}),
    ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
  });
  return { json: result };
});
