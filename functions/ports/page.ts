/** How much of a listing to return, and where to carry on. */
export interface PageRequest {
  /**
   * Most items to return.
   * @default 50 - capped at 100 by the stores
   */
  readonly limit?: number;
  /** The `cursor` of the previous page; omit for the first page. */
  readonly cursor?: string;
}

/**
 * One page of a listing. `cursor` is opaque (never parse it) and is present only when more
 * items may follow; a page may be short, or even empty, while a cursor is still returned.
 *
 * @example
 * ```ts
 * let cursor: string | undefined;
 * do {
 *   const page = await workflows.listByStage('AWAITING_APPROVAL', { cursor });
 *   page.items.forEach(show);
 *   cursor = page.cursor;
 * } while (cursor !== undefined);
 * ```
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}
