import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { PoliteHttpClient, type HttpClientOptions } from '../../../../functions/adapters/sources/http-client.js';
import type { JsonExtract } from '../../../../functions/adapters/sources/json-extract.js';
import { BadResponseError, NotFoundError, TransientError } from '../../../../functions/core/errors.js';
import type { HttpCache, HttpCacheEntry } from '../../../../functions/ports/http-cache.js';
import { sendCacheable, sendJson, startFakeServer, type FakeHandler, type FakeHttpServer } from '../../../support/fake-http-server.js';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fast: HttpClientOptions = { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 2, timeoutMs: 2_000, random: () => 0.5 };

async function serve(handler: FakeHandler): Promise<FakeHttpServer> {
  server = await startFakeServer(handler);
  return server;
}

/** A MemoryHttpCache that also shows what was stored. */
class RecordingCache extends MemoryHttpCache implements HttpCache {
  public readonly puts: HttpCacheEntry[] = [];

  public override put(key: string, entry: HttpCacheEntry): Promise<void> {
    this.puts.push(entry);
    return super.put(key, entry);
  }
}

/** Keeps the sorted version list of `{ "versions": { "<v>": {...} } }` as a comma-separated string. */
const versionList: JsonExtract<readonly string[]> = {
  format: 'versions/1',
  extract: (data) => {
    const versions = (data as { versions?: unknown }).versions;
    if (typeof versions !== 'object' || versions === null) throw new BadResponseError('no "versions" object');
    return Object.keys(versions).sort();
  },
  encode: (versions) => versions.join(','),
  decode: (stored) => (/^[\w.,-]+$/.test(stored) ? stored.split(',') : undefined),
};

/** A document server: `docs[path]` (JSON text) with an ETag of its text, answering 304 on a match. */
function documents(docs: Record<string, string>): FakeHandler {
  return (req, res) => {
    const body = docs[req.url ?? ''] ?? '{}';
    sendCacheable(req, res, `"${body.length}-${Buffer.from(body).toString('base64url').slice(0, 16)}"`, body, { 'content-type': 'application/json' });
  };
}

