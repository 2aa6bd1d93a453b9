import { setDetection } from '../app/api/detection.js';
import { callerOf } from './shared/caller.js';
import { httpHandler } from './shared/http-handler.js';

/**
 * `POST /api/self-update/start` and `POST /api/self-update/stop` (admins): turn scheduled
 * detection on or off; idempotent, audited in the `system` stream when it changes.
 */
export const handler = httpHandler('api-detection', async (deps, request) => ({
  json: await setDetection(deps, request.path.endsWith('/start'), callerOf(request)),
}));
