import type { Output } from '../../core/checks/index.js';
import { ValidationError } from '../../core/errors.js';
import { PolicySchema, type Policy } from '../../core/policy/policy-schema.js';
import type { StoredPolicy } from '../../ports/policy-store.js';
import type { AppDeps } from '../app-deps.js';
import type { PutPolicyBodySchema } from './document-schemas.js';
import { policyStream, recordAction } from './audit-streams.js';

/** A policy as the API shows it: the document, its revision, whether it is on, who changed it last. */
export interface PolicyView {
  readonly name: string;
  readonly enabled: boolean;
  readonly rev: number;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
  readonly policy: Policy;
}

function view(stored: StoredPolicy): PolicyView {
  return { name: stored.policy.name, enabled: stored.policy.enabled, rev: stored.rev, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy ?? null, policy: stored.policy };
}

/** `GET /api/self-update/policies`: every stored policy, by name. */
export async function listPolicies(deps: Pick<AppDeps, 'policies'>): Promise<{ items: PolicyView[] }> {
  return { items: (await deps.policies.list()).map(view) };
}

/** The revision an `If-Match` header names (`3`, `"3"` or `W/"3"`), or undefined without one. */
export function ifMatchRev(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (m === null || Number(m[1]) < 1) {
    throw new ValidationError(`If-Match must name a revision, got "${header}"`, [{ path: 'If-Match', value: header, message: 'must be the rev you read, e.g. If-Match: "3" (the ETag of the policy)' }]);
  }
  return Number(m[1]);
}

export type PutPolicyRequest = Output<typeof PutPolicyBodySchema>;

/**
 * `PUT /api/self-update/policies/{name}`: creates the policy, or — naming the revision read,
 * by `If-Match` or `rev` — replaces it. Audited in `policy:<name>` with who changed it.
 * Errors: `ValidationError` (name or revisions disagree), `ConflictError` (exists and no
 * revision named, or the revision moved on), `NotFoundError` (replacing one that is gone).
 */
export async function putPolicy(
  deps: Pick<AppDeps, 'policies' | 'audit' | 'clock'>, name: string, request: PutPolicyRequest, ifMatch: number | undefined, by: string,
): Promise<{ status: 200 | 201; policy: PolicyView }> {
  const { rev, name: bodyName, ...rest } = request;
  const named = PolicySchema.shape.name.validate(name);
  if (named.issues !== undefined) {
    throw new ValidationError(`policy name "${name}" in the path is not a valid name`, [{ path: 'name', value: name, message: `${named.issues[0]?.message ?? 'is not a valid name'} (in the path)` }]);
  }
  if (bodyName !== undefined && bodyName !== name) {
    throw new ValidationError(`the body names policy ${bodyName} but the path ${name}`, [{ path: 'name', value: bodyName, message: `must equal the name in the path ("${name}"), or be left out` }]);
  }
  if (rev !== undefined && ifMatch !== undefined && rev !== ifMatch) {
    throw new ValidationError(`If-Match says rev ${ifMatch} but the body ${rev}`, [{ path: 'rev', value: String(rev), message: `must equal If-Match (${ifMatch}), or send only one of them` }]);
  }
  const expectedRev = rev ?? ifMatch;
  const policy: Policy = { ...rest, name };
  const stored = await deps.policies.put(policy, { at: deps.clock.now().toISOString(), by: `api:${by}`, ...(expectedRev !== undefined ? { expectedRev } : {}) });
  await recordAction(deps, policyStream(name), {
    type: expectedRev === undefined ? 'POLICY_CREATED' : 'POLICY_CHANGED', actor: by,
    message: `${by} ${expectedRev === undefined ? 'created' : 'replaced'} policy ${name} (rev ${stored.rev}, ${policy.enabled ? 'enabled' : 'disabled'}, ${policy.actions.decision})`,
    details: { rev: stored.rev, policy },
  }, stored.rev);
  return { status: expectedRev === undefined ? 201 : 200, policy: view(stored) };
}

/**
 * `POST /api/self-update/policies/{name}/enable|disable`: idempotent (already so: nothing is
 * written); with `rev`, only over that revision. Audited in `policy:<name>`.
 */
export async function setPolicyEnabled(
  deps: Pick<AppDeps, 'policies' | 'audit' | 'clock'>, name: string, enabled: boolean, rev: number | undefined, by: string,
): Promise<PolicyView> {
  const current = await deps.policies.get(name);
  if (rev === undefined && current.policy.enabled === enabled) return view(current);
  const stored = await deps.policies.setEnabled(name, enabled, { at: deps.clock.now().toISOString(), by: `api:${by}`, expectedRev: rev ?? current.rev });
  await recordAction(deps, policyStream(name), {
    type: enabled ? 'POLICY_ENABLED' : 'POLICY_DISABLED', actor: by, message: `${by} ${enabled ? 'enabled' : 'disabled'} policy ${name} (rev ${stored.rev})`, details: { rev: stored.rev },
  }, stored.rev);
  return view(stored);
}
