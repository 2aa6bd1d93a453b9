import { listComponents, releaseVersion } from '../app/api/components.js';
import { callerOf } from './shared/caller.js';
import { httpHandler } from './shared/http-handler.js';

/**
 * `GET /api/self-update/components` (current, available, quarantined, high-water mark) and
 * `POST /api/self-update/components/{name}/release/{version}` (admins: un-quarantine).
 */
export const handler = httpHandler('api-components', async (deps, request) => {
  const { name, version } = request.params;
  if (name === undefined || version === undefined) return { json: await listComponents(deps) };
  return { json: { component: await releaseVersion(deps, name, version, callerOf(request)) } };
});
