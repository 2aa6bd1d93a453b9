import { PutPolicyBodySchema } from '../app/api/document-schemas.js';
import { PolicyToggleBodySchema } from '../app/api/request-schemas.js';
import { parseInput } from '../app/api/input.js';
import { ifMatchRev, listPolicies, putPolicy, setPolicyEnabled } from '../app/api/policies.js';
import { callerOf } from './shared/caller.js';
import { httpHandler, jsonBody } from './shared/http-handler.js';

/**
 * `GET /api/self-update/policies`, `PUT …/policies/{name}` (create, or replace naming the rev
 * by `If-Match` or body `rev`) and `POST …/policies/{name}/enable|disable` (admins for changes).
 * Answers carry the policy's revision as its `ETag`.
 */
export const handler = httpHandler('api-policies', async (deps, request) => {
  const name = request.params.name;
  if (name === undefined) return { json: await listPolicies(deps) };
  if (request.method === 'PUT') {
    const body = parseInput(PutPolicyBodySchema, jsonBody(request), 'policy');
    const { status, policy } = await putPolicy(deps, name, body, ifMatchRev(request.headers['if-match']), callerOf(request));
    return { status, json: policy, headers: { etag: `"${policy.rev}"` } };
  }
  const { rev } = parseInput(PolicyToggleBodySchema, jsonBody(request), 'enable/disable request');
  const policy = await setPolicyEnabled(deps, name, request.path.endsWith('/enable'), rev ?? ifMatchRev(request.headers['if-match']), callerOf(request));
  return { json: policy, headers: { etag: `"${policy.rev}"` } };
});
