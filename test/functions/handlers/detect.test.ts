import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideLocalDeps } from '../../../functions/adapters/local/local-runtime.js';
import { resetAppDeps } from '../../../functions/handlers/deps.js';
import { handler } from '../../../functions/handlers/detect.js';
import { fakeAppDeps, seedComponents, type FakeAppDeps } from '../../support/fakes/index.js';

const context = { functionName: 'upkeep-detect', awsRequestId: 'req-1', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:upkeep-detect', memoryLimitInMB: '512' } as Context;
const invoke = (event: unknown): Promise<unknown> => handler(event, context);

/** The detect handler as local mode runs it: with the runtime's adapters (here, fakes). */
describe('Handler: detect', () => {
  let deps: FakeAppDeps;

  beforeEach(async () => {
    deps = fakeAppDeps();
    await seedComponents(deps);
    deps.source.publish('api', [{ version: '1.5.0' }]);
    resetAppDeps();
    provideLocalDeps(deps);
  });

  it('runs a scheduled pass over its shard, notes the run and answers what it started', async () => {
    // Act
    const summary = await invoke({ shard: 0, shards: 1 });

    // Assess
    expect(summary).toEqual({ checked: 1, started: ['api@1.5.0'], failed: [] });
    expect(deps.detection.peek().lastRunAt).toBe(deps.clock.now().toISOString());
  });

  it('answers a check call with the results detection gives, without noting a scheduled run', async () => {
    // Act
    const answer = await invoke({ check: { startWorkflows: false, only: ['api'] } });

    // Assess
    expect(answer).toEqual({ results: [expect.objectContaining({ component: 'api', availableVersion: '1.5.0', updateAvailable: true, error: null })] });
    expect(deps.workflows.all()).toEqual([]);
    expect(deps.detection.peek().lastRunAt).toBeUndefined();
  });

  it('answers a proposal with its status and workflow, and an Upkeep error as data with its problems', async () => {
    // Act
    const created = await invoke({ propose: { component: 'api', version: '2.0.0' }, by: 'ops@example.com' });
    const refused = await invoke({ propose: { component: 'api', version: '1.0.0' }, by: 'ops@example.com' });

    // Assess
    expect(created).toMatchObject({ status: 201, result: { created: true, workflow: { version: '2.0.0' } } });
    expect(refused).toMatchObject({ error: { name: 'ValidationError', problems: [{ path: 'version', value: '1.0.0' }] } });
  });

  it('refuses a payload that is none of these, naming what is wrong', async () => {
    await expect(invoke({ check: { startWorkflows: 'yes' } })).rejects.toMatchObject({ name: 'ValidationError', message: 'detect: bad payload: check.startWorkflows must be true or false' });
    await expect(invoke({ propose: { component: 'api' } })).rejects.toThrow('detect: bad payload: propose.version must be a non-empty string; by must be a non-empty string');
    await expect(invoke({ shard: 2, shards: 2 })).rejects.toThrow('shard must be below shards');
  });
});
