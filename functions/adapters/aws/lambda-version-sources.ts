import { LambdaClient } from '@aws-sdk/client-lambda';
import type { SourceConfig, SourceType } from '../../core/config/source-schema.js';
import { UpkeepError } from '../../core/errors.js';
import { describeSource } from '../../core/source-label.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { invokeJson, revive } from './lambda-invoke.js';
import { readListing, type ListingBatchAnswer, type ListingEntry } from './listing-batches.js';
import { traced } from './traced-client.js';

/** Options of {@link LambdaVersionSources}. */
export interface LambdaVersionSourcesOptions {
  /** The `list-versions` function of each source type (the stack sets `UPKEEP_SOURCE_FUNCTIONS`). */
  readonly functions: Readonly<Partial<Record<SourceType, string>>>;
  /** @default - a client built from the Lambda's environment */
  readonly client?: LambdaClient;
  /** @default 64 - components one invocation lists at most */
  readonly maxBatch?: number;
}

/** A `list()` call waiting for its batch, or in one. */
interface Call {
  readonly source: SourceConfig;
  readonly resolve: (listing: SourceListing) => void;
  readonly reject: (error: Error) => void;
  /** Settled already (answered, or its signal aborted). */
  done: boolean;
}

/** The calls of one source type: waiting ones, and whether a batch of them is out. */
interface Queue {
  readonly waiting: Call[];
  busy: boolean;
  scheduled: boolean;
}

/**
 * `AppDeps.sources` in the functions that do not list themselves (the detector, the artifact
 * check): each source type's listings come from that type's `list-versions` function, which
 * bundles that one source (issue 6: a bundle with every registry client is twice the budget).
 *
 * `list()` keeps the port's meaning — every release, errors under their own names — and batches:
 * the calls made while a type's previous batch is out (or in the same turn of the event loop) go
 * out together, one batch per type at a time, so one execution environment with one polite HTTP
 * client lists them, as one function listed everything before (per-host limits and a host's
 * `Retry-After` still hold across a detection pass). A listing that did not fit in an answer is
 * asked for again in the next batch.
 *
 * @example
 * ```ts
 * const sources = new LambdaVersionSources({ functions: { npm: 'upkeep-list-versions-npm' } });
 * const listing = await sources.source('npm').list({ type: 'npm', package: 'left-pad', registry: 'https://registry.npmjs.org' });
 * ```
 */
export class LambdaVersionSources {
  readonly #functions: Readonly<Partial<Record<SourceType, string>>>;
  readonly #client: LambdaClient;
  readonly #maxBatch: number;
  readonly #queues = new Map<SourceType, Queue>();

  public constructor(options: LambdaVersionSourcesOptions) {
    this.#functions = options.functions;
    this.#client = options.client ?? traced(new LambdaClient({}));
    this.#maxBatch = Math.max(1, options.maxBatch ?? 64);
  }

  /** The source of `type`, as `AppDeps.sources(type)` hands it out. */
  public source(type: SourceType): VersionSource {
    return { type, list: (source, options) => this.#list(type, source, options?.signal) };
  }

  #list(type: SourceType, source: SourceConfig, signal: AbortSignal | undefined): Promise<SourceListing> {
    if (this.#functions[type] === undefined) {
      return Promise.reject(new UpkeepError(`no list-versions function lists ${type} sources here: the stack names one per source type in UPKEEP_SOURCE_FUNCTIONS`));
    }
    if (signal?.aborted === true) return Promise.reject(asError(signal.reason));
    return new Promise<SourceListing>((resolve, reject) => {
      const queue = this.#queue(type);
      const onAbort = (): void => settle(call, () => reject(asError(signal?.reason)));
      const call: Call = {
        source,
        resolve: (listing) => settle(call, () => resolve(listing)),
        reject: (error) => settle(call, () => reject(error)),
        done: false,
      };
      const settle = (c: Call, act: () => void): void => {
        if (c.done) return;
        c.done = true;
        signal?.removeEventListener('abort', onAbort);
        act();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.waiting.push(call);
      this.#schedule(type, queue);
    });
  }

  #queue(type: SourceType): Queue {
    let queue = this.#queues.get(type);
    if (queue === undefined) {
      queue = { waiting: [], busy: false, scheduled: false };
      this.#queues.set(type, queue);
    }
    return queue;
  }

  /** Sends the waiting calls once this turn's callers have joined them, unless a batch is out. */
  #schedule(type: SourceType, queue: Queue): void {
    if (queue.busy || queue.scheduled) return;
    queue.scheduled = true;
    setImmediate(() => {
      queue.scheduled = false;
      void this.#send(type, queue);
    });
  }

  async #send(type: SourceType, queue: Queue): Promise<void> {
    // Calls whose signal aborted while they waited are settled already.
    const batch = queue.waiting.splice(0).filter((c) => !c.done);
    queue.waiting.push(...batch.splice(this.#maxBatch));
    if (batch.length === 0) return;
    queue.busy = true;
    const again: Call[] = [];
    try {
      const functionName = this.#functions[type] as string;
      const answer = await invokeJson(this.#client, functionName, { components: batch.map((c) => ({ name: describeSource(c.source), source: c.source })) }, `list ${batch.length} ${type} source(s)`);
      const listings = entriesOf(answer, batch.length, functionName);
      batch.forEach((call, i) => {
        const entry = listings[i] as ListingEntry;
        if (entry.ok) call.resolve(readListing(entry));
        else if ('resend' in entry) again.push(call);
        else call.reject(revive(entry.error));
      });
    } catch (error) {
      for (const call of batch) call.reject(asError(error));
    } finally {
      queue.waiting.unshift(...again.filter((c) => !c.done));
      queue.busy = false;
      if (queue.waiting.length > 0) this.#schedule(type, queue);
    }
  }
}

/** The answer's entries, one per component asked about; anything else is the function's fault. */
function entriesOf(answer: unknown, expected: number, functionName: string): readonly ListingEntry[] {
  const listings = (answer as Partial<ListingBatchAnswer> | undefined)?.listings;
  if (!Array.isArray(listings) || listings.length !== expected) {
    throw new UpkeepError(`function ${functionName} answered ${Array.isArray(listings) ? `${listings.length} listings for ${expected} sources` : 'without listings'}`);
  }
  return listings as readonly ListingEntry[];
}

/** What a caller is rejected with: errors as they are, anything else (an abort reason) as an `Error`. */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'the listing was aborted');
}
