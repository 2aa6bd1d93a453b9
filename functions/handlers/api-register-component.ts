import { RegisterComponentBodySchema } from '../app/api/document-schemas.js';
import { registerComponent } from '../app/api/components.js';
import { parseInput } from '../app/api/input.js';
import { callerOf } from './shared/caller.js';
import { httpHandler, jsonBody } from './shared/http-handler.js';

/**
 * `POST /api/self-update/register-component` (admins): `{component, version}` records the
 * version now running; a new component also sends `source` (and optionally `scheme`).
 */
export const handler = httpHandler('api-register-component', async (deps, request) => {
  const body = parseInput(RegisterComponentBodySchema, jsonBody(request), 'register-component request');
  const { status, component, changed } = await registerComponent(deps, body, callerOf(request));
  return { status, json: { component, changed } };
});
