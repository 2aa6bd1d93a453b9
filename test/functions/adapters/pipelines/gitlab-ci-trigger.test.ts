import { afterEach, describe, expect, it } from 'vitest';
import { GitlabCiTrigger, type GitlabCiPipeline } from '../../../../functions/adapters/pipelines/gitlab-ci-trigger.js';
import { ForbiddenError, NotFoundError } from '../../../../functions/core/errors.js';
import type { PipelineTrigger } from '../../../../functions/ports/pipeline-trigger.js';
import { startFakeGitlab, type FakeGitlab, type FakeGitlabOptions } from '../../../support/fake-ci-gitlab.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const servers: FakeGitlab[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const secrets = new FakeSecrets({ GL_TOKEN: 'glpat-good', GL_STALE: 'glpat-old', GL_TRIGGER: 'glptt-trigger' });
const WF = '8c0d6a52-1f3e-4b7a-a9d2-5e6f7a8b9c01';

async function gitlab(extra: Partial<FakeGitlabOptions> = {}): Promise<FakeGitlab> {
  const server = await startFakeGitlab({ project: 'group/app', token: 'glpat-good', pageSize: 2, ...extra });
  servers.push(server);
  return server;
}

function trigger(server: FakeGitlab, extra: Partial<GitlabCiPipeline> = {}): PipelineTrigger {
  const config: GitlabCiPipeline = {
    provider: 'gitlab-ci', project: 'group/app', ref: 'main', tokenSecret: 'GL_TOKEN', api: `${server.url}/api/v4`,
    variables: { DEPLOY_ENV: 'prod', ARTIFACT: '{component}-{version}.tgz' }, timeout: '1h', ...extra,
  };
  return new GitlabCiTrigger(config, secrets);
}

async function follow(gitlabCi: PipelineTrigger, runId: string) {
  const seen = [];
  for (let i = 0; i < 5; i += 1) {
    const run = await gitlabCi.status(runId);
    seen.push(run.status);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return { run, seen };
  }
  throw new Error(`pipeline ${runId} never finished: ${seen.join(' → ')}`);
}

describe('Class: GitlabCiTrigger', () => {
  describe('Method: start', () => {
    it('creates a pipeline with the run variables on the URL-encoded project and returns its id', async () => {
      // Prepare
      const server = await gitlab();

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4', checksum: 'sha256:abc' });

      // Assess
      const created = server.pipelines[0];
      expect(run).toEqual({ provider: 'gitlab-ci', runId: String(created?.id), status: 'QUEUED', url: `https://gitlab.example/group/app/-/pipelines/${created?.id}` });
      expect(created?.variables).toEqual({
        UPKEEP_COMPONENT: 'api', UPKEEP_VERSION: '1.2.4', UPKEEP_CHECKSUM: 'sha256:abc', DEPLOY_ENV: 'prod', ARTIFACT: 'api-1.2.4.tgz', UPKEEP_RUN_ID: WF,
      });
      expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/v4/projects/group%2Fapp/pipeline' });
      expect(server.requests[0]?.headers['private-token']).toBe('glpat-good');
    });

    it('uses the trigger API with a trigger token and reads a public project without credentials', async () => {
      // Prepare
      const server = await gitlab({ triggerToken: 'glptt-trigger', publicProject: true });
      const gitlabCi = trigger(server, { tokenSecret: 'GL_TRIGGER', project: 77 });

      // Act
      const run = await gitlabCi.start({ workflowId: WF, component: 'api', version: '1.2.4' });
      const { run: done } = await follow(gitlabCi, run.runId);

      // Assess
      expect(server.pipelines[0]?.via).toBe('trigger');
      expect(server.requests[0]?.url).toBe('/api/v4/projects/77/trigger/pipeline');
      expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({ token: 'glptt-trigger', ref: 'main', variables: { UPKEEP_VERSION: '1.2.4' } });
      expect(server.requests.slice(1).every((r) => r.headers['private-token'] === undefined)).toBe(true);
      expect(done.status).toBe('SUCCEEDED');
    });

    it('fails with a ForbiddenError naming the secret when the token is refused', async () => {
      // Prepare
      const server = await gitlab();

      // Act
      const started = trigger(server, { tokenSecret: 'GL_STALE' }).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(ForbiddenError);
      await expect(started).rejects.toThrow(/secret "GL_STALE"/);
    });

    it('fails with a NotFoundError naming the project when it does not exist', async () => {
      // Prepare
      const server = await gitlab();

      // Act
      const started = trigger(server, { project: 'group/nope' }).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(NotFoundError);
      await expect(started).rejects.toThrow(/project group\/nope/);
    });

    it('waits out a 429 and carries on', async () => {
      // Prepare
      const server = await gitlab();
      server.throttle.left = 1;

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      expect(run.runId).toBe(String(server.pipelines[0]?.id));
      expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    });
  });

  describe('Method: status', () => {
    it('follows a pipeline to success and lists its archive artifacts from every page of jobs', async () => {
      // Prepare
      const server = await gitlab();
      const gitlabCi = trigger(server);
      const { runId } = await gitlabCi.start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Act
      const { run, seen } = await follow(gitlabCi, runId);

      // Assess
      expect(seen).toEqual(['RUNNING', 'SUCCEEDED']);
      expect(run.artifacts).toEqual([
        { name: 'build/artifacts.zip', url: `${server.url}/api/v4/projects/group%2Fapp/jobs/${Number(runId) * 10}/artifacts`, sizeBytes: 1000 },
        { name: 'deploy/artifacts.zip', url: `${server.url}/api/v4/projects/group%2Fapp/jobs/${Number(runId) * 10 + 3}/artifacts`, sizeBytes: 1003 },
      ]);
      expect(server.requests.filter((r) => r.url.includes('/jobs?')).map((r) => new URL(r.url, server.url).searchParams.get('page'))).toEqual(['1', '2']);
    });

    it('follows another pipeline to failure and names the failed job', async () => {
      // Prepare
      const server = await gitlab();
      const gitlabCi = trigger(server);
      const { runId } = await gitlabCi.start({ workflowId: WF, component: 'api', version: '1.2.5-bad' });

      // Act
      const { run } = await follow(gitlabCi, runId);

      // Assess
      expect(run).toMatchObject({ status: 'FAILED', reason: 'failed jobs: deploy (script_failure)' });
    });
  });

  describe('Method: cancel', () => {
    it('cancels a running pipeline', async () => {
      // Prepare
      const server = await gitlab();
      const gitlabCi = trigger(server);
      const { runId } = await gitlabCi.start({ workflowId: WF, component: 'api', version: '1.2.4' });
      await gitlabCi.status(runId);

      // Act
      await gitlabCi.cancel(runId);

      // Assess
      expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: `/api/v4/projects/group%2Fapp/pipelines/${runId}/cancel` });
      expect((await gitlabCi.status(runId)).status).toBe('CANCELLED');
    });
  });
});
