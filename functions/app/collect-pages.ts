import type { Page, PageRequest } from '../ports/page.js';

/**
 * Every item of a paginated listing, following the cursor to the end (100 per request).
 *
 * @example
 * ```ts
 * const components = await collectPages((page) => deps.components.list(page));
 * ```
 */
export async function collectPages<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor === undefined ? {} : { cursor }) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return all;
}
