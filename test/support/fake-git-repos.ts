import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from './fake-ports.js';

const exec = promisify(execFile);

/** A tag to create in a test repository. */
export interface FakeTag {
  readonly name: string;
  /** Annotated tag with this message; lightweight when unset. */
  readonly message?: string;
  /** GPG-sign the (annotated) tag with the test key. */
  readonly sign?: boolean;
}

/** Git with no user or system config, and a fixed identity, so tests behave the same everywhere. */
export function gitEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Upkeep Test', GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Upkeep Test', GIT_COMMITTER_EMAIL: 'test@example.invalid',
    ...extra,
  };
}

async function git(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return (await exec('git', args, { cwd, env })).stdout;
}

/**
 * Creates `<root>/<name>.git`, a bare repository holding one commit per tag and the tags,
 * pushed from a scratch work tree as a developer would.
 */
export async function createTaggedRepo(root: string, name: string, tags: readonly FakeTag[], env = gitEnv()): Promise<string> {
  const bare = join(root, `${name}.git`);
  const work = join(root, `${name}-work`);
  await mkdir(work, { recursive: true });
  await git(['init', '--quiet', '--bare', bare], root, env);
  await git(['init', '--quiet', '-b', 'main', work], root, env);
  for (const tag of tags) {
    await git(['commit', '--quiet', '--allow-empty', '-m', `release ${tag.name}`], work, env);
    const kind = tag.sign === true ? ['-s', '-u', 'test@example.invalid'] : tag.message === undefined ? [] : ['-a'];
    await git(['tag', ...kind, ...(tag.message === undefined && tag.sign !== true ? [] : ['-m', tag.message ?? tag.name]), tag.name], work, env);
  }
  await git(['push', '--quiet', bare, 'main', '--tags'], work, env);
  return bare;
}

/** True when `gpg` runs here (signed-tag tests need it). */
export const gpgAvailable = (): boolean => spawnSync('gpg', ['--version'], { stdio: 'ignore' }).status === 0;

/** A throw-away GnuPG home with one passphrase-less signing key for `test@example.invalid`. */
export async function createGpgHome(): Promise<{ readonly home: string; stop(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'upkeep-gpg-'));
  const env = { ...process.env, GNUPGHOME: home };
  await exec('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'Upkeep Test <test@example.invalid>', 'ed25519', 'sign', 'never'], { env });
  return {
    home,
    stop: async () => {
      await exec('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** True when this git has the `daemon` subcommand. */
export const gitDaemonAvailable = (): boolean => spawnSync('git', ['daemon', '--help'], { stdio: 'ignore' }).status === 0;

/** Serves every repository under `base` over `git://127.0.0.1:<port>/` until stopped. */
export async function startGitDaemon(base: string): Promise<{ readonly url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('git', ['daemon', '--export-all', `--base-path=${base}`, `--port=${port}`, '--listen=127.0.0.1', '--reuseaddr', '--informative-errors', base], {
    stdio: 'ignore', env: gitEnv(),
  });
  const url = `git://127.0.0.1:${port}`;
  await waitFor(() => {
    const probe = spawnSync('git', ['ls-remote', `${url}/does-not-exist.git`], { encoding: 'utf8', env: gitEnv(), timeout: 2_000 });
    // Any answer from the daemon (even "not found") means it is listening.
    return Promise.resolve(!/connection refused|unable to connect/i.test(probe.stderr));
  }, 10_000, 'git daemon');
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
