import { describe, expect, it } from 'vitest';
import { checkPipeline, triggerPipeline } from '../../../../functions/app/steps/pipeline-steps.js';
import { PipelineFailedError, ValidationError } from '../../../../functions/core/errors.js';
import { StaticConfigProvider, fakeAppDeps, testComponent, testConfig } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { GITHUB_PIPELINE, eventTypes, givenWorkflow } from '../app-fixtures.js';

async function scheduled(): Promise<{ deps: FakeAppDeps; id: string }> {
  const deps = fakeAppDeps({ config: new StaticConfigProvider(testConfig({ components: [testComponent({ pipeline: GITHUB_PIPELINE })] })) });
  const wf = await givenWorkflow(deps, { stage: 'SCHEDULED', release: { version: '1.5.0', checksum: 'sha256:abc' } });
  return { deps, id: wf.id };
}

describe('Function: triggerPipeline', () => {
  it('starts the component\'s CI run with the candidate\'s coordinates and records it', async () => {
    // Prepare
    const { deps, id } = await scheduled();

    // Act
    const state = await triggerPipeline(deps, { workflowId: id });

    // Assess
    expect(state).toEqual({ runId: 'run-1', status: 'QUEUED' });
    expect(deps.pipeline.configs).toMatchObject([{ provider: 'github-actions', repository: 'acme/api' }]);
    expect(deps.pipeline.started).toEqual([{ workflowId: id, component: 'api', version: '1.5.0', checksum: 'sha256:abc' }]);
    expect(await deps.workflows.get(id)).toMatchObject({
      stage: 'DEPLOYING', pipelineRun: { provider: 'github-actions', runId: 'run-1', status: 'QUEUED', url: 'https://ci.example.test/runs/run-1' },
    });
    expect(deps.audit.events(id)).toMatchObject([{ type: 'PIPELINE_STARTED', message: 'github-actions run run-1 started: https://ci.example.test/runs/run-1' }]);
  });

  it('fails with ValidationError for a component without a pipeline', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps, { stage: 'SCHEDULED' });

    // Act + Assess
    await expect(triggerPipeline(deps, { workflowId: wf.id })).rejects.toThrow(new ValidationError('api has no pipeline configured'));
    expect(deps.pipeline.started).toEqual([]);
  });
});

describe('Function: checkPipeline', () => {
  it('records each change of the run\'s status once', async () => {
    // Prepare
    const { deps, id } = await scheduled();
    deps.pipeline.script('api', '1.5.0', ['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    await triggerPipeline(deps, { workflowId: id });

    // Act
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await checkPipeline(deps, { workflowId: id }));

    // Assess
    expect(states.map((s) => s.status)).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(eventTypes(deps, id)).toEqual(['PIPELINE_STARTED', 'PIPELINE_RUNNING', 'PIPELINE_SUCCEEDED']);
    expect((await deps.workflows.get(id)).pipelineRun?.status).toBe('SUCCEEDED');
  });

  it('fails with PipelineFailedError carrying the provider\'s reason when the run fails', async () => {
    // Prepare
    const { deps, id } = await scheduled();
    deps.pipeline.script('api', undefined, ['RUNNING', { status: 'FAILED', reason: 'job deploy failed' }]);
    await triggerPipeline(deps, { workflowId: id });

    // Act
    const attempt = checkPipeline(deps, { workflowId: id });

    // Assess
    await expect(attempt).rejects.toThrow(new PipelineFailedError('github-actions run run-1 failed: job deploy failed'));
    expect(deps.audit.events(id).at(-1)).toMatchObject({ type: 'PIPELINE_FAILED', message: 'github-actions run run-1 is FAILED: job deploy failed' });
  });

  it('fails with PipelineFailedError when the run was cancelled', async () => {
    // Prepare
    const { deps, id } = await scheduled();
    await triggerPipeline(deps, { workflowId: id });
    await deps.pipeline.cancel('run-1');

    // Act + Assess
    await expect(checkPipeline(deps, { workflowId: id })).rejects.toThrow(/run-1 cancelled/);
    expect((await deps.workflows.get(id)).pipelineRun?.status).toBe('CANCELLED');
  });

  it('fails with ValidationError when no run was started', async () => {
    // Prepare
    const { deps, id } = await scheduled();

    // Act + Assess
    await expect(checkPipeline(deps, { workflowId: id })).rejects.toBeInstanceOf(ValidationError);
  });
});
