import { gunzipSync, gzipSync } from 'node:zlib';
import type { SourceType } from '../../core/config/source-schema.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { listAll, type RecordedError, type WatchedComponent } from '../sources/registry.js';

/**
 * What a `list-versions` function is asked: the components of its source type to list now,
 * together, with the one polite HTTP client of its execution environment (so per-host limits and
 * a host's `Retry-After` hold across them, as they did when one function listed everything).
 */
export interface ListingBatchRequest {
  readonly components: readonly WatchedComponent[];
}

/** One component's entry in the answer, in request order. */
export type ListingEntry =
  /** The listing as gzip, base64: release notes compress well, and the answer is size-limited. */
  | { readonly ok: true; readonly gzip: string }
  | { readonly ok: false; readonly error: RecordedError }
  /** Listed, but the answer was full: ask again (a batch of one always has room). */
  | { readonly ok: false; readonly resend: true };

/** What a `list-versions` function answers. */
export interface ListingBatchAnswer {
  readonly listings: readonly ListingEntry[];
}

/**
 * Room for listings in one answer: Lambda's synchronous responses are limited to 6 MB, and the
 * JSON around the listings needs a little.
 */
export const ANSWER_BUDGET_BYTES = 5_500_000;

/** Options of {@link answerListingBatch}. */
export interface AnswerOptions {
  /** One component's whole listing, retries included: below the function's own timeout. */
  readonly componentTimeoutMs: number;
  /** @default ANSWER_BUDGET_BYTES */
  readonly budgetBytes?: number;
}

/**
 * Lists a batch (the `list-versions` function's work): every component at once through
 * `listAll`, then each listing compressed into the answer while it fits. The first entry always
 * gets an answer: its listing, its error, or — when even compressed it is larger than an answer
 * can carry — an error that says so. Entries that no longer fit are marked to be asked again.
 *
 * @example
 * ```ts
 * const answer = await answerListingBatch(deps.sources, { components }, { componentTimeoutMs: 240_000 });
 * ```
 */
export async function answerListingBatch(
  sources: (type: SourceType) => VersionSource, request: ListingBatchRequest, options: AnswerOptions,
): Promise<ListingBatchAnswer> {
  const budget = options.budgetBytes ?? ANSWER_BUDGET_BYTES;
  const listed = await listAll(request.components, sources, { componentTimeoutMs: options.componentTimeoutMs });
  let used = 0;
  const listings = listed.map((result, index): ListingEntry => {
    if (!result.ok) return { ok: false, error: result.error };
    const gzip = gzipSync(JSON.stringify(result.listing)).toString('base64');
    if (used + gzip.length <= budget) {
      used += gzip.length;
      return { ok: true, gzip };
    }
    if (index > 0) return { ok: false, resend: true };
    const error = {
      name: 'BadResponseError',
      message: `the ${result.source} listing of ${result.component} is ${gzip.length} bytes compressed, more than a function's answer can carry (${budget})`,
    };
    return { ok: false, error };
  });
  return { listings };
}

/** A listing entry's listing, as the source answered it. */
export function readListing(entry: { readonly gzip: string }): SourceListing {
  return JSON.parse(gunzipSync(Buffer.from(entry.gzip, 'base64')).toString('utf8')) as SourceListing;
}
