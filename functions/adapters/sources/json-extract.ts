/**
 * What a caller reads from a JSON document, kept in the cache in place of the document: a
 * registry's document is mostly fields nobody reads, and a compact value is cheaper to store,
 * to read back and to parse on every 304. See `PoliteHttpClient.getExtract`.
 *
 * @example
 * ```ts
 * const latest: JsonExtract<string> = {
 *   format: 'latest/1',
 *   extract: (data) => String((data as { latest: unknown }).latest),
 *   encode: (value) => value,
 *   decode: (stored) => stored,
 * };
 * ```
 */
export interface JsonExtract<T> {
  /**
   * Names the stored format; part of the cache key, so change it whenever `encode`'s output
   * changes meaning, and entries of the old format are never read as the new (`npm-packument/1`).
   */
  readonly format: string;
  /** The value from a 200's parsed body; throws (`BadResponseError`) on a document of the wrong shape. */
  extract(data: unknown): T;
  /** The value as stored. `decode(encode(v))` must equal `v`. */
  encode(value: T): string;
  /** A stored value back, or undefined when `stored` is not one (the entry then counts as missing). */
  decode(stored: string): T | undefined;
}
