import { canonicalInstant, keySafeName } from '../../../functions/adapters/aws/dynamo-values.js';
import { ConflictError, NotFoundError } from '../../../functions/core/errors.js';
import type { Policy } from '../../../functions/core/policy/policy-schema.js';
import type { PolicyStore, PolicyWrite, StoredPolicy } from '../../../functions/ports/policy-store.js';
import { clone, roundTrip } from './in-memory-paging.js';

/**
 * {@link PolicyStore} in memory with the DynamoDB adapter's rules: `put` without `expectedRev`
 * creates (`ConflictError` when the policy exists), with it replaces over that revision
 * (`NotFoundError` when missing, `ConflictError` when the revision moved on); `setEnabled`
 * bumps `rev`; `list` is by name.
 *
 * @example
 * ```ts
 * const policies = new InMemoryPolicyStore();
 * const stored = await policies.put(aPolicy({ name: 'patches' }), { at, by: 'config' });
 * await policies.setEnabled('patches', false, { at, expectedRev: stored.rev });
 * ```
 */
export class InMemoryPolicyStore implements PolicyStore {
  readonly #policies = new Map<string, StoredPolicy>();

  public async put(policy: Policy, write: PolicyWrite): Promise<StoredPolicy> {
    keySafeName(policy.name, 'name');
    const at = canonicalInstant(write.at, 'at');
    await roundTrip();
    const existing = this.#policies.get(policy.name);
    this.#check(policy.name, existing, write.expectedRev, true);
    const stored: StoredPolicy = clone({ policy, rev: (write.expectedRev ?? 0) + 1, updatedAt: at, updatedBy: write.by });
    this.#policies.set(policy.name, stored);
    return clone(stored);
  }

  public async get(name: string): Promise<StoredPolicy> {
    await roundTrip();
    const stored = this.#policies.get(name);
    if (stored === undefined) throw new NotFoundError(`policy ${name} does not exist`, { context: { policy: name } });
    return clone(stored);
  }

  public async list(): Promise<readonly StoredPolicy[]> {
    await roundTrip();
    return [...this.#policies.values()].sort((a, b) => (a.policy.name < b.policy.name ? -1 : 1)).map((p) => clone(p));
  }

  public async setEnabled(name: string, enabled: boolean, write: PolicyWrite): Promise<StoredPolicy> {
    const at = canonicalInstant(write.at, 'at');
    await roundTrip();
    const existing = this.#policies.get(name);
    this.#check(name, existing, write.expectedRev, false);
    const current = existing as StoredPolicy;
    const stored: StoredPolicy = clone({
      ...current, policy: { ...current.policy, enabled }, rev: current.rev + 1, updatedAt: at, ...(write.by !== undefined ? { updatedBy: write.by } : {}),
    });
    this.#policies.set(name, stored);
    return clone(stored);
  }

  public async restore(stored: StoredPolicy, replacingRev?: number): Promise<void> {
    keySafeName(stored.policy.name, 'name');
    await roundTrip();
    const existing = this.#policies.get(stored.policy.name);
    if (replacingRev === undefined ? existing !== undefined : existing?.rev !== replacingRev) {
      throw new ConflictError(`policy ${stored.policy.name} is stored at rev ${String(existing?.rev)}; restore expected ${String(replacingRev ?? 'none')}`);
    }
    this.#policies.set(stored.policy.name, clone(stored));
  }

  /** Throws as the adapter's conditional write would for `expectedRev` over `existing`. */
  #check(name: string, existing: StoredPolicy | undefined, expectedRev: number | undefined, creating: boolean): void {
    if (expectedRev === undefined && creating) {
      if (existing !== undefined) throw new ConflictError(`policy ${name} already exists; name the revision you read to replace it`, { context: { policy: name, actualRev: existing.rev } });
      return;
    }
    if (existing === undefined) throw new NotFoundError(`policy ${name} does not exist`, { context: { policy: name } });
    if (expectedRev !== undefined && existing.rev !== expectedRev) {
      throw new ConflictError(`policy ${name} was changed by someone else (read rev ${expectedRev}, now ${existing.rev}); read it again and retry`, {
        context: { policy: name, expectedRev, actualRev: existing.rev },
      });
    }
  }
}
