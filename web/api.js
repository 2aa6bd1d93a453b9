// The API client: same origin, bearer token from sessionStorage.

const KEY = 'upkeep.token';
const BASE = '/api/self-update';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value.trim());
  else sessionStorage.removeItem(KEY);
}

/**
 * Takes a token from `#token=…` (the link `upkeep start` prints) into sessionStorage and
 * removes it from the address bar and history, so it is not bookmarked or shared by accident.
 */
export function adoptTokenFromUrl() {
  const match = /(?:^#|[#&])token=([^&]+)/.exec(location.hash);
  if (!match) return false;
  setToken(decodeURIComponent(match[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#/workflows`);
  return true;
}

/** Listeners told when the API refuses the token (the app shows the sign-in form). */
const unauthorized = new Set();
export function onUnauthorized(listener) {
  unauthorized.add(listener);
}

/** Calls the API; resolves to the parsed JSON, or throws an {@link ApiError}. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { accept: 'application/json' };
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path.startsWith('/api/') ? path : `${BASE}${path}`, {
    method, headers, signal, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { message: text.slice(0, 200) };
  }
  if (response.status === 401) for (const listener of unauthorized) listener();
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** Every page of a paginated listing, up to `max` items. */
export async function listAll(path, max = 500) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor && items.length < max);
  return items;
}
