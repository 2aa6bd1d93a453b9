import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { freePort } from '../../infra/local/free-port.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { DEMO_SERVICES, serviceFiles, type DemoService } from './demo-services.js';

const run = promisify(execFile);

/** Workflow time runs 20× faster in the demo: a one-minute canary takes three seconds. */
export const DEMO_TIME_SCALE = 0.05;
export const DEMO_APPROVER = 'you@example.com';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Upkeep Demo', GIT_AUTHOR_EMAIL: 'demo@upkeep.local', GIT_COMMITTER_NAME: 'Upkeep Demo', GIT_COMMITTER_EMAIL: 'demo@upkeep.local',
  GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0',
};

async function git(cwd: string, ...args: string[]): Promise<void> {
  await run('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, env: GIT_ENV });
}

async function commitVersion(work: string, service: DemoService, index: number): Promise<void> {
  const version = service.versions[index];
  if (version === undefined) return;
  for (const [path, text] of Object.entries(serviceFiles(service, version))) {
    await mkdir(dirname(join(work, path)), { recursive: true });
    await writeFile(join(work, path), text);
  }
  await git(work, 'add', '-A');
  await git(work, 'commit', '-q', '-m', version.message);
  await git(work, 'tag', '-a', version.tag, '-m', version.note);
}

function repos(dataDir: string) {
  const root = join(dataDir, 'demo');
  return { root, bare: (name: string) => join(root, 'repos', `${name}.git`), work: (name: string) => join(root, 'work', name) };
}

/**
 * Builds the demo system inside the data directory (once): three services in local git
 * repositories at their running versions, and an `upkeep.yaml` that watches them with the real
 * git source, simulates them with their own buildspecs and rolls them out on local ports.
 * The new releases are published by {@link narrateDemo} once Upkeep is running.
 */
export async function prepareDemo(options: { readonly dataDir: string; readonly print: (line: string) => void }): Promise<{ configPath: string; timeScale: number }> {
  const r = repos(options.dataDir);
  const components = [];
  for (const service of DEMO_SERVICES) {
    if (!existsSync(r.bare(service.name))) {
      options.print(`demo: creating ${service.name} (${service.description})`);
      await mkdir(r.work(service.name), { recursive: true });
      await git(r.work(service.name), 'init', '-q');
      await commitVersion(r.work(service.name), service, 0);
      await git(r.root, 'clone', '-q', '--bare', r.work(service.name), r.bare(service.name));
    }
    const current = (service.versions[0]?.tag ?? 'v0.0.0').slice(1);
    components.push({
      name: service.name,
      description: service.description,
      current,
      source: { type: 'git', url: `file://${r.bare(service.name)}`, tagPattern: '^v(\\d+\\.\\d+\\.\\d+)$' },
      scheme: 'semver',
      simulation: {
        buildspec: 'buildspec.yml', timeout: '5m', suites: ['unit'],
        benchmark: { metric: 'answer-size', unit: 'bytes', higherIsBetter: false, tolerancePercent: 10 },
      },
      deploy: {
        // Ports are chosen afresh at every start; the running versions live in the table.
        target: { type: 'local', command: ['node', 'server.mjs', '{port}'], port: await freePort(), healthPath: '/health' },
        strategy: { type: 'canary', percent: 20, interval: '1m' },
        alarms: [{
          name: `${service.name}-errors`, metric: 'ErrorRate', statistic: 'Average', period: '10s',
          evaluationPeriods: 3, datapointsToAlarm: 2, threshold: 5, comparison: 'GreaterThanThreshold', treatMissingData: 'notBreaching',
        }],
        bake: '1m',
      },
    });
  }
  const config = {
    version: 1,
    components,
    policies: [{
      name: 'release_cooldown',
      description: 'Disabled in the demo: its releases are seconds old, and the shipped three-day cooldown would defer them all.',
      enabled: false, priority: 600, conditions: { max_release_age: '3d' }, actions: { decision: 'DEFER', defer_until: 'cooldown_end' },
    }],
    approvers: [{ email: DEMO_APPROVER, role: 'admin', name: 'You' }],
    detection: { schedule: 'rate(1 minute)' },
    notifications: { events: ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'EXPIRED'] },
  };
  const configPath = join(r.root, 'upkeep.yaml');
  await writeFile(configPath, `# Written by \`upkeep start --demo\` at every start (fresh ports).\n${stringify(config)}`);
  return { configPath, timeScale: DEMO_TIME_SCALE };
}

/** Publishes each service's new release (once): the tags Upkeep will detect. */
export async function publishDemoReleases(dataDir: string): Promise<string[]> {
  const r = repos(dataDir);
  const published: string[] = [];
  for (const service of DEMO_SERVICES) {
    const latest = service.versions.at(-1);
    const { stdout } = await run('git', ['tag', '--list'], { cwd: r.work(service.name), env: GIT_ENV });
    if (latest === undefined || stdout.split('\n').includes(latest.tag)) continue;
    await commitVersion(r.work(service.name), service, service.versions.length - 1);
    await git(r.work(service.name), 'push', '-q', r.bare(service.name), 'main', '--tags');
    published.push(`${service.name} ${latest.tag}`);
  }
  return published;
}

const OUTCOMES: Record<string, string> = {
  SUCCEEDED: '✔ shipped',
  AWAITING_APPROVAL: '⏸ waiting for your approval',
  ROLLED_BACK: '↩ rolled back automatically',
  REJECTED: '✖ rejected',
  FAILED: '✖ failed',
  DEFERRED: '… deferred',
  EXPIRED: '⌛ expired',
};

/**
 * Tells the demo's story on the console: publishes the new releases, runs detection, and
 * reports each workflow's outcome as it is reached.
 */
export async function narrateDemo(runtime: LocalRuntime, print: (line: string) => void): Promise<void> {
  const published = await publishDemoReleases(runtime.dataDir);
  if (published.length > 0) print(`demo: published ${published.join(', ')}; detecting…`);
  const started = Date.now();
  await runtime.detect();
  const seen = new Map<string, string>();
  while (seen.size < DEMO_SERVICES.length && Date.now() - started < 300_000) {
    const { items } = await runtime.deps.workflows.listRecent({ limit: 50 });
    for (const wf of items) {
      const label = OUTCOMES[wf.stage];
      if (label === undefined || seen.get(wf.component) === wf.stage) continue;
      seen.set(wf.component, wf.stage);
      print(`demo: ${wf.component} ${wf.fromVersion} → ${wf.version}: ${label}${wf.outcomeReason ? ` (${wf.outcomeReason})` : ''} after ${Math.round((Date.now() - started) / 1000)} s`);
      if (wf.stage === 'AWAITING_APPROVAL') print(`demo: open the approval link printed above, or: upkeep approve ${wf.id}`);
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  if (seen.size === DEMO_SERVICES.length) print(`demo: all ${DEMO_SERVICES.length} outcomes reached in ${Math.round((Date.now() - started) / 1000)} s. Upkeep keeps running; Ctrl-C stops it.`);
}
