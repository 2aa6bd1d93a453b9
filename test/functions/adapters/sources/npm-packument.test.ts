import { describe, expect, it } from 'vitest';
import { packumentListing, packumentTimes, withReleaseTimes } from '../../../../functions/adapters/sources/npm-packument.js';
import { BadResponseError } from '../../../../functions/core/errors.js';

const REGISTRY = 'https://registry.example.test/npm/';
const URL = 'https://registry.example.test/npm/@acme%2fwidget';
const INTEGRITY = `sha512-${'A'.repeat(86)}==`;

/** An abbreviated packument of `count` versions, as registry.npmjs.org shapes one. */
function packument(count: number): Record<string, unknown> {
  const versions = Array.from({ length: count }, (_, i) => `1.${Math.floor(i / 5)}.${i % 5}`);
  return {
    name: '@acme/widget',
    modified: '2025-01-15T12:00:00.000Z',
    'dist-tags': { latest: versions.at(-1), next: '2.0.0-rc.1', broken: 7 },
    versions: Object.fromEntries(versions.map((version) => [version, {
      name: '@acme/widget', version, dependencies: { 'left-pad': '^1.0.0' }, engines: { node: '>=18' },
      dist: { integrity: INTEGRITY, shasum: 'f'.repeat(40), tarball: `https://registry.example.test/npm/@acme/widget/-/widget-${version}.tgz`, fileCount: 3, unpackedSize: 1_024 },
    }])),
  };
}

describe('Function: packumentListing', () => {
  const extract = packumentListing(REGISTRY, '@acme/widget', URL);

  it('reads releases with checksum, tarball, deprecation and date, and the string dist-tags', () => {
    // Prepare
    const doc = {
      'dist-tags': { latest: '1.1.0' },
      time: { '1.0.0': '2025-01-01T00:00:00Z', '1.1.0': 'not a date' },
      versions: {
        '1.0.0': { dist: { shasum: 'abc', tarball: 'https://cdn.example.test/widget-1.0.0.tgz' }, deprecated: 'use 1.1.0' },
        '1.1.0': { dist: { integrity: INTEGRITY } },
        '1.2.0': 'not an object',
      },
    };

    // Act
    const listing = extract.extract(doc);

    // Assess
    expect(listing).toEqual({
      timed: true,
      channels: { latest: '1.1.0' },
      releases: [
        { version: '1.0.0', releasedAt: '2025-01-01T00:00:00.000Z', checksum: 'sha1:abc', url: 'https://cdn.example.test/widget-1.0.0.tgz', deprecated: 'use 1.1.0' },
        { version: '1.1.0', checksum: INTEGRITY },
        { version: '1.2.0' },
      ],
    });
  });

  it('refuses a document that is not a packument', () => {
    expect(() => extract.extract([])).toThrow(BadResponseError);
    expect(() => extract.extract({ versions: 'none' })).toThrow(`${URL} answered string where "versions" should be an object`);
  });

  it('gives back exactly what it stored, for every field and tarball location', () => {
    // Prepare
    const listing = extract.extract({
      'dist-tags': { latest: '1.0.2' },
      time: { '1.0.1': '2025-01-02T00:00:00.000Z' },
      versions: {
        '1.0.0': { dist: { integrity: INTEGRITY, tarball: `${REGISTRY}@acme/widget/-/widget-1.0.0.tgz` } },
        '1.0.1': { dist: { tarball: 'https://mirror.example.test/widget-1.0.1.tgz' }, deprecated: 'déprécié — 使用 1.0.2' },
        '1.0.2': { dist: { integrity: INTEGRITY, tarball: 'widget-1.0.2.tgz' } },
        '1.0.3': { dist: { tarball: `${REGISTRY}@acme/widget/-/widget-1.0.3-patched.tgz` } },
        '1.0.4': {},
      },
    });

    // Act
    const stored = extract.encode(listing);

    // Assess
    expect(extract.decode(stored)).toEqual(listing);
    expect(stored).toContain(`["1.0.0","${INTEGRITY}",1]`);
    expect(stored).toContain('["https://mirror.example.test/widget-1.0.1.tgz"]');
    expect(stored).toContain('["widget-1.0.2.tgz"]');
    expect(stored).toContain('"widget-1.0.3-patched.tgz"');
  });

  it('stores about a quarter of an abbreviated packument', () => {
    // Prepare
    const doc = packument(30);
    const listing = extract.extract(doc);

    // Act
    const stored = extract.encode(listing);

    // Assess
    expect(stored.length).toBeLessThan(JSON.stringify(doc).length / 3.5);
    expect(extract.decode(stored)).toEqual(listing);
    expect(listing.releases).toHaveLength(30);
  });

  it('reads a stored value that is not one of its own as missing', () => {
    const bad = ['', 'not json', '[]', '{"timed":false,"channels":{},"releases":{}}', '{"timed":"no","channels":{},"releases":[]}',
      '{"timed":false,"channels":{"latest":1},"releases":[]}', '{"timed":false,"channels":{},"releases":[[]]}',
      '{"timed":false,"channels":{},"releases":[[1]]}', '{"timed":false,"channels":{},"releases":[["1.0.0",2]]}',
      '{"timed":false,"channels":{},"releases":[["1.0.0",null,["a","b"]]]}', '{"timed":false,"channels":{},"releases":[["1.0.0",null,2]]}',
      '{"timed":false,"channels":{},"releases":[["1.0.0",null,[3]]]}', '{"timed":false,"channels":{},"releases":[["1.0.0",null,null,null,null,null]]}'];
    for (const stored of bad) expect(extract.decode(stored), stored).toBeUndefined();
  });
});

describe('Function: packumentTimes', () => {
  const extract = packumentTimes(URL);

  it('keeps the dates of a full packument, and none that are not dates', () => {
    // Prepare
    const doc = { time: { created: '2024-12-01T00:00:00Z', '1.0.0': '2025-01-01T00:00:00Z', '1.1.0': 'yesterday' }, versions: {} };

    // Act
    const times = extract.extract(doc);

    // Assess
    expect(times).toEqual({ created: '2024-12-01T00:00:00.000Z', '1.0.0': '2025-01-01T00:00:00.000Z' });
    expect(extract.decode(extract.encode(times))).toEqual(times);
    expect(extract.extract({ versions: {} })).toEqual({});
    expect(() => extract.extract('nope')).toThrow(BadResponseError);
    expect(extract.decode('{"1.0.0":3}')).toBeUndefined();
    expect(extract.decode('{')).toBeUndefined();
  });
});

describe('Function: withReleaseTimes', () => {
  it('dates the releases it has a time for, and only those', () => {
    const releases = [{ version: '1.0.0', checksum: 'sha1:abc' }, { version: '1.1.0', releasedAt: '2020-01-01T00:00:00.000Z' }];

    expect(withReleaseTimes(releases, { '1.0.0': '2025-01-01T00:00:00.000Z' })).toEqual([
      { version: '1.0.0', checksum: 'sha1:abc', releasedAt: '2025-01-01T00:00:00.000Z' },
      { version: '1.1.0' },
    ]);
  });
});
