import type { Policy } from '../core/policy/policy-schema.js';

/** A policy as stored (`POLICY#<name>`), with its optimistic-lock revision. */
export interface StoredPolicy {
  readonly policy: Policy;
  /** Starts at 1; every write names the revision it read. */
  readonly rev: number;
  /** ISO instant of the last write. */
  readonly updatedAt: string;
  /** Who wrote it last (`config`, `api:<principal>`). */
  readonly updatedBy?: string;
}

/** How a write is made: when, by whom, and over which revision. */
export interface PolicyWrite {
  readonly at: string;
  readonly by?: string;
  /**
   * The revision read before writing.
   * @default - `put`: the policy must not exist yet; `setEnabled`: any revision
   */
  readonly expectedRev?: number;
}

/**
 * Where decision policies live; the evaluator reads them all, the API edits them.
 *
 * @example
 * ```ts
 * const stored = await policies.put(policy, { at, by: 'config' });
 * await policies.setEnabled(policy.name, false, { at, by: 'api:ops', expectedRev: stored.rev });
 * ```
 */
export interface PolicyStore {
  /**
   * Creates (no `expectedRev`) or replaces (`expectedRev` = the revision read) a policy.
   * Throws `ConflictError` when it exists but no revision was named, or the revision moved on;
   * `NotFoundError` when replacing one that does not exist.
   */
  put(policy: Policy, write: PolicyWrite): Promise<StoredPolicy>;

  /** The policy; throws `NotFoundError` when there is none by that name. */
  get(name: string): Promise<StoredPolicy>;

  /** Every policy, by name (policies are few; the evaluator needs all of them). */
  list(): Promise<readonly StoredPolicy[]>;

  /** Turns a policy on or off; with `expectedRev`, only over that revision. */
  setEnabled(name: string, enabled: boolean, write: PolicyWrite): Promise<StoredPolicy>;

  /**
   * Writes a stored policy exactly as given, `rev` and `updatedBy` included (importing a
   * snapshot): only when none has its name, or — with `replacingRev` — over the one stored at
   * that revision. Throws `ConflictError` otherwise.
   */
  restore(stored: StoredPolicy, replacingRev?: number): Promise<void>;
}
