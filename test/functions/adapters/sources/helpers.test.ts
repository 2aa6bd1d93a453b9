import { describe, expect, it } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { parseLinkHeader } from '../../../../functions/adapters/sources/link-header.js';
import { backoffMs, serverDelayMs } from '../../../../functions/adapters/sources/retry-policy.js';
import { compareVersions } from '../../../../functions/adapters/sources/version-order.js';

describe('Function: parseLinkHeader', () => {
  it('resolves relative targets and reads several rels', () => {
    const links = parseLinkHeader('</v2/a/tags/list?last=x&n=2>; rel="next", <https://h/p?page=9>; rel=last', 'http://reg:5000/v2/a/tags/list?n=2');
    expect(links).toEqual({ next: 'http://reg:5000/v2/a/tags/list?last=x&n=2', last: 'https://h/p?page=9' });
    expect(parseLinkHeader(null, 'http://x/')).toEqual({});
  });
});

describe('Function: serverDelayMs', () => {
  it('reads delta-seconds, HTTP-dates and spent GitHub rate limits', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(serverDelayMs(new Headers({ 'retry-after': '7' }), now)).toBe(7_000);
    expect(serverDelayMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now)).toBe(30_000);
    expect(serverDelayMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 60) }), now)).toBe(60_000);
    expect(serverDelayMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});

describe('Function: backoffMs', () => {
  it('doubles per attempt, caps, and jitters within the upper half', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffMs(0, { ...options, random: () => 0 })).toBe(50);
    expect(backoffMs(2, { ...options, random: () => 0.999 })).toBe(400);
    expect(backoffMs(10, { ...options, random: () => 0 })).toBe(500);
  });
});

describe('Function: compareVersions', () => {
  it('orders semver, PEP 440 and Maven versions', () => {
    const sorted = ['1.10.0', '1.9.0', '1.0rc1', '1.0', '1.0.post1', '1.0-SNAPSHOT', '2.0.0-M1'].sort(compareVersions);
    expect(sorted).toEqual(['1.0rc1', '1.0-SNAPSHOT', '1.0', '1.0.post1', '1.9.0', '1.10.0', '2.0.0-M1']);
    expect(compareVersions('v1.2.3', '1.2.3')).toBe(0);
  });
});

describe('Class: MemoryHttpCache', () => {
  it('drops the least recently used entry beyond maxEntries', async () => {
    const cache = new MemoryHttpCache({ maxEntries: 2 });
    const entry = { body: '', storedAt: '2025-01-01T00:00:00Z' };
    await cache.put('a', entry);
    await cache.put('b', entry);
    await cache.get('a');
    await cache.put('c', entry);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')].map((e) => e !== undefined)).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });
});
