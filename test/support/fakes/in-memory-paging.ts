import { decodeCursor, encodeCursor } from '../../../functions/adapters/aws/dynamo-cursor.js';
import { pageLimit } from '../../../functions/adapters/aws/dynamo-values.js';
import type { Page, PageRequest } from '../../../functions/ports/page.js';

/**
 * One page of an in-memory listing, with the DynamoDB adapters' rules: limit 1–100 (default
 * 50, else `ValidationError`), an opaque cursor bound to `scope` (a cursor from another
 * listing is a `ValidationError`), and a cursor whenever the page is full — so, as in
 * DynamoDB, the last page may come back empty.
 *
 * Paging continues after the sort key of the last item returned, so items written between
 * two pages are neither repeated nor skipped out of order.
 */
export function pageOf<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  order: 'asc' | 'desc',
  scope: string,
  page: PageRequest = {},
): Page<T> {
  const limit = pageLimit(page.limit);
  const after = page.cursor === undefined ? undefined : decodeCursor(scope, page.cursor).k;
  const keyed = items.map((item) => ({ item, key: sortKey(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) * (order === 'asc' ? 1 : -1));
  const rest = typeof after === 'string'
    ? keyed.filter((k) => (order === 'asc' ? k.key > after : k.key < after))
    : keyed;
  const chosen = rest.slice(0, limit);
  const last = chosen.at(-1);
  const result = { items: chosen.map((k) => clone(k.item)) };
  return chosen.length === limit && last !== undefined ? { ...result, cursor: encodeCursor(scope, { k: last.key }) } : result;
}

/** Plain JSON data, as the document client stores it: `undefined` members dropped, no shared references. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Lets every other pending call run before this one touches the data, as a network round
 * trip would: concurrent callers all read before any of them writes, so optimistic-locking
 * races happen here as they do against DynamoDB.
 */
export function roundTrip(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
