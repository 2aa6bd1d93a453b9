import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { executionName } from '../../functions/constants.js';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';

const run = promisify(execFile);
const SECRET = 'e2e-webhook-secret';
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Upkeep Test', GIT_AUTHOR_EMAIL: 'test@upkeep.local', GIT_COMMITTER_NAME: 'Upkeep Test', GIT_COMMITTER_EMAIL: 'test@upkeep.local',
  GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0',
};

async function git(cwd: string, ...args: string[]): Promise<void> {
  await run('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, env: GIT_ENV });
}

/** A GitHub `create` delivery for a tag, signed with `secret` as GitHub signs it. */
function createTagDelivery(tag: string, secret: string): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ ref: tag, ref_type: 'tag', master_branch: 'main', repository: { full_name: 'acme/app' }, sender: { login: 'octocat' } });
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return { headers: { 'content-type': 'application/json', 'x-github-event': 'create', 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958', 'x-hub-signature-256': signature }, body };
}

async function post(runtime: LocalRuntime, delivery: { headers: Record<string, string>; body: string }): Promise<{ status: number; json: Record<string, unknown> }> {
  // No bearer token: the signature is the delivery's only credential.
  const response = await fetch(`${runtime.url}/api/self-update/webhooks/github`, { method: 'POST', headers: delivery.headers, body: delivery.body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('Local mode: a GitHub webhook over HTTP', () => {
  let root = '';
  let work = '';
  let runtime: LocalRuntime | undefined;

  beforeAll(async () => {
    // Prepare: acme/app in a bare repository at v1.0.0, watched by git, with the GitHub webhook secret in the data directory.
    root = await mkdtemp(join(tmpdir(), 'upkeep-webhook-'));
    work = join(root, 'work');
    const bare = join(root, 'repos', 'acme', 'app.git');
    await mkdir(work, { recursive: true });
    await git(work, 'init', '-q');
    await writeFile(join(work, 'README.md'), 'app\n');
    await git(work, 'add', '-A');
    await git(work, 'commit', '-q', '-m', 'first');
    await git(work, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0');
    await mkdir(join(root, 'repos', 'acme'), { recursive: true });
    await git(root, 'clone', '-q', '--bare', work, bare);
    const config = {
      version: 1,
      components: [{ name: 'app', current: '1.0.0', source: { type: 'git', url: `file://${bare}`, tagPattern: '^v(\\d+\\.\\d+\\.\\d+)$' } }],
      webhooks: { github: { secret: 'github-webhook' } },
    };
    const dataDir = join(root, 'data');
    await mkdir(join(dataDir, 'secrets'), { recursive: true });
    await writeFile(join(dataDir, 'secrets', 'github-webhook'), `${SECRET}\n`, { mode: 0o600 });
    await writeFile(join(root, 'upkeep.yaml'), stringify(config));
    runtime = await startLocalRuntime({ configPath: join(root, 'upkeep.yaml'), dataDir, port: 0, timeScale: 0.01, schedule: false });
    // The release the webhook announces.
    await writeFile(join(work, 'README.md'), 'app 1.1\n');
    await git(work, 'commit', '-q', '-am', 'second');
    await git(work, 'tag', '-a', 'v1.1.0', '-m', 'v1.1.0');
    await git(work, 'push', '-q', bare, 'main', '--tags');
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('refuses a badly signed delivery with 401 and starts nothing', async () => {
    const forged = createTagDelivery('v1.1.0', 'not-the-secret');

    const answer = await post(runtime as LocalRuntime, forged);

    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'UnauthorizedError', message: expect.stringMatching(/X-Hub-Signature-256 does not match the body/) as unknown });
    expect((await (runtime as LocalRuntime).deps.workflows.listByComponent('app')).items).toEqual([]);
    expect((runtime as LocalRuntime).machine.listExecutions()).toEqual([]);
  });

  it('answers a signed tag creation with 202 and starts the workflow for the new version', async () => {
    const delivery = createTagDelivery('v1.1.0', SECRET);

    const answer = await post(runtime as LocalRuntime, delivery);

    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ matched: ['app'], event: 'acme/app v1.1.0', results: [{ component: 'app', availableVersion: '1.1.0', started: true }] });
    const workflowId = (answer.json.results as { workflowId: string }[])[0]?.workflowId ?? '';
    const wf = await (runtime as LocalRuntime).deps.workflows.get(workflowId);
    expect(wf).toMatchObject({ component: 'app', version: '1.1.0', fromVersion: '1.0.0' });
    // The workflow's execution was started on the local state machine, under its fixed name.
    expect((runtime as LocalRuntime).machine.listExecutions().map((e) => e.name)).toEqual([executionName('app', '1.1.0', workflowId)]);
  });

  it('answers a ping with 200 and nothing matched', async () => {
    const ping = createTagDelivery('v1.1.0', SECRET);
    const body = JSON.stringify({ zen: 'Design for failure.', hook_id: 1 });

    const answer = await post(runtime as LocalRuntime, {
      body, headers: { ...ping.headers, 'x-github-event': 'ping', 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
    });

    expect(answer).toEqual({ status: 200, json: { matched: [], ignored: 'ping: the webhook is set up' } });
  });
});
