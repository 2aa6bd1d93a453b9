import { BadResponseError } from '../../core/errors.js';
import type { HttpRequest, HttpResponse, PoliteHttpClient } from './http-client.js';
import { expectObject, str } from './json-shape.js';
import { parseChallenge } from './oci-reference.js';

/** Who is asking: the `user:password` (or token) from the source's secret, if any. */
export interface OciCredentials {
  readonly secretName?: string;
  /** `user:password`; a value without `:` is used as the password of user `<token>`. */
  readonly value?: string;
}

/**
 * The registry auth handshake of the distribution spec (https://distribution.github.io/distribution/spec/auth/token/):
 * try anonymously (or with a remembered token); on `401` with `WWW-Authenticate: Bearer realm=…,
 * service=…,scope=…` get a token from the realm (with Basic credentials when configured) and
 * try once more; on a `Basic` challenge send the credentials. Tokens are remembered per
 * registry and scope until shortly before they expire.
 */
export class OciAuthenticator {
  readonly #tokens = new Map<string, { readonly token: string; readonly expiresAt: number }>();

  public constructor(private readonly http: PoliteHttpClient, private readonly now: () => number = Date.now) {}

  /** Sends `request`, doing the handshake when the registry asks for it. */
  public async send(request: HttpRequest, scope: string, credentials: OciCredentials): Promise<HttpResponse> {
    const host = new URL(request.url).host;
    // Tokens carry the identity that asked for them: never reuse one across credentials.
    const key = `${host} ${scope} ${credentials.secretName ?? '(anonymous)'}`;
    const remembered = this.#tokens.get(key);
    const first = await this.http.request({
      ...request,
      passStatuses: [401],
      headers: { ...request.headers, ...(remembered !== undefined && remembered.expiresAt > this.now() ? { authorization: `Bearer ${remembered.token}` } : {}) },
    });
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers.get('www-authenticate'));
    let authorization: string;
    if (challenge?.scheme === 'bearer' && challenge.params.realm !== undefined) {
      const token = await this.#token(challenge.params, scope, credentials, request.signal);
      this.#tokens.set(key, token);
      authorization = `Bearer ${token.token}`;
    } else if (challenge?.scheme === 'basic' && credentials.value !== undefined) {
      authorization = basic(credentials.value);
    } else {
      // No way to authenticate: let the client turn the 401 into its "check the secret" error.
      return this.http.request({ ...request, secretName: credentials.secretName });
    }
    return this.http.request({ ...request, secretName: credentials.secretName, headers: { ...request.headers, authorization } });
  }

  async #token(params: Readonly<Record<string, string>>, scope: string, credentials: OciCredentials, signal?: AbortSignal) {
    const url = new URL(params.realm ?? '');
    if (params.service !== undefined) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? scope);
    const { data } = await this.http.getJson({
      url: url.toString(),
      signal,
      secretName: credentials.secretName,
      headers: { accept: 'application/json', ...(credentials.value === undefined ? {} : { authorization: basic(credentials.value) }) },
    });
    const answer = expectObject(data, url.toString(), 'the token answer');
    const token = str(answer.token) ?? str(answer.access_token);
    if (token === undefined) throw new BadResponseError(`${url.origin}${url.pathname} answered no "token" or "access_token"`, { context: { url: url.toString() } });
    // The spec's default lifetime is 60 s; renew 10 s early so a token never expires in flight.
    const lifetime = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : 60;
    return { token, expiresAt: this.now() + Math.max(0, lifetime - 10) * 1000 };
  }
}

function basic(value: string): string {
  const pair = value.includes(':') ? value : `<token>:${value}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}
