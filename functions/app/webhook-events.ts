import type { WebhookProvider } from '../core/config/webhook-schema.js';
import type { SourceConfig } from '../core/config/source-schema.js';
import { ValidationError } from '../core/errors.js';

/**
 * What a verified webhook delivery is about, read from the provider's documented payload. The
 * tag or version is kept only to describe the event: detection re-reads the source and never
 * trusts it.
 */
export type WebhookSubject =
  | { readonly kind: 'repository'; readonly repository: string; readonly tag: string }
  | { readonly kind: 'package'; readonly package: string; readonly version?: string }
  | { readonly kind: 'image'; readonly registry?: string; readonly repository: string; readonly tag: string };

/** The subjects of a delivery, or why it concerns no version at all (a ping, a branch push). */
export type WebhookEvent = { readonly subjects: readonly WebhookSubject[] } | { readonly ignored: string };

type Json = Record<string, unknown>;

const DOCKER_HUB = 'registry-1.docker.io';

/** The value at a dotted path of a JSON object, when it is a non-empty string. */
function text(value: unknown, path: string): string | undefined {
  let at: unknown = value;
  for (const key of path.split('.')) at = typeof at === 'object' && at !== null && !Array.isArray(at) ? (at as Json)[key] : undefined;
  return typeof at === 'string' && at !== '' ? at : undefined;
}

/** A field the provider always sends for this event; its absence makes the payload malformed. */
function required(value: unknown, path: string, event: string): string {
  const found = text(value, path);
  if (found === undefined) throw new ValidationError(`${event} payload has no ${path}`, [{ path, value: 'missing', message: `must be a non-empty string in a ${event} payload` }]);
  return found;
}

// "released" also fires when a prerelease is promoted, which a component without prereleases waits for.
const GITHUB_RELEASE_ACTIONS = new Set(['published', 'prereleased', 'released']);
// Every event that can change which versions exist or are recommended; stars and owners cannot.
const NPM_EVENTS = new Set(['package:publish', 'package:change', 'package:dist-tag', 'package:unpublish']);

function githubEvent(type: string | undefined, body: unknown): WebhookEvent {
  switch (type) {
    case undefined:
      throw new ValidationError('X-GitHub-Event header is missing: GitHub sends it with every delivery', [{ path: 'x-github-event', value: 'missing', message: 'must name the event' }]);
    case 'ping':
      return { ignored: 'ping: the webhook is set up' };
    case 'release': {
      const action = text(body, 'action') ?? '(none)';
      if (!GITHUB_RELEASE_ACTIONS.has(action)) return { ignored: `release ${action} announces no new version` };
      return { subjects: [{ kind: 'repository', repository: required(body, 'repository.full_name', 'release'), tag: required(body, 'release.tag_name', 'release') }] };
    }
    case 'create': {
      if (text(body, 'ref_type') !== 'tag') return { ignored: `create of a ${text(body, 'ref_type') ?? 'ref'}, not a tag` };
      return { subjects: [{ kind: 'repository', repository: required(body, 'repository.full_name', 'create'), tag: required(body, 'ref', 'create') }] };
    }
    case 'push': {
      const ref = required(body, 'ref', 'push');
      if (!ref.startsWith('refs/tags/')) return { ignored: `push to ${ref}, not a tag` };
      if ((body as Json).deleted === true) return { ignored: `push deleting ${ref}` };
      return { subjects: [{ kind: 'repository', repository: required(body, 'repository.full_name', 'push'), tag: ref.slice('refs/tags/'.length) }] };
    }
    default:
      return { ignored: `GitHub event ${type} is not one Upkeep acts on (release, create, push)` };
  }
}

function npmEvent(body: unknown): WebhookEvent {
  const event = required(body, 'event', 'npm hook');
  if (!NPM_EVENTS.has(event)) return { ignored: `npm event ${event} changes no version` };
  const version = text(body, 'change.version');
  return { subjects: [{ kind: 'package', package: required(body, 'name', 'npm hook'), ...(version !== undefined ? { version } : {}) }] };
}

