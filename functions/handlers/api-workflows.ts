import { WorkflowsQuerySchema } from '../app/api/request-schemas.js';
import { parseInput } from '../app/api/input.js';
import { workflowDetail } from '../app/api/workflow-detail.js';
import { listWorkflows } from '../app/api/workflow-queries.js';
import { httpHandler } from './shared/http-handler.js';

/** `GET /api/self-update/workflows` (filters: stage, component, since/until; paginated) and `GET …/workflows/{id}`. */
export const handler = httpHandler('api-workflows', async (deps, request) =>
  request.params.id === undefined
    ? { json: await listWorkflows(deps, parseInput(WorkflowsQuerySchema, request.query, 'workflows query', '(query)')) }
    : { json: await workflowDetail(deps, request.params.id) });
