import { afterEach, describe, expect, it } from 'vitest';
import { CircleciTrigger, type CircleciPipeline } from '../../../../functions/adapters/pipelines/circleci-trigger.js';
import { ForbiddenError, NotFoundError } from '../../../../functions/core/errors.js';
import type { PipelineTrigger } from '../../../../functions/ports/pipeline-trigger.js';
import { startFakeCircleci, type FakeCircleci } from '../../../support/fake-ci-circleci.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const servers: FakeCircleci[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const secrets = new FakeSecrets({ CIRCLE_TOKEN: 'circle-good', CIRCLE_STALE: 'circle-old' });
const WF = '5d4c3b2a-1908-4f7e-b6d5-c4b3a2918070';

async function circleci(): Promise<FakeCircleci> {
  // Pages of one item, so every list the trigger reads spans several pages.
  const server = await startFakeCircleci({ slug: 'gh/acme/app', token: 'circle-good', pageSize: 1 });
  servers.push(server);
  return server;
}

function trigger(server: FakeCircleci, extra: Partial<CircleciPipeline> = {}): PipelineTrigger {
  const config: CircleciPipeline = {
    provider: 'circleci', projectSlug: 'gh/acme/app', branch: 'main', tokenSecret: 'CIRCLE_TOKEN', api: `${server.url}/api/v2`,
    parameters: { deploy_target: 'prod' }, timeout: '1h', ...extra,
  };
  return new CircleciTrigger(config, secrets);
}

async function follow(ci: PipelineTrigger, runId: string) {
  const seen = [];
  for (let i = 0; i < 6; i += 1) {
    const run = await ci.status(runId);
    seen.push(run.status);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return { run, seen };
  }
  throw new Error(`pipeline ${runId} never finished: ${seen.join(' → ')}`);
}

describe('Class: CircleciTrigger', () => {
  describe('Method: start', () => {
    it('triggers a pipeline on the branch with the run parameters and returns its id', async () => {
      // Prepare
      const server = await circleci();

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      const created = server.pipelines[0];
      expect(run).toEqual({ provider: 'circleci', runId: created?.id, status: 'QUEUED', url: `${server.url}/pipelines/github/acme/app/${created?.number}` });
      expect(created?.branch).toBe('main');
      expect(created?.parameters).toEqual({ component: 'api', version: '1.2.4', deploy_target: 'prod', upkeep_run_id: WF });
      expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/v2/project/gh/acme/app/pipeline' });
      expect(server.requests[0]?.headers['circle-token']).toBe('circle-good');
    });

    it('fails with a ForbiddenError naming the secret when the token is refused', async () => {
      // Prepare
      const server = await circleci();

      // Act
      const started = trigger(server, { tokenSecret: 'CIRCLE_STALE' }).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(ForbiddenError);
      await expect(started).rejects.toThrow(/secret "CIRCLE_STALE"/);
    });

    it('fails with a NotFoundError naming the project when it does not exist', async () => {
      // Prepare
      const server = await circleci();

      // Act
      const started = trigger(server, { projectSlug: 'gh/acme/nope' }).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(NotFoundError);
      await expect(started).rejects.toThrow(/project gh\/acme\/nope/);
    });

    it('waits out a 429 and carries on', async () => {
      // Prepare
      const server = await circleci();
      server.throttle.left = 1;

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      expect(run.runId).toBe(server.pipelines[0]?.id);
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('Method: status', () => {
    it('follows a pipeline through set-up to success and lists the artifacts of every job', async () => {
      // Prepare
      const server = await circleci();
      const ci = trigger(server);
      const { runId } = await ci.start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Act
      const { run, seen } = await follow(ci, runId);

      // Assess
      const n = server.pipelines[0]?.number ?? 0;
      expect(seen).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
      expect(run.artifacts?.map((a) => a.name)).toEqual([
        `build-job/out/file-${n * 10}-0.txt`, `build-job/out/file-${n * 10}-1.txt`, `build-job/out/file-${n * 10}-2.txt`,
        `deploy-job/out/file-${n * 10 + 5}-0.txt`, `deploy-job/out/file-${n * 10 + 5}-1.txt`, `deploy-job/out/file-${n * 10 + 5}-2.txt`,
      ]);
      expect(run.artifacts?.[0]?.url).toBe(`https://output.circle-artifacts.com/${n * 10}/out/file-${n * 10}-0.txt`);
      expect(server.requests.some((r) => r.url.includes('/workflow?page-token=1'))).toBe(true);
    });

    it('follows another pipeline to failure and names the failed workflow', async () => {
      // Prepare
      const server = await circleci();
      const ci = trigger(server);
      const { runId } = await ci.start({ workflowId: WF, component: 'api', version: '1.2.5-bad' });

      // Act
      const { run } = await follow(ci, runId);

      // Assess
      expect(run).toMatchObject({ status: 'FAILED', reason: 'workflow deploy failed' });
    });

    it('fails a pipeline whose configuration did not compile, with the error', async () => {
      // Prepare
      const server = await circleci();
      const ci = trigger(server);
      const { runId } = await ci.start({ workflowId: WF, component: 'api', version: '1.2.4' });
      const created = server.pipelines[0];
      if (created !== undefined) created.configError = 'Unexpected argument(s): upkeep_run_id';

      // Act
      const run = await ci.status(runId);

      // Assess
      expect(run).toMatchObject({ status: 'FAILED', reason: 'the pipeline errored: Unexpected argument(s): upkeep_run_id' });
    });
  });

  describe('Method: cancel', () => {
    it('cancels every workflow still running', async () => {
      // Prepare
      const server = await circleci();
      const ci = trigger(server);
      const { runId } = await ci.start({ workflowId: WF, component: 'api', version: '1.2.4' });
      await ci.status(runId);

      // Act
      await ci.cancel(runId);

      // Assess
      expect(server.requests.filter((r) => r.url.endsWith('/cancel'))).toHaveLength(2);
      expect((await ci.status(runId)).status).toBe('CANCELLED');
    });
  });
});
