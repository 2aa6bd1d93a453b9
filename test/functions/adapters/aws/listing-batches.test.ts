import { describe, expect, it } from 'vitest';
import { answerListingBatch, readListing } from '../../../../functions/adapters/aws/listing-batches.js';
import type { WatchedComponent } from '../../../../functions/adapters/sources/registry.js';
import { TransientError } from '../../../../functions/core/errors.js';
import { FakeVersionSource } from '../../../support/fakes/index.js';

const npm = (name: string): WatchedComponent => ({ name, source: { type: 'npm', package: name, registry: 'https://registry.example.test' } });
/** Release notes that compress poorly: random-looking text. */
const notes = (n: number): string => Array.from({ length: n }, (_, i) => ((i * 2_654_435_761) >>> 0).toString(36)).join(' ');

describe('Function: answerListingBatch', () => {
  it('answers each component in order: its listing compressed, or its error under its own name', async () => {
    // Prepare
    const source = new FakeVersionSource();
    source.publish('api', [{ version: '1.5.0', changelog: 'fixes' }], { channels: { latest: '1.5.0' } });
    source.fail('web', new TransientError('registry answered 503'));

    // Act
    const answer = await answerListingBatch((type) => source.ofType(type), { components: [npm('api'), npm('web')] }, { componentTimeoutMs: 1_000 });

    // Assess
    const [api, web] = answer.listings;
    expect(api?.ok === true ? readListing(api) : api).toEqual({ releases: [{ version: '1.5.0', changelog: 'fixes' }], fromCache: false, channels: { latest: '1.5.0' } });
    expect(web).toEqual({ ok: false, error: { name: 'TransientError', message: 'registry answered 503' } });
  });

  it('marks the listings that no longer fit in the answer to be asked again, and always answers the first', async () => {
    // Prepare: each listing alone fits the budget, two do not.
    const source = new FakeVersionSource();
    for (const name of ['a', 'b', 'c']) source.publish(name, [{ version: '1.0.0', changelog: notes(400) }]);
    const one = (await answerListingBatch((type) => source.ofType(type), { components: [npm('a')] }, { componentTimeoutMs: 1_000 })).listings[0] as { gzip: string };

    // Act
    const answer = await answerListingBatch((type) => source.ofType(type), { components: [npm('a'), npm('b'), npm('c')] }, { componentTimeoutMs: 1_000, budgetBytes: one.gzip.length * 1.5 });

    // Assess
    expect(answer.listings.map((l) => (l.ok ? 'listed' : 'resend' in l ? 'resend' : l.error.name))).toEqual(['listed', 'resend', 'resend']);
  });

  it('answers a listing larger than any answer with an error that says so', async () => {
    // Prepare
    const source = new FakeVersionSource();
    source.publish('huge', [{ version: '1.0.0', changelog: notes(2_000) }]);

    // Act
    const [entry] = (await answerListingBatch((type) => source.ofType(type), { components: [npm('huge')] }, { componentTimeoutMs: 1_000, budgetBytes: 1_000 })).listings;

    // Assess
    expect(entry).toMatchObject({ ok: false, error: { name: 'BadResponseError', message: expect.stringMatching(/^the npm listing of huge is \d+ bytes compressed, more than a function's answer can carry \(1000\)$/) as unknown } });
  });
});
