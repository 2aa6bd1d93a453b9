import { UnauthorizedError } from '../../core/errors.js';
import type { ApiRequest } from './http-handler.js';

/** The authenticated caller of a token route (`httpHandler` has already checked its role). */
export function callerOf(request: ApiRequest): string {
  if (request.identity === undefined) throw new UnauthorizedError('this route needs an authenticated caller: send "Authorization: Bearer <token>"');
  return request.identity;
}
