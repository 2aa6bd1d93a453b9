import { PendingApprovalsQuerySchema } from '../app/api/request-schemas.js';
import { parseInput } from '../app/api/input.js';
import { listWorkflows } from '../app/api/workflow-queries.js';
import { httpHandler } from './shared/http-handler.js';

/** `GET /api/self-update/pending-approvals`: workflows waiting for a human (optionally of one component). */
export const handler = httpHandler('api-pending-approvals', async (deps, request) => ({
  json: await listWorkflows(deps, { ...parseInput(PendingApprovalsQuerySchema, request.query, 'pending-approvals query', '(query)'), stage: 'AWAITING_APPROVAL' }),
}));
