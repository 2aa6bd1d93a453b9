import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitSource } from '../../core/config/source-schema.js';
import { ValidationError } from '../../core/errors.js';
import type { ReleaseInfo } from '../../core/types.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { runGit, type GitRunner } from './git-runner.js';
import { mapLimit } from './map-limit.js';

/** Options of {@link GitTagSource}. */
export interface GitTagSourceOptions {
  /** @default runGit - the real `git` */
  readonly git?: GitRunner;
  /** @default 60_000 - for `git ls-remote` */
  readonly listTimeoutMs?: number;
  /** @default 300_000 - for the shallow fetch that signature verification needs */
  readonly fetchTimeoutMs?: number;
  /** Added to git's environment, e.g. `{ GNUPGHOME }` holding the keys tags must be signed with. */
  readonly env?: Readonly<Record<string, string>>;
  /** @default os.tmpdir() - where verification fetches into a throw-away bare repository */
  readonly workDir?: string;
}

interface RemoteTag {
  readonly tag: string;
  readonly version: string;
  /** The commit the tag points at (the peeled `^{}` id for annotated tags). */
  readonly commit: string;
}

/**
 * Versions from the tags of any git repository (`https://`, `ssh://`, `git://`, `file://`):
 * `git ls-remote --tags`, with annotated tags peeled (`^{}`) to their commit, whose id is the
 * checksum (`sha1:<id>`, or `sha256:` for SHA-256 repositories). `tagPattern` selects tags
 * and its first capture group is the version; without one the tag name is the version.
 *
 * With `verifySignatures`, the tags are fetched (shallow, into a throw-away bare repository)
 * and only those `git verify-tag` accepts are returned: lightweight and unsigned tags, and
 * tags signed by keys the runtime does not trust (GnuPG keyring of `GNUPGHOME`, or
 * `gpg.ssh.allowedSignersFile` for SSH signatures), are dropped. That fetch also yields the
 * tagger date (`releasedAt`) and tag message (`changelog`); plain listing has neither.
 *
 * @example
 * ```ts
 * const git = new GitTagSource();
 * await git.list({ type: 'git', url: 'https://github.com/org/app.git', tagPattern: '^v(\\d+\\.\\d+\\.\\d+)$', verifySignatures: false });
 * ```
 */
export class GitTagSource implements VersionSource<GitSource> {
  public readonly type = 'git' as const;
  readonly #git: GitRunner;

  public constructor(private readonly options: GitTagSourceOptions = {}) {
    this.#git = options.git ?? runGit;
  }

  public async list(source: GitSource, options: { readonly signal?: AbortSignal } = {}): Promise<SourceListing> {
    if (source.url.startsWith('-')) {
      throw new ValidationError(`git url must not start with "-", got ${JSON.stringify(source.url)}`);
    }
    const pattern = compile(source.tagPattern);
    const output = await this.#git(['ls-remote', '--tags', source.url], {
      timeoutMs: this.options.listTimeoutMs ?? 60_000, signal: options.signal, env: this.options.env,
    });
    const tags = parseLsRemote(output, pattern);
    if (!source.verifySignatures) {
      return { releases: tags.map((tag) => ({ version: tag.version, checksum: objectChecksum(tag.commit) })), fromCache: false };
    }
    return { releases: await this.#verified(source.url, tags, options.signal), fromCache: false };
  }

  async #verified(url: string, tags: readonly RemoteTag[], signal?: AbortSignal): Promise<ReleaseInfo[]> {
    if (tags.length === 0) return [];
    const dir = await mkdtemp(join(this.options.workDir ?? tmpdir(), 'upkeep-git-verify-'));
    const run = (args: readonly string[], timeoutMs = 60_000) => this.#git(args, { cwd: dir, timeoutMs, signal, env: this.options.env });
    try {
      await run(['init', '--quiet', '--bare', dir]);
      // Depth 1: verify-tag needs the tag objects, not history.
      await run(['fetch', '--quiet', '--no-tags', '--depth=1', '--', url, 'refs/tags/*:refs/tags/*'], this.options.fetchTimeoutMs ?? 300_000);
      const details = parseForEachRef(await run(['for-each-ref', 'refs/tags', `--format=${FOR_EACH_REF_FORMAT}`]));
      const checked = await mapLimit(tags, 8, async (tag): Promise<ReleaseInfo | undefined> => {
        const detail = details.get(tag.tag);
        // Only an annotated tag object can carry a signature; git refuses the rest anyway.
        if (detail?.type !== 'tag') return undefined;
        const verified = await run(['verify-tag', '--', `refs/tags/${tag.tag}`]).then(() => true, () => false);
        if (!verified) return undefined;
        return {
          version: tag.version,
          checksum: objectChecksum(tag.commit),
          ...(detail.date === '' ? {} : { releasedAt: new Date(detail.date).toISOString() }),
          ...(detail.message === '' ? {} : { changelog: detail.message }),
        };
      });
      return checked.filter((release): release is ReleaseInfo => release !== undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** Tags of `git ls-remote --tags` output matched by `pattern`, peeled to their commits. */
export function parseLsRemote(output: string, pattern: RegExp | undefined): RemoteTag[] {
  const direct = new Map<string, string>();
  const peeled = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([0-9a-f]{40,64})\s+refs\/tags\/(.+)$/.exec(line.trim());
    if (match === null) continue;
    const [, id = '', ref = ''] = match;
    if (ref.endsWith('^{}')) peeled.set(ref.slice(0, -3), id);
    else direct.set(ref, id);
  }
  const tags: RemoteTag[] = [];
  const versions = new Set<string>();
  for (const [tag, id] of direct) {
    const version = versionOf(tag, pattern);
    if (version === undefined || versions.has(version)) continue;
    versions.add(version);
    tags.push({ tag, version, commit: peeled.get(tag) ?? id });
  }
  return tags;
}

function versionOf(tag: string, pattern: RegExp | undefined): string | undefined {
  if (pattern === undefined) return tag;
  const match = pattern.exec(tag);
  if (match === null) return undefined;
  return match[1] ?? match[0];
}

function compile(tagPattern: string | undefined): RegExp | undefined {
  if (tagPattern === undefined) return undefined;
  try {
    return new RegExp(tagPattern);
  } catch (error) {
    throw new ValidationError(`tagPattern must be a regular expression, got ${JSON.stringify(tagPattern)}: ${(error as Error).message}`);
  }
}

function objectChecksum(id: string): string {
  return `${id.length === 64 ? 'sha256' : 'sha1'}:${id}`;
}

// Fields split by NUL, records by RS (%1e): tag messages may hold any other character.
const FOR_EACH_REF_FORMAT = '%(refname:strip=2)%00%(objecttype)%00%(creatordate:iso-strict)%00%(contents:subject)%00%(contents:body)%1e';

function parseForEachRef(output: string): Map<string, { type: string; date: string; message: string }> {
  const details = new Map<string, { type: string; date: string; message: string }>();
  for (const record of output.split('\x1e')) {
    const [name, type = '', date = '', subject = '', body = ''] = record.replace(/^\n/, '').split('\0');
    if (name === undefined || name === '') continue;
    details.set(name, { type, date, message: [subject, body.trim()].filter((part) => part !== '').join('\n\n') });
  }
  return details;
}
