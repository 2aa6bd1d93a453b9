import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Answers one request; may be async. */
export type FakeHandler = (req: IncomingMessage & { readonly body: string }, res: ServerResponse) => void | Promise<void>;

/** A running local HTTP server on 127.0.0.1 (port 0) that records every request. */
export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: string;
  readonly requests: SeenRequest[];
  /** Requests in flight right now, and the most seen at once. */
  readonly inFlight: { now: number; peak: number };
  close(): Promise<void>;
}

/**
 * Starts a loopback HTTP server speaking whatever `handler` implements. Tests use it to play a
 * registry's documented protocol; nothing leaves the machine.
 */
export async function startFakeServer(handler: FakeHandler): Promise<FakeHttpServer> {
  const requests: SeenRequest[] = [];
  const inFlight = { now: 0, peak: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
      inFlight.now += 1;
      inFlight.peak = Math.max(inFlight.peak, inFlight.now);
      res.on('close', () => {
        inFlight.now -= 1;
      });
      Promise.resolve(handler(Object.assign(req, { body }), res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `value` as JSON with the given status and extra headers. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length), ...headers });
  res.end(body);
}

/**
 * Answers 304 when the request's `If-None-Match` carries `etag`, else 200 with `body` and the
 * ETag: the conditional-request half that every registry fake shares. The 304 carries only
 * the ETag, so clients must keep what else they need (such as `Link`) themselves.
 */
export function sendCacheable(req: IncomingMessage, res: ServerResponse, etag: string, body: string, headers: Record<string, string> = {}): void {
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag });
    res.end();
    return;
  }
  res.writeHead(200, { etag, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
