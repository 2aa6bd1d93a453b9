/**
 * The DOWNLOAD_SOURCE phase: a fresh clone of the component's git source with the candidate's
 * tag checked out, as CodeBuild checks out `sourceVersion`. The whole history and every tag come
 * along, so a buildspec can also build the current version (`git worktree add ../current
 * "$UPKEEP_CURRENT_TAG"`).
 */
import { parseLsRemote } from '../../../functions/adapters/sources/git-source.js';
import type { GitRunner } from '../../../functions/adapters/sources/git-runner.js';
import type { GitSource } from '../../../functions/core/config/source-schema.js';
import { BuildSetupError } from './errors.js';

/** What was checked out. */
export interface CheckoutResult {
  /** The candidate's tag. */
  readonly tag: string;
  /** The commit the tag points at (CodeBuild's `resolvedSourceVersion`). */
  readonly commit: string;
  /** The current version's tag, when the source has one. */
  readonly currentTag?: string;
}

/** How to check out. */
export interface CheckoutOptions {
  readonly git: GitRunner;
  readonly signal: AbortSignal;
  /** @default 300_000 */
  readonly timeoutMs?: number;
}

/**
 * Clones `source` into `dir` and checks out the tag whose version (per `tagPattern`) is
 * `candidate`. Throws `BuildSetupError` with a reason a person can act on: an unreachable
 * repository, an unknown version (listing the versions seen), a failed clone or checkout.
 *
 * @example
 * ```ts
 * await checkoutVersion({ type: 'git', url: '/repos/api.git', verifySignatures: false }, '1.1.0', '1.0.0', '/tmp/ws/src', { git: runGit, signal });
 * ```
 */
export async function checkoutVersion(source: GitSource, candidate: string, current: string, dir: string, options: CheckoutOptions): Promise<CheckoutResult> {
  if (source.url.startsWith('-')) throw new BuildSetupError(`checkout failed: git url must not start with "-", got ${JSON.stringify(source.url)}`);
  const timeoutMs = options.timeoutMs ?? 300_000;
  const git = (args: readonly string[], cwd?: string): Promise<string> =>
    options.git(args, { timeoutMs, signal: options.signal, ...(cwd === undefined ? {} : { cwd }) }).catch((error: unknown) => {
      if (options.signal.aborted) throw error;
      throw new BuildSetupError(`checkout failed: ${(error as Error).message}`, { cause: error });
    });
  let pattern: RegExp | undefined;
  try {
    pattern = source.tagPattern === undefined ? undefined : new RegExp(source.tagPattern);
  } catch (error) {
    throw new BuildSetupError(`checkout failed: tagPattern is not a regular expression: ${(error as Error).message}`);
  }
  const tags = parseLsRemote(await git(['ls-remote', '--tags', '--', source.url]), pattern);
  const wanted = tags.find((t) => t.version === candidate);
  if (wanted === undefined) {
    const seen = tags.map((t) => t.version).slice(0, 20).join(', ') || 'none';
    throw new BuildSetupError(`checkout failed: no tag for version ${candidate} in ${source.url} (versions seen: ${seen})`);
  }
  await git(['clone', '--quiet', '--no-checkout', '--', source.url, dir]);
  await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', wanted.commit], dir);
  const currentTag = tags.find((t) => t.version === current)?.tag;
  return { tag: wanted.tag, commit: wanted.commit, ...(currentTag === undefined ? {} : { currentTag }) };
}
