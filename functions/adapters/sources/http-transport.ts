import { Agent as HttpAgent, type IncomingMessage, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompress, brotliDecompressSync, gunzip, gunzipSync, inflate, inflateRaw, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { BadResponseError } from '../../core/errors.js';

/** One request as the transport sends it. */
export interface TransportRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** Aborts the exchange, before or during the body. */
  readonly signal?: AbortSignal | undefined;
  /** The decoded body may not be longer: a longer one is refused with a `BadResponseError`. */
  readonly maxBodyBytes: number;
}

/** One answer, its body read whole and decoded (`Content-Encoding` gzip, deflate or br). */
export interface TransportResponse {
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

/**
 * Sends one request and reads its answer. Throws a `BadResponseError` for a body over the
 * limit, a {@link BodyError} when the answer began but its body could not be read or
 * decoded, and anything else (connection refused, reset, DNS, abort) when no answer came.
 */
export type HttpTransport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

/** The answer began but its body could not be read whole, or did not decode. */
export class BodyError extends Error {
  public override readonly name = 'BodyError';

  public constructor(message: string, public readonly bytesRead: number, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A body over the limit, as both transports refuse it: by its declared length before reading,
 * or once what was read (`bytesRead`, which the client counts) passed the limit.
 */
function overLimit(url: string, limit: number, { declared, bytesRead }: { readonly declared?: number; readonly bytesRead?: number }): BadResponseError {
  const what = declared === undefined ? 'more than' : `${declared} bytes, more than`;
  return new BadResponseError(`${url} answered ${what} the ${limit}-byte limit`, { context: { url, ...(bytesRead === undefined ? {} : { bytesRead }) } });
}

/** Redirects followed before a request fails, as fetch does. */
const MAX_REDIRECTS = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Bodies up to this size are decoded at once on the event loop; bigger ones in the thread pool. */
const SYNC_DECODE_MAX_BYTES = 256 * 1024;
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Kept-alive connections, shared by every client in the process (idle ones do not hold it
 * open). An idle one is closed after 4 s, before the common 5 s server timeout, so that a
 * request seldom goes out on a connection the server has just closed (a reset costs a retry).
 */
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 } as const;
const agents = { 'http:': new HttpAgent(KEEP_ALIVE), 'https:': new HttpsAgent(KEEP_ALIVE) } as const;

/**
 * The transport every version source's HTTP client uses: Node's `http`/`https` with
 * kept-alive connections, following redirects as fetch does (303, and 301/302 after a POST,
 * become a GET; credentials are dropped when the origin changes), and decoding the body in one
 * call. Chosen over `fetch` for its cost: a detection pass makes one request per component,
 * and fetch's streams took about twice the CPU per request (issue 4's detection benchmark).
 *
 * @example
 * ```ts
 * const answer = await nodeTransport('https://registry.npmjs.org/left-pad', { method: 'GET', headers: {}, maxBodyBytes: 1 << 20 });
 * ```
 */
export const nodeTransport: HttpTransport = async (url, request) => {
  let target = new URL(url);
  let { method, headers, body } = request;
  for (let redirects = 0; ; redirects += 1) {
    const response = await exchange(target, method, headers, body, request.signal);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return await readAnswer(target, response, method, request.maxBodyBytes);
    response.resume();
    if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, target);
    if (response.statusCode === 303 ? method !== 'HEAD' : (response.statusCode === 301 || response.statusCode === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
    }
    if (next.origin !== target.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())));
    target = next;
  }
};

/** Sends the request; resolves with the response once its head has arrived. */
function exchange(url: URL, method: string, headers: Readonly<Record<string, string>>, body: string | undefined, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  const agent = url.protocol === 'https:' ? agents['https:'] : url.protocol === 'http:' ? agents['http:'] : undefined;
  if (agent === undefined) return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
  const options: RequestOptions = {
    method, agent, signal,
    headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
  };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, resolve);
    req.once('error', reject);
    req.end(body);
  });
}

/** Reads the body whole (within the limit) and decodes it. */
async function readAnswer(url: URL, response: IncomingMessage, method: string, limit: number): Promise<TransportResponse> {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const encoding = headers.get('content-encoding');
  const declared = Number(headers.get('content-length') ?? Number.NaN);
  if (encoding === null && declared > limit && method !== 'HEAD') {
    response.destroy();
    throw overLimit(url.href, limit, { declared });
  }
  const bytes = await readBody(url, response, limit);
  const decoded = method === 'HEAD' || bytes.length === 0 ? bytes : await decode(url, bytes, encoding, limit);
  return { url: url.href, status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers, body: decoded };
}

