import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyError, fetchTransport, nodeTransport, type HttpTransport, type TransportRequest } from '../../../../functions/adapters/sources/http-transport.js';
import { BadResponseError } from '../../../../functions/core/errors.js';
import { startFakeServer, type FakeHandler, type FakeHttpServer } from '../../../support/fake-http-server.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(handler: FakeHandler): Promise<FakeHttpServer> {
  const server = await startFakeServer(handler);
  servers.push(server);
  return server;
}

const get = (headers: Record<string, string> = {}): TransportRequest => ({ method: 'GET', headers, maxBodyBytes: 1_000_000 });

const TRANSPORTS: [string, HttpTransport][] = [['nodeTransport', nodeTransport], ['fetchTransport', fetchTransport]];

/** The message of an error and of its cause: fetch says "fetch failed" and keeps the reason in `cause`. */
const fullMessage = (error: unknown): string => (error instanceof Error ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ''}` : String(error));

describe.each(TRANSPORTS)('Function: %s', (_name, transport) => {
  describe('Aspect: redirects', () => {
    it('follows a chain of redirects and reports the URL that answered', async () => {
      // Prepare
      const peer = await serve((req, res) => {
        if (req.url === '/a') res.writeHead(301, { location: '/b' }).end();
        else if (req.url === '/b') res.writeHead(307, { location: `${peer.url}/c` }).end('moved');
        else res.writeHead(200, { 'content-type': 'text/plain' }).end(`at ${req.url ?? ''}`);
      });

      // Act
      const answer = await transport(`${peer.url}/a`, get());

      // Assess
      expect(answer).toMatchObject({ status: 200, url: `${peer.url}/c` });
      expect(answer.body.toString()).toBe('at /c');
      expect(peer.requests.map((r) => r.url)).toEqual(['/a', '/b', '/c']);
    });

    it('turns a POST into a GET without its body after a 303, and keeps the POST after a 307', async () => {
      // Prepare
      const peer = await serve((req, res) => {
        if (req.url === '/see-other') res.writeHead(303, { location: '/result' }).end();
        else if (req.url === '/temporary') res.writeHead(307, { location: '/result' }).end();
        else res.writeHead(200).end(`${req.method ?? ''} ${req.body}`);
      });
      const post: TransportRequest = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q":1}', maxBodyBytes: 1000 };

      // Act
      const seeOther = await transport(`${peer.url}/see-other`, post);
      const temporary = await transport(`${peer.url}/temporary`, post);

      // Assess
      expect(seeOther.body.toString()).toBe('GET ');
      expect(temporary.body.toString()).toBe('POST {"q":1}');
      expect(peer.requests[1]?.headers['content-type']).toBeUndefined();
      expect(peer.requests[0]?.headers['content-length']).toBe('7');
    });

    it('keeps credentials on the same origin and drops them when a redirect leaves it', async () => {
      // Prepare
      const elsewhere = await serve((_req, res) => void res.writeHead(200).end('blob'));
      const origin = await serve((req, res) => {
        if (req.url === '/same') res.writeHead(302, { location: '/other' }).end();
        else if (req.url === '/other') res.writeHead(302, { location: `${elsewhere.url}/blob` }).end();
      });

      // Act
      const answer = await transport(`${origin.url}/same`, get({ authorization: 'Bearer secret', accept: 'application/json' }));

      // Assess
      expect(answer.body.toString()).toBe('blob');
      expect(origin.requests.map((r) => r.headers.authorization)).toEqual(['Bearer secret', 'Bearer secret']);
      expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
      expect(elsewhere.requests[0]?.headers.accept).toBe('application/json');
    });

    it('gives up after 20 redirects', async () => {
      // Prepare
      const peer = await serve((req, res) => void res.writeHead(302, { location: `/${String(Number(req.url?.slice(1)) + 1)}` }).end());

      // Act
      const failure = transport(`${peer.url}/0`, get());

      // Assess
      await expect(failure.catch(fullMessage)).resolves.toMatch(/redirect/);
      expect(peer.requests).toHaveLength(21);
    });
  });

  describe('Aspect: content encodings', () => {
    const text = JSON.stringify({ versions: Array.from({ length: 200 }, (_, i) => `1.0.${i}`) });
    const encodings: [string, (data: Buffer) => Buffer][] = [
      ['gzip', (data) => gzipSync(data)],
      ['deflate', (data) => deflateSync(data)],
      ['br', (data) => brotliCompressSync(data)],
    ];

    it.each(encodings)('decodes %s', async (encoding, encode) => {
      // Prepare
      const body = encode(Buffer.from(text));
      const peer = await serve((_req, res) => void res.writeHead(200, { 'content-encoding': encoding, 'content-length': String(body.length) }).end(body));

      // Act
      const answer = await transport(peer.url, get());

      // Assess
      expect(answer.body.toString()).toBe(text);
    });

    it('decodes "deflate" sent without the zlib wrapper, as some servers do', async () => {
      // Prepare
      const peer = await serve((_req, res) => void res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync(Buffer.from(text))));

      // Act
      const answer = await transport(peer.url, get());

      // Assess
      expect(answer.body.toString()).toBe(text);
    });

    it('decodes a large body in the thread pool and two encodings in the order they were applied', async () => {
      // Prepare: over the 256 KB that are decoded at once on the event loop.
      const large = Buffer.from(randomBytes(400_000).toString('base64'));
      const body = gzipSync(brotliCompressSync(large, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }), { level: 1 });
      const peer = await serve((_req, res) => void res.writeHead(200, { 'content-encoding': 'br, gzip' }).end(body));

      // Act
      const answer = await transport(peer.url, { ...get(), maxBodyBytes: 10_000_000 });

      // Assess
      expect(body.length).toBeGreaterThan(256 * 1024);
      expect(answer.body.equals(large)).toBe(true);
    });

    it('passes an encoding it does not know through undecoded, as fetch does', async () => {
      // Prepare
      const peer = await serve((_req, res) => void res.writeHead(200, { 'content-encoding': 'x-custom' }).end('as sent'));

      // Act
      const answer = await transport(peer.url, get());

      // Assess
      expect(answer.body.toString()).toBe('as sent');
    });

    it('refuses a body that decodes past the limit (a compression bomb) without decoding it all', async () => {
      // Prepare: 50 MB of zeros is about 50 KB gzipped.
      const bomb = gzipSync(Buffer.alloc(50_000_000));
      const peer = await serve((_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));

      // Act
      const failure = transport(peer.url, { ...get(), maxBodyBytes: 1000 });

      // Assess
      await expect(failure).rejects.toThrow(BadResponseError);
      await expect(failure).rejects.toThrow(/more than the 1000-byte limit/);
    });
  });

  describe('Aspect: bodies', () => {
    it('refuses a declared length over the limit before reading, and a streamed one once it passes the limit', async () => {
      // Prepare
      const peer = await serve((req, res) => {
        if (req.url === '/declared') res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
        else res.writeHead(200).end('y'.repeat(5000));
      });

      // Act
      const declared = transport(`${peer.url}/declared`, { ...get(), maxBodyBytes: 1000 });
      const streamed = transport(`${peer.url}/streamed`, { ...get(), maxBodyBytes: 1000 });

      // Assess
      await expect(declared).rejects.toThrow(`${peer.url}/declared answered 5000 bytes, more than the 1000-byte limit`);
      await expect(streamed).rejects.toThrow(`${peer.url}/streamed answered more than the 1000-byte limit`);
    });

    it('reports a connection closed in the middle of the body as a body error', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('x'.repeat(300), () => res.destroy());
      });

      // Act
      const failure = transport(peer.url, get());

      // Assess
      await expect(failure).rejects.toThrow(BodyError);
      await expect(failure).rejects.toMatchObject({ bytesRead: 300 });
    });

    it('stops reading when aborted in the middle of the body', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        res.writeHead(200);
        res.write('first part');
      });
      const controller = new AbortController();

      // Act
      const failure = transport(peer.url, { ...get(), signal: controller.signal });
      setTimeout(() => controller.abort(), 50);

      // Assess
      await expect(failure).rejects.toThrow(BodyError);
    });

    it('answers a HEAD with its headers and no body', async () => {
      // Prepare
      const peer = await serve((_req, res) => void res.writeHead(200, { 'content-length': '1234', 'docker-content-digest': 'sha256:abc' }).end());

      // Act
      const answer = await transport(peer.url, { ...get(), method: 'HEAD' });

      // Assess
      expect(answer.body).toHaveLength(0);
      expect(answer.headers.get('docker-content-digest')).toBe('sha256:abc');
      expect(answer.headers.get('content-length')).toBe('1234');
      // A length over the limit is no body to refuse.
      await expect(transport(peer.url, { ...get(), method: 'HEAD', maxBodyBytes: 100 })).resolves.toMatchObject({ status: 200 });
    });

    it('keeps every value of a repeated header', async () => {
      // Prepare
      const peer = await serve((_req, res) => {
        res.setHeader('link', ['<a>; rel="next"', '<b>; rel="last"']);
        res.writeHead(200, 'Fine').end();
      });

      // Act
      const answer = await transport(peer.url, get());

      // Assess
      expect(answer.headers.get('link')).toBe('<a>; rel="next", <b>; rel="last"');
      expect(answer.statusText).toBe('Fine');
    });
  });

  describe('Aspect: connections', () => {
    it('verifies TLS certificates: a self-signed one is refused', async () => {
      // Prepare
      const dir = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'tls');
      const server = createServer({ key: readFileSync(join(dir, 'self-signed.key')), cert: readFileSync(join(dir, 'self-signed.crt')) }, (_req, res) => res.end('secret'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });

      // Act
      const failure = transport(`https://127.0.0.1:${String((server.address() as AddressInfo).port)}/`, get());

      // Assess
      await expect(failure.catch(fullMessage)).resolves.toMatch(/self[- ]signed certificate/);
    });

    it('refuses a protocol other than http and https', async () => {
      // Act
      const failure = transport('ftp://example.com/pkg', get());

      // Assess
      await expect(failure.catch(fullMessage)).resolves.toMatch(/unsupported protocol ftp:|unknown scheme/);
    });
  });
});

describe('Function: nodeTransport', () => {
  it('reports a corrupt or cut gzip body as a body error with the bytes read (fetch passes on what decoded)', async () => {
    // Prepare
    const text = JSON.stringify({ versions: Array.from({ length: 200 }, (_, i) => `1.0.${i}`) });
    const cut = gzipSync(Buffer.from(text)).subarray(0, 40);
    const peer = await serve((_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(cut));

    // Act
    const failure = nodeTransport(peer.url, get());

    // Assess
    await expect(failure).rejects.toThrow(BodyError);
    await expect(failure).rejects.toMatchObject({ bytesRead: 40 });
  });
});
