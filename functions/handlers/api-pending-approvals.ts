import { listWorkflows } from '../app/api/workflow-queries.js';
import { httpHandler } from './shared/http-handler.js';

/** `GET /api/self-update/pending-approvals`: workflows waiting for a human. */
export const handler = httpHandler('api-pending-approvals', async (deps, request) => ({
  json: await listWorkflows(deps, { ...request.query, stage: 'AWAITING_APPROVAL' }),
}));