function readBody(url: URL, response: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      response.destroy();
      reject(error);
    };
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(overLimit(url.href, limit, { bytesRead: size }));
      else chunks.push(chunk);
    });
    response.once('end', () => {
      settled = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    response.once('error', (error) => fail(new BodyError(error.message, size, { cause: error })));
    // A connection closed mid-body ends without 'end' (and, on some Node versions, without 'error').
    response.once('close', () => fail(new BodyError(`the connection closed after ${size} bytes`, size)));
  });
}

type Decoder = readonly [sync: (data: Buffer, options: ZlibOptions) => Buffer, async: (data: Buffer, options: ZlibOptions, done: (error: Error | null, out: Buffer) => void) => void];

const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: [gunzipSync, gunzip],
  'x-gzip': [gunzipSync, gunzip],
  deflate: [inflateSync, inflate],
  br: [brotliDecompressSync, brotliDecompress],
};
/** "deflate" as some servers send it: without the zlib wrapper. */
const RAW_DEFLATE: Decoder = [inflateRawSync, inflateRaw];

/** Undoes `Content-Encoding` (last applied first); an encoding it does not know passes through as fetch does. */
async function decode(url: URL, bytes: Buffer, encoding: string | null, limit: number): Promise<Buffer> {
  if (encoding === null) return bytes;
  let data = bytes;
  for (const name of encoding.split(',').map((e) => e.trim().toLowerCase()).filter((e) => e !== '' && e !== 'identity').reverse()) {
    const decoder = DECODERS[name];
    if (decoder === undefined) return data;
    try {
      data = await run(decoder, data, limit);
    } catch (error) {
      if (name !== 'deflate' || isTooLarge(error)) throw decodeFailure(url, bytes.length, limit, error);
      try {
        data = await run(RAW_DEFLATE, data, limit);
      } catch (rawError) {
        throw decodeFailure(url, bytes.length, limit, rawError);
      }
    }
  }
  return data;
}

function run([sync, async]: Decoder, data: Buffer, limit: number): Promise<Buffer> | Buffer {
  const options = { maxOutputLength: limit };
  if (data.length <= SYNC_DECODE_MAX_BYTES) return sync(data, options);
  return new Promise((resolve, reject) => async(data, options, (error, out) => (error === null ? resolve(out) : reject(error))));
}

function isTooLarge(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_BUFFER_TOO_LARGE';
}

function decodeFailure(url: URL, bytesRead: number, limit: number, error: unknown): Error {
  if (isTooLarge(error)) return overLimit(url.href, limit, {});
  return new BodyError(error instanceof Error ? error.message : String(error), bytesRead, { cause: error });
}

/**
 * The same contract over `fetch` (undici): for clients that make a few requests, where fetch's
 * CPU per request does not matter and its code is already in Node (the CI providers' APIs, so
 * their functions need not bundle {@link nodeTransport}). fetch follows redirects and decodes
 * bodies itself; this reads the body within the limit and reports failures as the contract says,
 * but for one: undici hands on what a gzip body cut short decoded to (its parse then fails).
 *
 * @example
 * ```ts
 * const http = new HttpExchange({ transport: fetchTransport });
 * ```
 */
export const fetchTransport: HttpTransport = async (url, request) => {
  const { method, headers, body, signal, maxBodyBytes: limit } = request;
  const response = await fetch(url, { method, headers, body, signal, redirect: 'follow' });
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (response.headers.get('content-encoding') === null && declared > limit && method !== 'HEAD') {
    await response.body?.cancel().catch(() => undefined);
    throw overLimit(url, limit, { declared });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limit) throw overLimit(url, limit, { bytesRead: size });
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BadResponseError) throw error;
    throw new BodyError(describeCause(error), size, { cause: error });
  }
  return { url: response.url || url, status: response.status, statusText: response.statusText, headers: response.headers, body: Buffer.concat(chunks, size) };
};

/** The most useful line of a transport error, with the socket error a wrapper (undici) may hide in `cause`. */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

