import { compareSortKeys } from '../../core/workflow-listing.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';

/**
 * Workflows ordered by sort key, descending (as a listing serves them), kept sorted as they
 * change: a change costs two binary searches and an array splice, never a sort of everything.
 *
 * @example
 * ```ts
 * const recent = new SortedWorkflows();
 * recent.set(workflowSortKey({ by: 'recent' }, wf), wf);
 * recent.after(undefined, 50); // the first page
 * ```
 */
export class SortedWorkflows {
  readonly #keys: string[] = [];
  readonly #items: WorkflowRecord[] = [];

  public get size(): number {
    return this.#keys.length;
  }

  /** Adds the workflow under `key`, or replaces the one there. */
  public set(key: string, workflow: WorkflowRecord): void {
    const at = this.#firstAtOrBelow(key);
    if (this.#keys[at] === key) {
      this.#items[at] = workflow;
      return;
    }
    this.#keys.splice(at, 0, key);
    this.#items.splice(at, 0, workflow);
  }

  /** Removes the workflow under `key`, if any. */
  public delete(key: string): void {
    const at = this.#firstAtOrBelow(key);
    if (this.#keys[at] !== key) return;
    this.#keys.splice(at, 1);
    this.#items.splice(at, 1);
  }

  /** Up to `limit` workflows after `position` (from the top when undefined), with their keys. */
  public after(position: string | undefined, limit: number): { readonly keys: string[]; readonly items: WorkflowRecord[] } {
    let from = 0;
    if (position !== undefined) {
      from = this.#firstAtOrBelow(position);
      if (this.#keys[from] === position) from += 1;
    }
    return { keys: this.#keys.slice(from, from + limit), items: this.#items.slice(from, from + limit) };
  }

  /** The index of the first key at or below `key` (the length when every key is above it). */
  #firstAtOrBelow(key: string): number {
    let low = 0;
    let high = this.#keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareSortKeys(this.#keys[middle] as string, key) > 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
