import type { UpkeepConfig } from '../../core/config/schema.js';
import { ForbiddenError, UnauthorizedError } from '../../core/errors.js';

/** What a caller may do: viewers read, approvers also decide, admins also manage. */
export type Role = 'viewer' | 'approver' | 'admin';

const RANK: Readonly<Record<Role, number>> = { viewer: 1, approver: 2, admin: 3 };

/**
 * The identity the local server gives the data directory's own token when `upkeep.yaml` names
 * no admin (`infra/local/runtime.ts`): the person at the machine. `.localhost` is a reserved
 * name no identity provider issues, so no JWT can claim it.
 */
export const LOCAL_OPERATOR = 'admin@localhost';

/**
 * The role of an authenticated caller: its entry in `approvers` (matched by e-mail, case
 * insensitively); an IAM principal (an ARN: someone the account's IAM policy lets invoke the
 * API) and the local operator are admins; anyone else has none.
 */
export function roleOf(config: Pick<UpkeepConfig, 'approvers'>, identity: string): Role | undefined {
  const wanted = identity.toLowerCase();
  const listed = config.approvers.find((a) => a.email.toLowerCase() === wanted);
  if (listed !== undefined) return listed.role;
  if (identity.startsWith('arn:aws:') || wanted === LOCAL_OPERATOR) return 'admin';
  return undefined;
}

/**
 * Fails unless the caller holds `needed` or a higher role: `UnauthorizedError` (401) without an
 * identity, `ForbiddenError` (403) naming the role needed otherwise.
 *
 * @example
 * ```ts
 * authorize(await deps.config.get(), request.identity, 'admin'); // before changing anything
 * ```
 */
export function authorize(config: Pick<UpkeepConfig, 'approvers'>, identity: string | undefined, needed: Role): Role {
  if (identity === undefined) throw new UnauthorizedError('this route needs an authenticated caller: send "Authorization: Bearer <token>"');
  const role = roleOf(config, identity);
  if (role === undefined) {
    throw new ForbiddenError(`${identity} is not in the approvers list of upkeep.yaml; add it with role ${needed} (or higher) to use this route`);
  }
  if (RANK[role] < RANK[needed]) throw new ForbiddenError(`${identity} is a ${role}; this route needs the ${needed} role (set it under approvers in upkeep.yaml)`);
  return role;
}
