import { describe, expect, it } from 'vitest';
import { startWorkflow } from '../../../../functions/app/steps/start-workflow.js';
import { DEFAULT_BAKE_SECONDS } from '../../../../functions/constants.js';
import { StaticConfigProvider, fakeAppDeps, testComponent, testConfig } from '../../../support/fakes/index.js';
import { GITHUB_PIPELINE, LOCAL_DEPLOY, SIMULATION, eventTypes, givenWorkflow } from '../app-fixtures.js';

const execution = { executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:upkeep-update:api-1_5_0-abc', executionName: 'api-1_5_0-abc' };

describe('Function: startWorkflow', () => {
  it('plans the route from the component\'s simulation, pipeline, deploy and approval settings', async () => {
    // Prepare
    const deps = fakeAppDeps({
      config: new StaticConfigProvider(testConfig({
        components: [testComponent({ simulation: SIMULATION, pipeline: GITHUB_PIPELINE, deploy: LOCAL_DEPLOY, approval: { deadline: '2h' } })],
      })),
      pollSeconds: 5,
    });
    const wf = await givenWorkflow(deps);

    // Act
    const plan = await startWorkflow(deps, { workflowId: wf.id, ...execution });

    // Assess
    expect(plan).toEqual({
      fromVersion: '1.4.0',
      hasSimulation: true,
      hasPipeline: true,
      hasDeploy: true,
      buildspec: expect.stringContaining('npm test') as string,
      simulationProject: 'upkeep-sim-api',
      settings: { pollSeconds: 5, approvalTimeoutSeconds: 7200, simulationTimeoutSeconds: 2700, bakeSeconds: 600 },
    });
  });

  it('plans a bare component with the defaults: no simulation, pipeline or rollout', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);

    // Act
    const plan = await startWorkflow(deps, { workflowId: wf.id, ...execution });

    // Assess
    expect(plan).toMatchObject({ hasSimulation: false, hasPipeline: false, hasDeploy: false, buildspec: '' });
    expect(plan.settings).toEqual({ pollSeconds: 30, approvalTimeoutSeconds: 86_400, simulationTimeoutSeconds: 300, bakeSeconds: DEFAULT_BAKE_SECONDS });
  });

  it('ties the workflow to its execution once, with a link to it in the audit trail', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);

    // Act
    await startWorkflow(deps, { workflowId: wf.id, ...execution });
    await startWorkflow(deps, { workflowId: wf.id, ...execution });

    // Assess
    expect(await deps.workflows.get(wf.id)).toMatchObject({ ...execution, rev: 2, stage: 'DETECTED' });
    expect(eventTypes(deps, wf.id)).toEqual(['EXECUTION_STARTED']);
    expect(deps.audit.events(wf.id)[0]?.details).toEqual({ executionArn: execution.executionArn, executionUrl: deps.engine.executionUrl(execution.executionArn) });
  });
});
