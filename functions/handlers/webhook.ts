import { receiveWebhook } from '../app/webhooks.js';
import { MAX_WEBHOOK_BODY_BYTES, httpHandler } from './shared/http-handler.js';

/**
 * `POST /api/self-update/webhooks/{provider}`: a registry's or GitHub's push notification. The
 * route has no API authorizer — the delivery's signature or token is its authentication, checked
 * by the use case. Answers 202 with the matched components' detection results, or 200 with why
 * the delivery was ignored (a ping, a branch push, nothing watched).
 */
export const handler = httpHandler('webhook', async (deps, request) => {
  const outcome = await receiveWebhook(deps, { provider: request.params.provider ?? '', headers: request.headers, rawBody: request.body, query: request.query });
  return { status: outcome.matched.length > 0 ? 202 : 200, json: outcome };
}, { maxBodyBytes: MAX_WEBHOOK_BODY_BYTES });
