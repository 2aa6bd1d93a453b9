import { approvalPage, submitApproval } from '../app/pages/approval-page.js';
import { httpHandler } from './shared/http-handler.js';

/**
 * `GET|HEAD /approvals/{secret}`: the confirmation page (no side effects);
 * `POST /approvals/{secret}`: its form, which decides. Protected by the single-use link itself.
 */
export const handler = httpHandler('approval-page', async (deps, request) => {
  const secret = request.params.secret ?? '';
  const page = request.method === 'POST' ? await submitApproval(deps, secret, request.body, request.sourceIp) : await approvalPage(deps, secret);
  return { status: page.status, html: request.method === 'HEAD' ? '' : page.html };
});
