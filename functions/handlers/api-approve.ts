import { ApproveBodySchema } from '../app/api/request-schemas.js';
import { parseInput } from '../app/api/input.js';
import { decideApproval } from '../app/decide-approval.js';
import { ForbiddenError } from '../core/errors.js';
import { httpHandler, jsonBody } from './shared/http-handler.js';

/** `POST /api/self-update/approve/{workflowId}`: the caller's authenticated identity decides. */
export const handler = httpHandler('api-approve', async (deps, request) => {
  if (request.identity === undefined) throw new ForbiddenError('approving needs an authenticated caller with the approver role');
  const body = { data: parseInput(ApproveBodySchema, jsonBody(request), 'approval request') };
  const result = await decideApproval(deps, {
    decision: body.data.decision === 'approve' ? 'APPROVED' : 'REJECTED',
    via: { kind: 'api', workflowId: request.params.workflowId ?? '', identity: request.identity },
    ...(body.data.reason ? { reason: body.data.reason } : {}),
    ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
  });
  return { json: result };
});
