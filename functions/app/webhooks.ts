import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_PROVIDERS, type WebhookProvider } from '../core/config/rules.js';
import type { WebhooksConfig } from '../core/config/webhook-schema.js';
import { NotFoundError, UnauthorizedError, UpkeepError } from '../core/errors.js';
import type { ComponentRecord } from '../ports/component-store.js';
import type { AppDeps } from './app-deps.js';
import type { DetectionResult } from './detect-updates.js';
import { describeSubject, parseWebhookEvent, sourceMatches } from './webhook-events.js';
import { collectPages } from './collect-pages.js';

/** A webhook delivery as the HTTP edge hands it over. */
export interface WebhookRequest {
  /** The route's `{provider}`: `github`, `npm`, `distribution` or `dockerhub`. */
  readonly provider: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received: the signatures cover these bytes, not a re-serialisation. */
  readonly rawBody: string;
  readonly query: Readonly<Record<string, string>>;
}

/**
 * What a delivery led to: the components whose sources it concerns and their detection
 * results, or (with nothing matched) why it was ignored.
 */
export type WebhookOutcome =
  | { readonly matched: readonly string[]; readonly event: string; readonly results: readonly DetectionResult[] }
  | { readonly matched: readonly []; readonly ignored: string };

function secretName(webhooks: WebhooksConfig | undefined, provider: WebhookProvider): string | undefined {
  const entry = webhooks?.[provider];
  if (entry === undefined) return undefined;
  return 'secret' in entry ? entry.secret : entry.tokenSecret;
}

// A missing or unreadable secret is the operator's mistake, not the caller's: a plain
// UpkeepError becomes a logged 500, so the caller learns neither the name nor where it is kept.
async function readSecret(deps: AppDeps, provider: WebhookProvider, name: string): Promise<string> {
  if (deps.secrets === undefined) throw new UpkeepError(`the runtime provides no Secrets port, so the ${provider} webhook cannot be verified`);
  let value: string;
  try {
    value = await deps.secrets.get(name);
  } catch (error) {
    throw new UpkeepError(`the ${provider} webhook secret "${name}" could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // An empty HMAC key or token would be known to everyone.
  if (value === '') throw new UpkeepError(`the ${provider} webhook secret "${name}" is empty`);
  return value;
}

/** Checks `sha256=<hex>`, an HMAC-SHA256 of the raw body keyed with the secret, in constant time. */
function checkHmac(header: string, presented: string | undefined, secret: string, rawBody: string): void {
  if (presented === undefined || presented === '') throw new UnauthorizedError(`${header} is missing: the sender signs each delivery with the shared secret`);
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(presented.trim())?.[1];
  if (hex === undefined) throw new UnauthorizedError(`${header} must be "sha256=" and 64 hex digits`);
  const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(hex, 'hex'))) {
    throw new UnauthorizedError(`${header} does not match the body: the sender's secret differs from the configured one, or the body was changed on the way`);
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Checks a presented token against the secret; comparing digests keeps even the length out of the timing. */
function checkToken(what: string, presented: string | undefined, secret: string): void {
  if (presented === undefined || presented === '') throw new UnauthorizedError(`${what} is missing`);
  if (!timingSafeEqual(digest(presented), digest(secret))) throw new UnauthorizedError(`${what} is not the configured token`);
}

function verify(provider: WebhookProvider, request: WebhookRequest, secret: string): void {
  switch (provider) {
    case 'github':
      return checkHmac('X-Hub-Signature-256', request.headers['x-hub-signature-256'], secret, request.rawBody);
    case 'npm':
      return checkHmac('x-npm-signature', request.headers['x-npm-signature'], secret, request.rawBody);
    case 'distribution':
      // The registry's endpoint config sends `Authorization: Bearer <token>` with every notification.
      return checkToken('the Authorization bearer token', /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1], secret);
    case 'dockerhub':
      // Docker Hub can neither sign nor add headers: the URL's token is all the proof there is.
      return checkToken('the token query parameter', request.query.token, secret);
  }
}

async function allComponents(deps: AppDeps): Promise<ComponentRecord[]> {
  return collectPages((page) => deps.components.list(page));
}

/**
 * A push notification from GitHub, npm, a CNCF distribution registry or Docker Hub: verified
 * with the secret `webhooks.<provider>` names (HMAC of the raw body, or a token compared in
 * constant time), read for the repository, package or image it concerns, and turned into the
 * same detection the schedule runs, for the matching components only (`deps.detector`: the
 * detect function in AWS). Nothing in the payload is trusted beyond "look at this now":
 * detection re-reads each source. Bad input changes nothing: an unknown provider is
 * `NotFoundError`, a missing or wrong signature `UnauthorizedError`, a malformed body
 * `ValidationError`; all are thrown before anything is read or started.
 *
 * @example
 * ```ts
 * const outcome = await receiveWebhook(deps, { provider: 'github', headers, rawBody, query: {} });
 * if ('ignored' in outcome) console.log(outcome.ignored); // "ping: the webhook is set up"
 * ```
 */
export async function receiveWebhook(deps: AppDeps, request: WebhookRequest): Promise<WebhookOutcome> {
  const provider = WEBHOOK_PROVIDERS.find((p) => p === request.provider);
  if (provider === undefined) throw new NotFoundError(`there is no webhook provider "${request.provider}"; use one of ${WEBHOOK_PROVIDERS.join(', ')}`);
  const name = secretName((await deps.config.get()).webhooks, provider);
  if (name === undefined) {
    throw new UnauthorizedError(`${provider} webhooks are not accepted: upkeep.yaml has no webhooks.${provider} naming the secret that verifies them`);
  }
  verify(provider, request, await readSecret(deps, provider, name));
  const event = parseWebhookEvent(provider, request.headers, request.rawBody);
  if ('ignored' in event) return { matched: [], ignored: event.ignored };
  const about = event.subjects.map(describeSubject).join(', ');
  const matched = (await allComponents(deps)).filter((c) => event.subjects.some((s) => sourceMatches(c.source, s))).map((c) => c.name);
  if (matched.length === 0) return { matched: [], ignored: `no watched component comes from ${about}` };
  return { matched, event: about, results: await deps.detector.check({ startWorkflows: true, only: matched }) };
}
