/**
 * The deployment queue of one component, as pure decisions: one rollout at a time, and a later
 * version supersedes an older one still waiting (DESIGN.md §4: one item per component, changed
 * only by single-item conditional writes; the caller does the I/O).
 */

/** A workflow in the queue. */
export interface QueueEntry {
  readonly workflowId: string;
  readonly version: string;
  /** ISO instant it entered the queue (or took the slot). */
  readonly since: string;
}

/** Who rolls out now, and who is next. At most one waits: an older waiter is superseded by a newer one. */
export interface DeploymentSlot {
  readonly holder?: QueueEntry;
  readonly next?: QueueEntry;
}

/** What the queue knows when a workflow asks for the slot. */
export interface ClaimInput {
  readonly slot: DeploymentSlot;
  readonly claimant: QueueEntry;
  /** The version the component runs now. */
  readonly current: string;
  /** Version order of the component's scheme: negative, zero or positive like `Array#sort`. */
  readonly compare: (a: string, b: string) => number;
  /** Holders or waiters whose workflows have ended without leaving the queue (an execution that died). */
  readonly ended: readonly string[];
}

/** The decision, with the slot to store (`changed` says whether it differs from the one read). */
export type ClaimOutcome =
  | { readonly result: 'ACQUIRED'; readonly slot: DeploymentSlot; readonly changed: boolean; readonly reason: string }
  | { readonly result: 'WAITING'; readonly slot: DeploymentSlot; readonly changed: boolean; readonly reason: string; readonly behind: QueueEntry }
  | { readonly result: 'SUPERSEDED'; readonly slot: DeploymentSlot; readonly changed: boolean; readonly reason: string; readonly by: string };

/** A decision before the slot is attached. */
type Decided = ClaimOutcome extends infer O ? (O extends ClaimOutcome ? Omit<O, 'slot' | 'changed'> : never) : never;

const same = (a: QueueEntry | undefined, b: QueueEntry | undefined): boolean => a?.workflowId === b?.workflowId;

function slotOf(holder: QueueEntry | undefined, next: QueueEntry | undefined): DeploymentSlot {
  return { ...(holder === undefined ? {} : { holder }), ...(next === undefined ? {} : { next }) };
}

/**
 * Decides a claim on the component's deployment slot:
 * - the holder claiming again keeps it (a retried step);
 * - a claimant at or below the running version, or below the holder or the waiter, is
 *   SUPERSEDED by that newer version (it never ships: shipping it would be a downgrade);
 * - a free slot is ACQUIRED;
 * - else the claimant WAITS as `next`, replacing an older waiter, which is superseded at its
 *   own next claim.
 * Entries of ended workflows are dropped first, so a dead execution never blocks the queue.
 *
 * @example
 * ```ts
 * decideClaim({ slot: { holder: a }, claimant: b, current: '1.0.0', compare, ended: [] }); // { result: 'WAITING', behind: a, … }
 * ```
 */
export function decideClaim(input: ClaimInput): ClaimOutcome {
  const { claimant, compare } = input;
  const alive = (e: QueueEntry | undefined): QueueEntry | undefined =>
    e !== undefined && (e.workflowId === claimant.workflowId || !input.ended.includes(e.workflowId)) ? e : undefined;
  let holder = alive(input.slot.holder);
  let next = alive(input.slot.next);
  const result = (r: Decided): ClaimOutcome => {
    const slot = slotOf(holder, next);
    const changed = !same(slot.holder, input.slot.holder) || !same(slot.next, input.slot.next);
    return { ...r, slot, changed };
  };

  if (holder?.workflowId === claimant.workflowId) return result({ result: 'ACQUIRED', reason: 'already holds the deployment slot' });
  if (next?.workflowId === claimant.workflowId) next = undefined;
  const newer = [holder, next]
    .filter((e): e is QueueEntry => e !== undefined && compare(e.version, claimant.version) > 0)
    .sort((a, b) => compare(b.version, a.version))[0];
  if (newer !== undefined) {
    return result({ result: 'SUPERSEDED', by: newer.version, reason: `superseded by ${newer.version} (workflow ${newer.workflowId})` });
  }
  if (compare(input.current, claimant.version) >= 0) {
    return result({ result: 'SUPERSEDED', by: input.current, reason: `superseded by ${input.current}, which is already running` });
  }
  if (holder === undefined) {
    holder = claimant;
    // A waiter left here is older than the claimant (a newer one superseded it above): it goes.
    next = undefined;
    return result({ result: 'ACQUIRED', reason: 'the deployment slot was free' });
  }
  const replaced = next;
  next = claimant;
  const behind = holder;
  return result({
    result: 'WAITING',
    behind,
    reason: `waiting for ${behind.version} (workflow ${behind.workflowId}) to finish its rollout${replaced === undefined ? '' : `; ${replaced.version} is superseded`}`,
  });
}

/** The slot without `workflowId` (its workflow ended); `changed` is false when it was not in it. */
export function releaseSlot(slot: DeploymentSlot, workflowId: string): { readonly slot: DeploymentSlot; readonly changed: boolean } {
  const holder = slot.holder?.workflowId === workflowId ? undefined : slot.holder;
  const next = slot.next?.workflowId === workflowId ? undefined : slot.next;
  return { slot: slotOf(holder, next), changed: holder !== slot.holder || next !== slot.next };
}
