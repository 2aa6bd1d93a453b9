import type { Stage } from './types.js';
import type { WorkflowRecord } from './workflow-types.js';

/** One of the workflow store's listings (`listRecent`, `listByStage`, `listByComponent`). */
export type WorkflowListing =
  | { readonly by: 'recent' }
  | { readonly by: 'stage'; readonly stage: Stage }
  | { readonly by: 'component'; readonly component: string };

/**
 * Where a workflow sits in a listing: `<instant>#<id>`, the instant being `updatedAt` (recent,
 * by stage) or `createdAt` (by component) as `Date#toISOString` writes it. Listings are ordered
 * by this key, descending; ids never contain `#`, so keys are unique and the id is everything
 * after the first `#`. These are the DynamoDB table's index sort keys, so a copy of
 * the workflows in memory can answer a listing exactly as the store would.
 *
 * @example
 * ```ts
 * workflowSortKey({ by: 'recent' }, wf); // '2026-01-01T00:00:30.000Z#wf-000001'
 * ```
 */
export function workflowSortKey(listing: WorkflowListing, workflow: Pick<WorkflowRecord, 'id' | 'createdAt' | 'updatedAt'>): string {
  const instant = listing.by === 'component' ? workflow.createdAt : workflow.updatedAt;
  const time = Date.parse(instant);
  // The stores refuse unreadable instants; kept as written here so that sorting never throws.
  return `${Number.isNaN(time) ? instant : new Date(time).toISOString()}#${workflow.id}`;
}

/**
 * Compares sort keys as DynamoDB compares strings: by UTF-8 bytes, which is code point order.
 * JavaScript's `<` compares UTF-16 code units, which differs only between a surrogate pair and
 * a character from U+E000 to U+FFFF.
 */
export function compareSortKeys(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  return unit >= 0xd800 ? unit + 0x2000 : unit;
}

/** The listing's name in cursors and messages: `recent`, `stage:<stage>`, `component:<name>`. */
export function listingScope(listing: WorkflowListing): string {
  if (listing.by === 'stage') return `stage:${listing.stage}`;
  return listing.by === 'component' ? `component:${listing.component}` : 'recent';
}