function distributionEvent(body: unknown): WebhookEvent {
  const events = (body as Json).events;
  if (!Array.isArray(events)) throw new ValidationError('registry notification has no events list', [{ path: 'events', value: 'missing', message: 'must be a list of events' }]);
  // Blob pushes and pushes by digest carry no tag: only a tagged manifest is a new version.
  const subjects = events
    .filter((e) => text(e, 'action') === 'push' && text(e, 'target.tag') !== undefined && text(e, 'target.repository') !== undefined)
    .map((e): WebhookSubject => {
      const registry = text(e, 'request.host');
      return { kind: 'image', repository: text(e, 'target.repository') as string, tag: text(e, 'target.tag') as string, ...(registry !== undefined ? { registry } : {}) };
    });
  return subjects.length > 0 ? { subjects } : { ignored: `none of the ${events.length} event(s) is a tag push` };
}

function dockerhubEvent(body: unknown): WebhookEvent {
  return { subjects: [{ kind: 'image', registry: DOCKER_HUB, repository: required(body, 'repository.repo_name', 'Docker Hub'), tag: required(body, 'push_data.tag', 'Docker Hub') }] };
}

/**
 * Reads a verified delivery's JSON body. GitHub may post `application/x-www-form-urlencoded`
 * with the JSON in `payload`. Malformed JSON or a payload missing what its provider always
 * sends is a `ValidationError` that says what is wrong.
 */
export function parseWebhookEvent(provider: WebhookProvider, headers: Readonly<Record<string, string>>, rawBody: string): WebhookEvent {
  const form = provider === 'github' && (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const json = form ? new URLSearchParams(rawBody).get('payload') ?? '' : rawBody;
  let body: unknown;
  try {
    body = JSON.parse(json) as unknown;
  } catch (error) {
    throw new ValidationError(`webhook body must be JSON: ${(error as Error).message}`, [{ path: '(body)', value: json.slice(0, 40), message: 'must be valid JSON' }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('webhook body must be a JSON object', [{ path: '(body)', value: json.slice(0, 40), message: 'must be a JSON object' }]);
  }
  switch (provider) {
    // The HTTP edge turns an absent header into '': both mean GitHub did not name the event.
    case 'github': return githubEvent(headers['x-github-event'] === '' ? undefined : headers['x-github-event'], body);
    case 'npm': return npmEvent(body);
    case 'distribution': return distributionEvent(body);
    case 'dockerhub': return dockerhubEvent(body);
  }
}

/** `host` and `path` of an image as the Docker CLI reads it (Docker Hub aliases folded, `library/` added). */
function imageParts(registry: string | undefined, path: string): { registry: string | undefined; repository: string } {
  let host = registry?.toLowerCase();
  if (host === 'docker.io' || host === 'index.docker.io') host = DOCKER_HUB;
  return { registry: host, repository: host === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path };
}

function splitImage(image: string): { registry: string | undefined; repository: string } {
  const [first = '', ...rest] = image.split('/');
  const hasHost = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return imageParts(hasHost ? first : DOCKER_HUB, hasHost ? rest.join('/') : image);
}

/** A git URL without scheme noise, for comparing its last two path segments with `owner/repo`. */
function gitPath(url: string): string {
  return url.toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '');
}

/**
 * True when a component's source is where `subject` happened: a GitHub repository is a
 * `github-release` source or a git URL ending in `/owner/repo` (or `:owner/repo`); a package an
 * npm source; an image an OCI source with the same repository, and the same registry when the
 * delivery names one.
 */
export function sourceMatches(source: SourceConfig, subject: WebhookSubject): boolean {
  switch (subject.kind) {
    case 'repository': {
      const repo = subject.repository.toLowerCase();
      if (source.type === 'github-release') return source.repository.toLowerCase() === repo;
      if (source.type !== 'git') return false;
      const path = gitPath(source.url);
      return path.endsWith(`/${repo}`) || path.endsWith(`:${repo}`);
    }
    case 'package':
      return source.type === 'npm' && source.package === subject.package;
    case 'image': {
      if (source.type !== 'oci') return false;
      const watched = splitImage(source.image);
      const pushed = imageParts(subject.registry ?? watched.registry, subject.repository);
      return watched.registry === pushed.registry && watched.repository === pushed.repository;
    }
  }
}

/** One line for a subject: `acme/api v1.5.0`, `npm left-pad 1.3.0`, `ghcr.io/acme/api:1.5.0`. */
export function describeSubject(subject: WebhookSubject): string {
  switch (subject.kind) {
    case 'repository': return `${subject.repository} ${subject.tag}`;
    case 'package': return `npm ${subject.package}${subject.version !== undefined ? ` ${subject.version}` : ''}`;
    case 'image': return `${subject.registry !== undefined ? `${subject.registry}/` : ''}${subject.repository}:${subject.tag}`;
  }
}
