import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { ApprovalOverride } from '../../../functions/core/config/schema.js';
import type { OutboxMessage } from '../../../functions/adapters/local/outbox-notifier.js';
import { until } from '../../support/until.js';
export { until };

const run = promisify(execFile);

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Upkeep Test', GIT_AUTHOR_EMAIL: 'test@upkeep.local', GIT_COMMITTER_NAME: 'Upkeep Test', GIT_COMMITTER_EMAIL: 'test@upkeep.local',
  GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0',
};

async function git(cwd: string, ...args: string[]): Promise<void> {
  await run('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, env: GIT_ENV });
}

/** The people of the approval tests: one admin, two approvers, one viewer. */
export const PEOPLE = {
  admin: 'ada@example.com',
  ana: 'ana@example.com',
  ben: 'ben@example.com',
  viewer: 'vic@example.com',
} as const;

/** A component of the test system: released 1.0.0 → 2.0.0 (a major update, so policy asks for a review). */
export interface TestComponent {
  readonly name: string;
  readonly approval?: ApprovalOverride;
}

/**
 * A system of components in local git repositories, each at 1.0.0 with 2.0.0 ready to
 * release ({@link release}),
 * and an `upkeep.yaml` without simulation or deployment: detection finds 2.0.0, the default
 * `review_major_updates` policy asks for approval, and an approved update ends SUCCEEDED at once.
 */
export async function prepareApprovalSystem(dataDir: string, components: readonly TestComponent[]): Promise<{ configPath: string }> {
  const root = join(dataDir, 'system');
  for (const c of components) {
    const work = join(root, 'work', c.name);
    await mkdir(work, { recursive: true });
    await git(work, 'init', '-q');
    for (const [version, note] of [['1.0.0', 'first release'], ['2.0.0', 'BREAKING CHANGE: new settlement API']] as const) {
      await writeFile(join(work, 'VERSION'), `${version}\n`);
      await git(work, 'add', '-A');
      await git(work, 'commit', '-q', '-m', `${c.name} ${version}\n\n${note}`);
      await git(work, 'tag', '-a', `v${version}`, '-m', note);
    }
    await git(root, 'clone', '-q', '--bare', work, join(root, 'repos', `${c.name}.git`));
    // Held back until the test releases it, so each test starts its own workflow.
    await git(root, '--git-dir', join(root, 'repos', `${c.name}.git`), 'tag', '-d', 'v2.0.0');
  }
  const config = {
    version: 1,
    components: components.map((c) => ({
      name: c.name,
      current: '1.0.0',
      scheme: 'semver',
      source: { type: 'git', url: `file://${join(root, 'repos', `${c.name}.git`)}`, tagPattern: '^v(\\d+\\.\\d+\\.\\d+)$' },
      ...(c.approval ? { approval: c.approval } : {}),
    })),
    // The releases are seconds old: the shipped three-day cooldown would defer them all.
    policies: [{ name: 'release_cooldown', enabled: false, priority: 600, conditions: { max_release_age: '3d' }, actions: { decision: 'DEFER', defer_until: 'cooldown_end' } }],
    approvers: [
      { email: PEOPLE.admin, role: 'admin' },
      { email: PEOPLE.ana, role: 'approver' },
      { email: PEOPLE.ben, role: 'approver' },
      { email: PEOPLE.viewer, role: 'viewer' },
    ],
    detection: { schedule: 'rate(1 hour)' },
    notifications: { events: ['SUCCEEDED', 'REJECTED', 'EXPIRED', 'DEFERRED', 'CANCELLED'] },
  };
  const configPath = join(root, 'upkeep.yaml');
  await writeFile(configPath, stringify(config));
  return { configPath };
}

/** Publishes 2.0.0 of `component`: the next detection finds it. */
export async function release(dataDir: string, component: string): Promise<void> {
  const root = join(dataDir, 'system');
  await git(join(root, 'work', component), 'push', '-q', join(root, 'repos', `${component}.git`), 'refs/tags/v2.0.0');
}

/** Every email in `<dataDir>/outbox`, oldest first. */
export async function outbox(dataDir: string): Promise<OutboxMessage[]> {
  const dir = join(dataDir, 'outbox');
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as OutboxMessage));
}

/** Polls `probe` until it returns something. */
