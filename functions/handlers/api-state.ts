import { exportState, importState } from '../app/api/state-snapshot.js';
import { IMPORT_MAX_BODY_BYTES } from './routes.js';
import { callerOf } from './shared/caller.js';
import { httpHandler, jsonBody } from './shared/http-handler.js';
import { logger } from './shared/logger.js';

/**
 * `GET /api/self-update/export-state` (a complete, deterministic snapshot) and
 * `POST /api/self-update/import-state` (admins; into an empty store only, else 409).
 */
export const handler = httpHandler('api-state', async (deps, request) => {
  if (request.method === 'GET') return { json: await exportState(deps) };
  const by = callerOf(request);
  const report = await importState(deps, jsonBody(request));
  // Not an audit event: the imported trail must stay exactly the exported one.
  logger.info('state imported', { by, ...report });
  return { status: 201, json: { imported: report } };
}, { maxBodyBytes: IMPORT_MAX_BODY_BYTES });
