import { describe, expect, it } from 'vitest';
import { collectResults, judge } from '../../../../functions/app/steps/collect-results.js';
import { SimulationSchema } from '../../../../functions/core/config/simulation-schema.js';
import { StaticConfigProvider, fakeAppDeps, testComponent, testConfig } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { SIMULATION, aSimulation, givenWorkflow } from '../app-fixtures.js';

function simulatedDeps(): FakeAppDeps {
  return fakeAppDeps({ config: new StaticConfigProvider(testConfig({ components: [testComponent({ simulation: SIMULATION })] })) });
}

describe('Function: collectResults', () => {
  it('reads the results of the build by its id, records them and moves on to evaluation', async () => {
    // Prepare
    const deps = simulatedDeps();
    const wf = await givenWorkflow(deps, { stage: 'SIMULATING' });
    deps.builds.addBuild('upkeep-sim-api:7', { result: aSimulation() });

    // Act
    const result = await collectResults(deps, { workflowId: wf.id, buildId: 'upkeep-sim-api:7', buildStatus: 'SUCCEEDED' });

    // Assess
    expect(result).toEqual({ status: 'PASSED' });
    expect(await deps.workflows.get(wf.id)).toMatchObject({ stage: 'EVALUATING', simulation: aSimulation() });
    expect(deps.audit.events(wf.id)).toMatchObject([{
      type: 'SIMULATED', message: 'Simulation PASSED (unit 100/100, integration 10/10)', details: { buildId: 'upkeep-sim-api:7', status: 'PASSED' },
    }]);
  });

  it('finds the build in the cause of a failed startBuild.sync task (the build as JSON)', async () => {
    // Prepare
    const deps = simulatedDeps();
    const wf = await givenWorkflow(deps, { stage: 'SIMULATING' });
    const failing = aSimulation({ status: 'FAILED', reason: 'phase BUILD failed', suites: { unit: { run: 10, passed: 7, failed: 3, skipped: 0 } } });
    deps.builds.addBuild('upkeep-sim-api:8', { status: 'FAILED', result: failing });
    deps.builds.addBuild('upkeep-sim-api:9', { status: 'FAILED', result: failing });

    // Act
    const wrapped = await collectResults(deps, { workflowId: wf.id, failure: { Error: 'States.TaskFailed', Cause: JSON.stringify({ Build: { Id: 'upkeep-sim-api:8', BuildStatus: 'FAILED' } }) } });
    const bare = await collectResults(deps, { workflowId: wf.id, failure: { Error: 'States.TaskFailed', Cause: JSON.stringify({ Id: 'upkeep-sim-api:9' }) } });

    // Assess
    expect([wrapped, bare]).toEqual([{ status: 'FAILED' }, { status: 'FAILED' }]);
    expect(deps.builds.resultCalls).toEqual(['upkeep-sim-api:8', 'upkeep-sim-api:9']);
    expect((await deps.workflows.get(wf.id)).simulation?.reason).toBe('phase BUILD failed');
  });

  it('records a simulation that ran out of time as FAILED without asking for a build', async () => {
    // Prepare
    const deps = simulatedDeps();
    const wf = await givenWorkflow(deps, { stage: 'SIMULATING' });

    // Act
    const result = await collectResults(deps, { workflowId: wf.id, failure: { Error: 'States.Timeout', Cause: 'not json' } });

    // Assess
    expect(result).toEqual({ status: 'FAILED' });
    expect((await deps.workflows.get(wf.id)).simulation).toEqual({ status: 'FAILED', suites: {}, durationSeconds: 0, reason: 'the simulation exceeded its time limit' });
    expect(deps.builds.resultCalls).toEqual([]);
  });

  it('names the error when the simulation could not run at all', async () => {
    // Prepare
    const deps = simulatedDeps();
    const wf = await givenWorkflow(deps, { stage: 'SIMULATING' });

    // Act
    await collectResults(deps, { workflowId: wf.id, failure: { Error: 'CodeBuild.AccountLimitExceededException' } });

    // Assess
    expect((await deps.workflows.get(wf.id)).simulation?.reason).toBe('the simulation could not run: CodeBuild.AccountLimitExceededException');
  });

  it('fails a build that passed by its own measure but misses the component\'s bar', async () => {
    // Prepare
    const deps = simulatedDeps();
    const wf = await givenWorkflow(deps, { stage: 'SIMULATING' });
    deps.builds.addBuild('upkeep-sim-api:10', { result: aSimulation({ suites: { unit: { run: 10, passed: 10, failed: 0, skipped: 0 } } }) });

    // Act
    const result = await collectResults(deps, { workflowId: wf.id, buildId: 'upkeep-sim-api:10' });

    // Assess
    expect(result).toEqual({ status: 'FAILED' });
    expect(deps.audit.events(wf.id)[0]?.message).toBe('Simulation FAILED: required suite(s) not reported: integration (unit 10/10)');
  });
});

describe('Function: judge', () => {
  const bar = SimulationSchema.parse({ buildspec: 'buildspec.yml', suites: ['unit', 'security'], minPassRate: 0.98 });

  it('fails a result that is missing a required suite', () => {
    // Act
    const judged = judge(aSimulation({ suites: { unit: { run: 5, passed: 5, failed: 0, skipped: 0 } } }), bar);

    // Assess
    expect(judged).toMatchObject({ status: 'FAILED', reason: 'required suite(s) not reported: security' });
  });

  it('fails a pass rate below the minimum, saying both figures', () => {
    // Prepare
    const suites = { unit: { run: 90, passed: 88, failed: 2, skipped: 0 }, security: { run: 10, passed: 9, failed: 1, skipped: 0 } };

    // Act
    const judged = judge(aSimulation({ suites }), bar);

    // Assess
    expect(judged).toMatchObject({ status: 'FAILED', reason: 'pass rate 97.0% is below the required 98.0%' });
  });

  it('fails a build that ran no tests', () => {
    // Prepare
    const suites = { unit: { run: 0, passed: 0, failed: 0, skipped: 3 }, security: { run: 0, passed: 0, failed: 0, skipped: 0 } };

    // Act + Assess
    expect(judge(aSimulation({ suites }), bar)).toMatchObject({ status: 'FAILED', reason: 'the build reported no tests' });
  });

  it('passes a result that meets the bar, and leaves failures and unconfigured components as they are', () => {
    // Prepare
    const suites = { unit: { run: 98, passed: 98, failed: 0, skipped: 0 }, security: { run: 2, passed: 1, failed: 1, skipped: 0 } };
    const failed = aSimulation({ status: 'FAILED', reason: 'phase BUILD failed', suites: {} });

    // Act + Assess
    expect(judge(aSimulation({ suites }), bar).status).toBe('PASSED');
    expect(judge(failed, bar)).toBe(failed);
    expect(judge(aSimulation({ suites: {} }), undefined).status).toBe('PASSED');
  });
});
