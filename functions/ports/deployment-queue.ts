import type { DeploymentSlot } from '../core/deployment-queue.js';

/** A component's deployment slot as stored (`QUEUE#<component>` / `QUEUE`). */
export interface StoredSlot extends DeploymentSlot {
  readonly component: string;
  /** ISO instant of the last write; absent when nothing was ever stored. */
  readonly updatedAt?: string;
  /** Optimistic-lock revision; 0 when nothing is stored yet. */
  readonly rev: number;
}

/**
 * Where each component's deployment slot lives: who rolls out now and who waits (the decisions
 * are `functions/core/deployment-queue.ts`). One item per component, changed only by
 * single-item conditional writes on `rev`, so two workflows racing for the slot cannot both win.
 *
 * @example
 * ```ts
 * const slot = await queue.get('api'); // { component: 'api', rev: 0 } when free and never used
 * await queue.put({ ...slot, holder: { workflowId, version: '1.5.0', since: at }, updatedAt: at }); // ConflictError when someone wrote first
 * ```
 */
export interface DeploymentQueue {
  /** The slot of `component`; `rev` 0 and no holder when nothing was ever stored. */
  get(component: string): Promise<StoredSlot>;

  /**
   * Stores `slot` over the revision it was read at (`rev`; 0 creates it) and returns it with
   * `rev + 1`. Throws `ConflictError` when another writer got there first.
   */
  put(slot: StoredSlot): Promise<StoredSlot>;
}
