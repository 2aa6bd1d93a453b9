import { afterEach, describe, expect, it } from 'vitest';
import { JenkinsTrigger, type JenkinsPipeline } from '../../../../functions/adapters/pipelines/jenkins-trigger.js';
import { ForbiddenError, NotFoundError } from '../../../../functions/core/errors.js';
import type { PipelineTrigger } from '../../../../functions/ports/pipeline-trigger.js';
import { startFakeJenkins, type FakeJenkins, type FakeJenkinsOptions } from '../../../support/fake-ci-jenkins.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const servers: FakeJenkins[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const secrets = new FakeSecrets({ JENKINS_TOKEN: '11aa22bb', JENKINS_STALE: 'revoked' });
const WF = '0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b';

async function jenkins(extra: Partial<FakeJenkinsOptions> = {}): Promise<FakeJenkins> {
  const server = await startFakeJenkins({ job: 'deploy/api', user: 'upkeep', token: '11aa22bb', ...extra });
  servers.push(server);
  return server;
}

function trigger(server: FakeJenkins, extra: Partial<JenkinsPipeline> = {}, lookupTimeoutMs = 5_000): PipelineTrigger {
  const config: JenkinsPipeline = {
    provider: 'jenkins', url: `${server.url}/`, job: 'deploy/api', user: 'upkeep', tokenSecret: 'JENKINS_TOKEN',
    parameters: { TARGET: 'prod-{component}' }, timeout: '1h', ...extra,
  };
  return new JenkinsTrigger(config, secrets, { lookupTimeoutMs, pollIntervalMs: 10 });
}

async function follow(ci: PipelineTrigger, runId: string) {
  const seen = [];
  for (let i = 0; i < 5; i += 1) {
    const run = await ci.status(runId);
    seen.push(run.status);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return { run, seen };
  }
  throw new Error(`build ${runId} never finished: ${seen.join(' → ')}`);
}

describe('Class: JenkinsTrigger', () => {
  describe('Method: start', () => {
    it('posts the parameters with a crumb and follows its queue item to the build it became', async () => {
      // Prepare
      const server = await jenkins({ waitLooks: 2 });

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4', checksum: 'sha256:abc' });

      // Assess
      const item = server.items[0];
      expect(run).toMatchObject({ provider: 'jenkins', runId: `${item?.id}:${item?.build}`, status: 'RUNNING', url: `${server.url}/job/deploy/job/api/${item?.build}/` });
      expect(item?.parameters).toEqual({ UPKEEP_COMPONENT: 'api', UPKEEP_VERSION: '1.2.4', UPKEEP_CHECKSUM: 'sha256:abc', TARGET: 'prod-api', UPKEEP_RUN_ID: WF });
      const post = server.requests.find((r) => r.method === 'POST');
      expect(post?.url).toBe('/job/deploy/job/api/buildWithParameters');
      expect(post?.headers['jenkins-crumb']).toBe('c0ffee');
      expect(server.requests.filter((r) => r.url.startsWith('/queue/item/'))).toHaveLength(3);
    });

    it('answers QUEUED with the queue item while no executor is free, and resolves it later', async () => {
      // Prepare
      const server = await jenkins({ waitLooks: 1_000 });
      const ci = trigger(server, {}, 50);

      // Act
      const run = await ci.start({ workflowId: WF, component: 'api', version: '1.2.4' });
      const item = server.items[0];
      if (item !== undefined) item.waitLooks = 0;
      const later = await ci.status(run.runId);

      // Assess
      expect(run).toMatchObject({ runId: String(item?.id), status: 'QUEUED' });
      expect(later).toMatchObject({ runId: `${item?.id}:${item?.build}`, status: 'RUNNING' });
    });

    it('finds the build by its queueId once Jenkins has forgotten the queue item', async () => {
      // Prepare
      const server = await jenkins({ waitLooks: 0 });
      const ci = trigger(server);
      await ci.start({ workflowId: WF, component: 'api', version: '1.2.4' });
      await ci.start({ workflowId: 'another-workflow', component: 'api', version: '1.2.3' });
      const item = server.items[0];
      if (item !== undefined) item.forgotten = true;

      // Act
      const run = await ci.status(String(item?.id));

      // Assess
      expect(run.runId).toBe(`${item?.id}:${item?.build}`);
      expect(server.requests.some((r) => r.url.startsWith('/job/deploy/job/api/api/json?tree='))).toBe(true);
    });

    it('fails with a ForbiddenError naming the secret when the API token is refused', async () => {
      // Prepare
      const server = await jenkins();

      // Act
      const started = trigger(server, { tokenSecret: 'JENKINS_STALE' }).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(ForbiddenError);
      await expect(started).rejects.toThrow(/secret "JENKINS_STALE"/);
    });

    it('fails with a NotFoundError naming the job when it does not exist', async () => {
      // Prepare
      const server = await jenkins();

      // Act
      const started = trigger(server, { job: 'deploy/nope' }).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      await expect(started).rejects.toBeInstanceOf(NotFoundError);
      await expect(started).rejects.toThrow(/job "deploy\/nope"/);
    });

    it('waits out a 429 and carries on', async () => {
      // Prepare
      const server = await jenkins();
      server.throttle.left = 1;

      // Act
      const run = await trigger(server).start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Assess
      expect(run.status).toBe('RUNNING');
      expect(server.items).toHaveLength(1);
    });
  });

  describe('Method: status', () => {
    it('follows a build to success and lists its artifacts', async () => {
      // Prepare
      const server = await jenkins();
      const ci = trigger(server);
      const { runId } = await ci.start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Act
      const { run } = await follow(ci, runId);

      // Assess
      const build = server.items[0]?.build;
      expect(run.status).toBe('SUCCEEDED');
      expect(run.artifacts).toEqual([
        { name: 'dist/app.tgz', url: `${server.url}/job/deploy/job/api/${build}/artifact/dist/app.tgz` },
        { name: 'reports/report 1.html', url: `${server.url}/job/deploy/job/api/${build}/artifact/reports/report%201.html` },
      ]);
    });

    it('follows another build to failure', async () => {
      // Prepare
      const server = await jenkins();
      const ci = trigger(server);
      const { runId } = await ci.start({ workflowId: WF, component: 'api', version: '1.2.5-bad' });

      // Act
      const { run } = await follow(ci, runId);

      // Assess
      expect(run).toMatchObject({ status: 'FAILED', reason: 'the build ended FAILURE' });
    });
  });

  describe('Method: cancel', () => {
    it('stops a running build', async () => {
      // Prepare
      const server = await jenkins();
      const ci = trigger(server);
      const { runId } = await ci.start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Act
      await ci.cancel(runId);

      // Assess
      expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: `/job/deploy/job/api/${server.items[0]?.build}/stop` });
      expect(await ci.status(runId)).toMatchObject({ status: 'CANCELLED', reason: 'the build was aborted' });
    });

    it('cancels the queue item of a build that has not started', async () => {
      // Prepare
      const server = await jenkins({ waitLooks: 1_000 });
      const ci = trigger(server, {}, 50);
      const { runId } = await ci.start({ workflowId: WF, component: 'api', version: '1.2.4' });

      // Act
      await ci.cancel(runId);

      // Assess
      expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: `/queue/cancelItem?id=${runId}` });
      expect((await ci.status(runId)).status).toBe('CANCELLED');
    });
  });
});
