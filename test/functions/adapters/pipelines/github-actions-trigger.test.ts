import { afterEach, describe, expect, it } from 'vitest';
import { GithubActionsTrigger, type GithubActionsPipeline } from '../../../../functions/adapters/pipelines/github-actions-trigger.js';
import { ForbiddenError, NotFoundError, TransientError } from '../../../../functions/core/errors.js';
import type { PipelineTrigger } from '../../../../functions/ports/pipeline-trigger.js';
import { startFakeGithubActions, type FakeGithubActions, type FakeGithubActionsOptions } from '../../../support/fake-ci-github.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const servers: FakeGithubActions[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const secrets = new FakeSecrets({ GH_TOKEN: 'ghp_good', GH_STALE: 'ghp_old' });
const WF = '3f1c2a9e-5b7d-4e21-9c1a-7d2e4b6f8a10';

async function github(extra: Partial<FakeGithubActionsOptions> = {}): Promise<FakeGithubActions> {
  const server = await startFakeGithubActions({ repository: 'acme/app', workflow: 'deploy.yml', token: 'ghp_good', ...extra });
  servers.push(server);
  return server;
}

function trigger(server: FakeGithubActions, extra: Partial<GithubActionsPipeline> = {}, lookupTimeoutMs = 5_000): PipelineTrigger {
  const config: GithubActionsPipeline = {
    provider: 'github-actions', repository: 'acme/app', workflow: 'deploy.yml', ref: 'main', tokenSecret: 'GH_TOKEN',
    api: server.url, inputs: { environment: 'prod', image: 'app:{version}' }, timeout: '1h', ...extra,
  };
  return new GithubActionsTrigger(config, secrets, { lookupTimeoutMs, pollIntervalMs: 10 });
}

/** Reads the run's status until it stops changing (three reads cover queued → running → done). */
async function follow(gha: PipelineTrigger, runId: string) {
  const seen = [];
  for (let i = 0; i < 5; i += 1) {
    const run = await gha.status(runId);
    seen.push(run.status);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return { run, seen };
  }
  throw new Error(`run ${runId} never finished: ${seen.join(' → ')}`);
}

