import { detectUpdates } from '../app/detect-updates.js';
import { httpHandler } from './shared/http-handler.js';

/** `POST /api/self-update/check-updates`: one detection pass now, starting workflows for what is new. */
export const handler = httpHandler('api-check-updates', async (deps) => ({ json: { results: await detectUpdates(deps, { startWorkflows: true }) } }));
