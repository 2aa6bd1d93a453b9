import { systemStatusJson } from '../app/api/detection.js';
import { httpHandler } from './shared/http-handler.js';

/**
 * `GET /api/self-update/status`: running (detection on), last detection, components, pending
 * approvals, statistics. Answered as ready-made JSON text (most of it serialized once per
 * snapshot), hence `text` with a JSON content type.
 */
export const handler = httpHandler('api-status', async (deps) => ({ text: await systemStatusJson(deps), headers: { 'content-type': 'application/json' } }));