describe('Class: GithubActionsTrigger', () => {
  describe('Method: start', () => {
    it('dispatches with the run parameters and finds its own run among decoys across pages', async () => {
      // Prepare: 12 runs by others before ours and 2 right after (pages of 5), one naming a
      // workflow id that merely shares a prefix: neither "latest run" nor "first run" is ours.
      const server = await github({ pageSize: 5, hiddenLooks: 2, racingDecoys: 2 });
      for (let i = 0; i < 9; i += 1) server.addDecoy({ title: `Deploy api 1.2.${i} [0000000${i}-other-workflow]` });
      server.addDecoy({ title: `Deploy api 1.2.4 [${WF.slice(0, 8)}]` });
      server.addDecoy({ title: `Deploy api 1.2.4 [${WF}]`, branch: 'feature' });
      server.addDecoy({ title: `Push run mentioning ${WF}`, event: 'push' });

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4', checksum: 'sha256:abc' });

      // Assess
      const ours = server.runs.find((r) => r.title === `Deploy api 1.2.4 [${WF}]` && r.branch === 'main');
      expect(Math.max(...server.runs.map((r) => r.id))).toBeGreaterThan(ours?.id ?? Infinity);
      expect(run).toMatchObject({ provider: 'github-actions', runId: String(ours?.id), status: 'QUEUED', url: `https://github.com/acme/app/actions/runs/${ours?.id}` });
      expect(ours?.inputs).toEqual({ component: 'api', version: '1.2.4', checksum: 'sha256:abc', environment: 'prod', image: 'app:1.2.4', upkeep_run_id: WF });
      const dispatch = server.requests.find((r) => r.method === 'POST');
      expect(dispatch?.url).toBe('/repos/acme/app/actions/workflows/deploy.yml/dispatches');
      expect(dispatch?.headers['x-github-api-version']).toBe('2022-11-28');
      expect(dispatch?.headers.authorization).toBe('Bearer ghp_good');
      const lists = server.requests.filter((r) => r.url.includes('/runs?'));
      expect(lists.some((r) => r.url.includes('page=3'))).toBe(true);
      expect(new URL(lists.at(-1)?.url ?? '', server.url).searchParams.get('event')).toBe('workflow_dispatch');
    });

    it('adopts the run a previous attempt started instead of dispatching again', async () => {
      // Prepare: the first attempt's lookup gave up before GitHub listed the run.
      const server = await github({ hiddenLooks: 1_000 });
      const gha = trigger(server, {}, 50);
      await expect(gha.start({ workflowId: WF, component: 'api', version: '1.2.4' })).rejects.toBeInstanceOf(TransientError);
      const first = server.runs[0];
      if (first !== undefined) first.hiddenLooks = 0;

      // Act
      const run = await gha.start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      expect(server.runs).toHaveLength(1);
      expect(run.runId).toBe(String(first?.id));
    });

    it('throws a TransientError when no run carries the id within the lookup time', async () => {
      // Prepare: a workflow whose run-name forgot the upkeep_run_id input.
      const server = await github({ runNameHasId: false });

      // Act
      const started = trigger(server, {}, 100).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toThrow(TransientError);
      await expect(started).rejects.toThrow(/run-name/);
    });

    it('takes the run id from the dispatch answer when GitHub returns run details', async () => {
      // Prepare
      const server = await github({ returnRunDetails: true, hiddenLooks: 1_000 });

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      expect(run.runId).toBe(String(server.runs[0]?.id));
      expect(JSON.parse(server.requests.find((r) => r.method === 'POST')?.body ?? '{}')).toMatchObject({ return_run_details: true });
    });

    it('dispatches again without run details when the server rejects the parameter', async () => {
      // Prepare
      const server = await github({ rejectRunDetails: true });

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
      expect(server.runs).toHaveLength(1);
      expect(run.runId).toBe(String(server.runs[0]?.id));
    });

    it('fails with a ForbiddenError naming the secret when the token is refused', async () => {
      // Prepare
      const server = await github();

      // Act
      const started = trigger(server, { tokenSecret: 'GH_STALE' }).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(ForbiddenError);
      await expect(started).rejects.toThrow(/secret "GH_STALE"/);
    });

    it('fails with a NotFoundError naming the workflow when it does not exist', async () => {
      // Prepare
      const server = await github();

      // Act
      const started = trigger(server, { workflow: 'nope.yml' }).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(NotFoundError);
      await expect(started).rejects.toThrow(/workflow "nope.yml" in acme\/app/);
    });

    it('waits out a 429 and carries on', async () => {
      // Prepare
      const server = await github();
      server.throttle.left = 1;

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      expect(run.runId).toBe(String(server.runs[0]?.id));
      expect(server.throttle.left).toBe(0);
    });
  });

  describe('Method: status', () => {
    it('follows a run to success and lists its artifacts across pages', async () => {
      // Prepare
      const server = await github();
      const gha = trigger(server);
      const { runId } = await gha.start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Act
      const { run, seen } = await follow(gha, runId);

      // Assess
      expect(seen).toEqual(['RUNNING', 'SUCCEEDED']);
      expect(run.artifacts).toEqual([
        { name: 'deploy-log', url: expect.stringContaining('/zip'), sizeBytes: 100 },
        { name: 'sbom', url: expect.stringContaining('/zip'), sizeBytes: 200 },
        { name: 'bundle', url: expect.stringContaining('/zip'), sizeBytes: 300 },
      ]);
    });

    it('follows another run to failure with the conclusion as reason', async () => {
      // Prepare
      const server = await github();
      const gha = trigger(server);
      const { runId } = await gha.start({ workflowId: WF, component: 'api', version: '1.2.5-bad' });

      // Act
      const { run } = await follow(gha, runId);

      // Assess
      expect(run).toMatchObject({ status: 'FAILED', reason: 'the run concluded failure' });
      expect(run.artifacts).toHaveLength(3);
    });
  });

  describe('Method: cancel', () => {
    it('cancels a running run, and cancelling a finished run changes nothing', async () => {
      // Prepare
      const server = await github();
      const gha = trigger(server);
      const { runId } = await gha.start({ workflowId: WF, component: 'api', version: '1.2.4' });
      await gha.status(runId);

      // Act
      await gha.cancel(runId);
      await gha.cancel(runId);

      // Assess
      expect((await gha.status(runId)).status).toBe('CANCELLED');
      expect(server.requests.filter((r) => r.url.endsWith('/cancel'))).toHaveLength(2);
    });
  });
});
