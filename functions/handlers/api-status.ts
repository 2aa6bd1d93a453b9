import { status } from '../app/api/workflow-queries.js';
import { httpHandler } from './shared/http-handler.js';

/** `GET /api/self-update/status`: the system's state and statistics. */
export const handler = httpHandler('api-status', async (deps) => ({ json: await status(deps) }));
