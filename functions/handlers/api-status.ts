import { systemStatus } from '../app/api/detection.js';
import { httpHandler } from './shared/http-handler.js';

/** `GET /api/self-update/status`: running (detection on), last detection, components, pending approvals, statistics. */
export const handler = httpHandler('api-status', async (deps) => ({ json: await systemStatus(deps) }));