describe('Class: PoliteHttpClient', () => {
  describe('Method: request (retries)', () => {
    it('waits out a 429 with Retry-After in seconds, then succeeds', async () => {
      // Prepare
      let calls = 0;
      const peer = await serve((_req, res) => {
        calls += 1;
        if (calls === 1) sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
        else sendJson(res, 200, { ok: true });
      });
      const http = new PoliteHttpClient(fast);
      const started = Date.now();

      // Act
      const { data } = await http.getJson({ url: `${peer.url}/x` });

      // Assess
      expect(data).toEqual({ ok: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(http.stats().hosts[peer.host]).toMatchObject({ requests: 2, retries: 1, failures: 0 });
    });

    it('honours Retry-After as an HTTP-date on a 503', async () => {
      // Prepare
      let calls = 0;
      const peer = await serve((_req, res) => {
        calls += 1;
        if (calls === 1) sendJson(res, 503, {}, { 'retry-after': new Date(Date.now() + 1_500).toUTCString() });
        else sendJson(res, 200, [1]);
      });
      const http = new PoliteHttpClient(fast);
      const started = Date.now();

      // Act
      const { data } = await http.getJson({ url: `${peer.url}/x` });

      // Assess: HTTP-dates have one-second resolution, so at least ~0.5 s was waited.
      expect(data).toEqual([1]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    });

    it('fails at once with a TransientError when Retry-After is longer than it will wait', async () => {
      // Prepare
      const peer = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }));
      const http = new PoliteHttpClient({ ...fast, maxRetryAfterMs: 1_000 });

      // Act
      const failure = http.request({ url: `${peer.url}/x` });

      // Assess
      await expect(failure).rejects.toBeInstanceOf(TransientError);
      expect(peer.requests).toHaveLength(1);
    });

    it('gives up on persistent 5xx after maxRetries with a TransientError naming the URL', async () => {
      // Prepare
      const peer = await serve((_req, res) => sendJson(res, 502, { error: 'bad gateway' }));
      const http = new PoliteHttpClient(fast);

      // Act
      const failure = http.request({ url: `${peer.url}/down` });

      // Assess
      await expect(failure).rejects.toThrow(TransientError);
      await expect(failure).rejects.toThrow(`${peer.url}/down answered 502`);
      expect(peer.requests).toHaveLength(3);
      expect(http.stats().hosts[peer.host]).toMatchObject({ requests: 3, retries: 2, failures: 1 });
    });

    it('turns a response slower than the timeout into a TransientError after retries', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        setTimeout(() => sendJson(res, 200, {}), 1_000);
      });
      const http = new PoliteHttpClient({ ...fast, timeoutMs: 100, maxRetries: 1 });

      // Act
      const failure = http.request({ url: `${peer.url}/slow` });

      // Assess
      await expect(failure).rejects.toThrow(/timed out after 100 ms/);
      await expect(failure).rejects.toBeInstanceOf(TransientError);
      expect(peer.requests).toHaveLength(2);
    });

    it('times out a body that stalls half-way', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"a":');
      });
      const http = new PoliteHttpClient({ ...fast, timeoutMs: 150, maxRetries: 0 });

      // Act / Assess
      await expect(http.request({ url: `${peer.url}/stall` })).rejects.toThrow(/timed out after 150 ms while sending its body/);
    });
  });

  describe('Method: request (bad answers)', () => {
    it('reports malformed JSON as a BadResponseError naming the URL', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"versions": [1, 2');
      });
      const http = new PoliteHttpClient(fast);

      // Act
      const failure = http.getJson({ url: `${peer.url}/broken` });

      // Assess
      await expect(failure).rejects.toBeInstanceOf(BadResponseError);
      await expect(failure).rejects.toThrow(`${peer.url}/broken answered malformed JSON`);
    });

    it('reports a body shorter than its Content-Length as truncated', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"name":"x","versions":{');
        // End the socket early: the client saw fewer bytes than promised.
        setTimeout(() => res.socket?.destroy(), 20);
      });
      const http = new PoliteHttpClient(fast);

      // Act
      const failure = http.getJson({ url: `${peer.url}/cut` });

      // Assess
      await expect(failure).rejects.toBeInstanceOf(BadResponseError);
      await expect(failure).rejects.toThrow(`${peer.url}/cut answered a truncated or corrupt body`);
    });

    it('names the secret to check on a 401', async () => {
      // Prepare
      const peer = await serve((_req, res) => sendJson(res, 401, { error: 'unauthorized' }));
      const http = new PoliteHttpClient(fast);

      // Act
      const failure = http.request({ url: `${peer.url}/private`, secretName: 'NPM_TOKEN' });

      // Assess
      await expect(failure).rejects.toBeInstanceOf(BadResponseError);
      await expect(failure).rejects.toThrow(/answered 401 Unauthorized: check the secret "NPM_TOKEN"/);
      expect(peer.requests).toHaveLength(1);
    });

    it('says credentials are needed on a 403 when no secret is configured', async () => {
      // Prepare
      const peer = await serve((_req, res) => sendJson(res, 403, {}));
      const http = new PoliteHttpClient(fast);

      // Act / Assess
      await expect(http.request({ url: `${peer.url}/private` })).rejects.toThrow(/403 Forbidden: the source needs credentials/);
    });

    it('retries a 403 that is a spent rate limit rather than a refusal', async () => {
      // Prepare
      let calls = 0;
      const peer = await serve((_req, res) => {
        calls += 1;
        if (calls === 1) sendJson(res, 403, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) });
        else sendJson(res, 200, { ok: 1 });
      });
      const http = new PoliteHttpClient(fast);

      // Act
      const { data } = await http.getJson({ url: `${peer.url}/limited` });

      // Assess
      expect(data).toEqual({ ok: 1 });
      expect(http.stats().total.retries).toBe(1);
    });

    it('maps 404 to NotFoundError', async () => {
      // Prepare
      const peer = await serve((_req, res) => sendJson(res, 404, { error: 'Not found' }));
      const http = new PoliteHttpClient(fast);

      // Act / Assess
      await expect(http.request({ url: `${peer.url}/nope` })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a body larger than the limit', async () => {
      // Prepare
      const peer = await serve((_req, res) => sendJson(res, 200, { blob: 'x'.repeat(5_000) }));
      const http = new PoliteHttpClient({ ...fast, maxBodyBytes: 1_000 });

      // Act / Assess
      await expect(http.request({ url: `${peer.url}/big` })).rejects.toThrow(/more than the 1000-byte limit/);
    });

    it('counts what it read of a body that passed the limit', async () => {
      // Prepare: no Content-Length, so the limit is only found while reading.
      const peer = await serve((_req, res) => void res.writeHead(200).end('x'.repeat(5_000)));
      const http = new PoliteHttpClient({ ...fast, maxBodyBytes: 1_000 });

      // Act
      await expect(http.request({ url: `${peer.url}/streamed` })).rejects.toThrow(/more than the 1000-byte limit/);

      // Assess
      expect(http.stats().total.bytes).toBeGreaterThan(1_000);
    });
  });

  describe('Method: request (politeness)', () => {
    it('answers from the cache on a 304 and counts it', async () => {
      // Prepare
      const peer = await serve((req, res) => sendCacheable(req, res, '"v1"', '{"n":1}', { 'content-type': 'application/json', link: '<http://x/2>; rel="next"' }));
      const http = new PoliteHttpClient({ ...fast, cache: new MemoryHttpCache() });

      // Act
      const first = await http.request({ url: `${peer.url}/doc`, conditional: true });
      const second = await http.request({ url: `${peer.url}/doc`, conditional: true });

      // Assess
      expect(first.fromCache).toBe(false);
      expect(second).toMatchObject({ fromCache: true, body: '{"n":1}' });
      expect(second.headers.get('link')).toBe('<http://x/2>; rel="next"');
      expect(peer.requests[1]?.headers['if-none-match']).toBe('"v1"');
      expect(http.stats().total).toMatchObject({ requests: 2, notModified: 1 });
    });


    it('answers from the cache on a 304 that declares the length of the body it stands for', async () => {
      // Prepare: RFC 9110 (8.6) lets a 304 carry the Content-Length a 200 would have had, with no body.
      const peer = await serve((req, res) => {
        if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"', 'content-length': '7' }).end();
        else res.writeHead(200, { etag: '"v1"', 'content-type': 'application/json' }).end('{"n":1}');
      });
      const http = new PoliteHttpClient({ ...fast, cache: new MemoryHttpCache() });

      // Act
      await http.request({ url: `${peer.url}/doc`, conditional: true });
      const second = await http.request({ url: `${peer.url}/doc`, conditional: true });

      // Assess
      expect(second).toMatchObject({ fromCache: true, body: '{"n":1}' });
      expect(http.stats().total).toMatchObject({ requests: 2, notModified: 1 });
    });
    it('sends If-Modified-Since when the server gave only Last-Modified', async () => {
      // Prepare
      const stamp = 'Wed, 01 Jan 2025 00:00:00 GMT';
      const peer = await serve((req, res) => {
        if (req.headers['if-modified-since'] === stamp) {
          res.writeHead(304);
          res.end();
        } else sendJson(res, 200, { n: 2 }, { 'last-modified': stamp });
      });
      const http = new PoliteHttpClient({ ...fast, cache: new MemoryHttpCache() });

      // Act
      await http.request({ url: `${peer.url}/doc`, conditional: true });
      const second = await http.getJson({ url: `${peer.url}/doc`, conditional: true });

      // Assess
      expect(second.data).toEqual({ n: 2 });
      expect(second.response.fromCache).toBe(true);
    });

    it('decodes gzip bodies', async () => {
      // Prepare
      const peer = await serve((req, res) => {
        const zipped = gzipSync(JSON.stringify({ zipped: true }));
        expect(String(req.headers['accept-encoding'])).toContain('gzip');
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(zipped.length) });
        res.end(zipped);
      });
      const http = new PoliteHttpClient(fast);

      // Act
      const { data } = await http.getJson({ url: `${peer.url}/z` });

      // Assess
      expect(data).toEqual({ zipped: true });
    });

    it('keeps a body that is not JSON out of the cache, so the next request is unconditional', async () => {
      // Prepare
      const docs = { '/doc': '{"versions": [1, 2' };
      const peer = await serve(documents(docs));
      const cache = new RecordingCache();
      const http = new PoliteHttpClient({ ...fast, cache });

      // Act
      const failure = http.getJson({ url: `${peer.url}/doc`, conditional: true });
      await expect(failure).rejects.toBeInstanceOf(BadResponseError);
      docs['/doc'] = '{"versions": [1, 2]}';
      const second = await http.getJson({ url: `${peer.url}/doc`, conditional: true });

      // Assess
      expect(second.data).toEqual({ versions: [1, 2] });
      expect(peer.requests[1]?.headers['if-none-match']).toBeUndefined();
      expect(cache.puts.map((e) => e.body)).toEqual(['{"versions": [1, 2]}']);
    });

    it('keeps at most maxConcurrencyPerHost requests in flight to one host', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        setTimeout(() => sendJson(res, 200, {}), 30);
      });
      const http = new PoliteHttpClient({ ...fast, maxConcurrencyPerHost: 3 });

      // Act
      await Promise.all(Array.from({ length: 12 }, (_, i) => http.request({ url: `${peer.url}/p${i}` })));

      // Assess
      expect(peer.requests).toHaveLength(12);
      expect(peer.inFlight.peak).toBe(3);
    });

    it('stops waiting when the caller aborts', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        setTimeout(() => sendJson(res, 200, {}), 2_000);
      });
      const http = new PoliteHttpClient(fast);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('shutting down')), 50);

      // Act / Assess
      await expect(http.request({ url: `${peer.url}/slow`, signal: controller.signal })).rejects.toThrow('shutting down');
      expect(peer.requests).toHaveLength(1);
    });
  });

  describe('Method: getExtract', () => {
    it('keeps what the caller extracts instead of the body, and answers a 304 with it', async () => {
      // Prepare
      const peer = await serve(documents({ '/pkg': JSON.stringify({ readme: 'x'.repeat(5_000), versions: { '1.1.0': {}, '1.0.0': {} } }) }));
      const cache = new RecordingCache();
      const http = new PoliteHttpClient({ ...fast, cache });

      // Act
      const first = await http.getExtract({ url: `${peer.url}/pkg`, conditional: true }, versionList);
      const second = await http.getExtract({ url: `${peer.url}/pkg`, conditional: true }, versionList);

      // Assess
      expect(first).toEqual({ value: ['1.0.0', '1.1.0'], fromCache: false });
      expect(second).toEqual({ value: ['1.0.0', '1.1.0'], fromCache: true });
      expect(peer.requests[1]?.headers['if-none-match']).toMatch(/^"/);
      expect(cache.puts.map((e) => e.body)).toEqual(['1.0.0,1.1.0']);
      expect(cache.puts[0]?.headers).toBeUndefined();
      expect(http.stats().total).toMatchObject({ requests: 2, notModified: 1 });
    });

    it('does not read an extract of another format, or the body cached for the same URL', async () => {
      // Prepare
      const peer = await serve(documents({ '/pkg': '{"versions":{"1.0.0":{}}}' }));
      const http = new PoliteHttpClient({ ...fast, cache: new MemoryHttpCache() });
      await http.getJson({ url: `${peer.url}/pkg`, conditional: true });

      // Act
      const extracted = await http.getExtract({ url: `${peer.url}/pkg`, conditional: true }, versionList);
      const renamed = await http.getExtract({ url: `${peer.url}/pkg`, conditional: true }, { ...versionList, format: 'versions/2' });

      // Assess: each format made its own unconditional request.
      expect([extracted.fromCache, renamed.fromCache]).toEqual([false, false]);
      expect(peer.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, undefined, undefined]);
    });

    it('asks unconditionally when the stored value does not decode', async () => {
      // Prepare
      const peer = await serve(documents({ '/pkg': '{"versions":{"1.0.0":{}}}' }));
      const cache = new MemoryHttpCache();
      const http = new PoliteHttpClient({ ...fast, cache });
      await http.getExtract({ url: `${peer.url}/pkg`, conditional: true }, versionList);
      const corrupt = { ...versionList, decode: () => undefined };

      // Act
      const listing = await http.getExtract({ url: `${peer.url}/pkg`, conditional: true }, corrupt);

      // Assess
      expect(listing).toEqual({ value: ['1.0.0'], fromCache: false });
      expect(peer.requests[1]?.headers['if-none-match']).toBeUndefined();
    });

    it('caches nothing when the document is not JSON or the extract refuses it', async () => {
      // Prepare
      const docs: Record<string, string> = { '/cut': '{"versions": {"1.0.0": {', '/odd': '{"versions": 3}' };
      const peer = await serve(documents(docs));
      const cache = new RecordingCache();
      const http = new PoliteHttpClient({ ...fast, cache });

      // Act
      const cut = http.getExtract({ url: `${peer.url}/cut`, conditional: true }, versionList);
      const odd = http.getExtract({ url: `${peer.url}/odd`, conditional: true }, versionList);

      // Assess
      await expect(cut).rejects.toThrow(`${peer.url}/cut answered malformed JSON`);
      await expect(odd).rejects.toThrow('no "versions" object');
      expect(cache.puts).toEqual([]);
    });
  });

  describe('Method: cachedExtract', () => {
    it('reads the kept value without a request, and nothing for a request never made', async () => {
      // Prepare
      const peer = await serve(documents({ '/pkg': '{"versions":{"2.0.0":{}}}' }));
      const http = new PoliteHttpClient({ ...fast, cache: new MemoryHttpCache() });
      await http.getExtract({ url: `${peer.url}/pkg`, conditional: true }, versionList);

      // Act
      const kept = await http.cachedExtract({ url: `${peer.url}/pkg` }, versionList);
      const never = await http.cachedExtract({ url: `${peer.url}/other` }, versionList);

      // Assess
      expect(kept).toEqual(['2.0.0']);
      expect(never).toBeUndefined();
      expect(peer.requests).toHaveLength(1);
    });
  });
});
