import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard's files (`web/` at the repository root), served at `/` in local mode. */
export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** Only these kinds are served; anything else under the root is not a dashboard file. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The dashboard's scripts and styles come from this origin only; the API it calls is this
 * origin too. No framing, no inline script: a token in `sessionStorage` is worth protecting.
 */
const HEADERS = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/** The file a request path names under `root`, or undefined when it is outside it, hidden or not servable. */
export function staticPath(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (path.endsWith('/')) path += 'index.html';
  // Dot-files and `..` segments are never served, whatever they resolve to.
  if (path.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const file = resolve(root, `.${path}`);
  if (!file.startsWith(root + sep)) return undefined;
  return CONTENT_TYPES[extname(file)] === undefined ? undefined : file;
}

/**
 * A `fallback` for the local HTTP server (`startLocalHttpServer`): serves the files under
 * `root` for GET and HEAD, `index.html` at `/`, with their content types; answers false (so the
 * server says 404) for anything else. `/workflows/<id>` (the link in outcome e-mails) redirects to
 * that workflow's page.
 *
 * @example
 * ```ts
 * await startLocalHttpServer({ tokens, fallback: staticFiles(WEB_ROOT) });
 * ```
 */
export function staticFiles(root: string = WEB_ROOT): (request: IncomingMessage, response: ServerResponse) => boolean {
  const base = resolve(root);
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    // Outcome e-mails link to `<api>/workflows/<id>`: that workflow's page in the dashboard.
    const workflow = /^\/workflows\/([A-Za-z0-9_-]+)$/.exec(path)?.[1];
    if (workflow !== undefined) {
      response.writeHead(302, { ...HEADERS, location: `/#/workflows/${workflow}` });
      response.end();
      return true;
    }
    const file = staticPath(base, path);
    if (file === undefined) return false;
    let body: Buffer;
    try {
      if (!statSync(file).isFile()) return false;
      body = readFileSync(file);
    } catch {
      return false;
    }
    response.writeHead(200, { ...HEADERS, 'content-type': CONTENT_TYPES[extname(file)] as string, 'content-length': String(body.length) });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };
}

