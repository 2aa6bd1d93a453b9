import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NotFoundError, ValidationError } from '../../../functions/core/errors.js';
import { runGit, type GitRunner } from '../../../functions/adapters/sources/git-runner.js';
import { parseLsRemote } from '../../../functions/adapters/sources/git-source.js';
import { safeName } from './version-process.js';

/** Where a component's versions come from: a git source (`url`, optional `tagPattern`). */
export interface CheckoutSource {
  readonly type?: string;
  readonly url: string;
  /** Regex a tag must match; its first capture group (or the whole tag) is the version. */
  readonly tagPattern?: string;
}

/** Marks a checkout as complete, so a clone cut short is never taken for a good one. */
const COMPLETE = '.upkeep-checkout-complete';

/**
 * Checkouts of a component's versions, one directory per version, cloned once at the version's
 * tag and reused. A clone is made in a scratch directory and renamed into place when done.
 *
 * @example
 * ```ts
 * const cache = new CheckoutCache('.upkeep/deployer/checkouts');
 * const dir = await cache.checkout('api', { type: 'git', url: 'file:///srv/api.git', tagPattern: '^v(.+)$' }, '1.2.0');
 * ```
 */
export class CheckoutCache {
  readonly #inFlight = new Map<string, Promise<string>>();

  public constructor(
    private readonly root: string,
    private readonly git: GitRunner = runGit,
  ) {}

  /** The directory holding `version` of `component`, cloned if not there yet. */
  public checkout(component: string, source: CheckoutSource, version: string): Promise<string> {
    const dir = join(this.root, safeName(component), safeName(version));
    const pending = this.#inFlight.get(dir);
    if (pending !== undefined) return pending;
    const work = this.#checkout(component, source, version, dir).finally(() => this.#inFlight.delete(dir));
    this.#inFlight.set(dir, work);
    return work;
  }

  async #checkout(component: string, source: CheckoutSource, version: string, dir: string): Promise<string> {
    if (await exists(join(dir, COMPLETE))) return dir;
    if (source.type !== undefined && source.type !== 'git') {
      throw new ValidationError(`${component}: the local deployer checks versions out of a git source, got a ${source.type} source`);
    }
    if (source.url.startsWith('-')) throw new ValidationError(`git url must not start with "-", got ${JSON.stringify(source.url)}`);
    const tag = await this.#tagFor(component, source, version);
    await mkdir(dirname(dir), { recursive: true });
    const scratch = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
    try {
      await this.git(['-c', 'advice.detachedHead=false', 'clone', '--quiet', '--depth', '1', '--branch', tag, '--', source.url, scratch], { timeoutMs: 300_000 });
      await writeFile(join(scratch, COMPLETE), `${tag}\n`);
      await rm(dir, { recursive: true, force: true });
      await rename(scratch, dir);
      return dir;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** The tag that carries `version`: through `tagPattern`, else the tag itself or `v<version>`. */
  async #tagFor(component: string, source: CheckoutSource, version: string): Promise<string> {
    let pattern: RegExp | undefined;
    try {
      pattern = source.tagPattern === undefined ? undefined : new RegExp(source.tagPattern);
    } catch (error) {
      throw new ValidationError(`tagPattern must be a regular expression, got ${JSON.stringify(source.tagPattern)}`, [], { cause: error });
    }
    const tags = parseLsRemote(await this.git(['ls-remote', '--tags', '--', source.url], { timeoutMs: 60_000 }), pattern);
    const match = tags.find((tag) => tag.version === version)
      ?? (pattern === undefined ? tags.find((tag) => tag.tag === `v${version}`) : undefined);
    if (match === undefined) {
      throw new NotFoundError(`${component} ${version}: no tag for this version in ${source.url}`, { context: { component, version, url: source.url } });
    }
    return match.tag;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
