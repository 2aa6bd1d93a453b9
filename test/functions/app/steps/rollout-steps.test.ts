import { describe, expect, it } from 'vitest';
import { checkHealth, checkRollout, rollBack, startRollout } from '../../../../functions/app/steps/rollout-steps.js';
import { DeploymentFailedError, ValidationError } from '../../../../functions/core/errors.js';
import { fakeAppDeps } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { anEvaluation, eventTypes, givenWorkflow } from '../app-fixtures.js';

const ALARM = { name: 'api-5xx', reason: 'Threshold Crossed: 3 datapoints were greater than 5' };

async function deploying(emergency = false): Promise<{ deps: FakeAppDeps; id: string }> {
  const deps = fakeAppDeps();
  const wf = await givenWorkflow(deps, { stage: 'DEPLOYING', evaluation: anEvaluation({ decision: 'AUTO_APPROVE', bypassWindow: emergency }) });
  return { deps, id: wf.id };
}

describe('Function: startRollout', () => {
  it('starts shifting traffic from the running version to the candidate and records it', async () => {
    // Prepare
    const { deps, id } = await deploying();

    // Act
    const state = await startRollout(deps, { workflowId: id });

    // Assess
    expect(state).toEqual({ deploymentId: 'd-1', status: 'IN_PROGRESS' });
    expect(deps.deployer.started).toEqual([{ workflowId: id, component: 'api', fromVersion: '1.4.0', toVersion: '1.5.0', emergency: false }]);
    expect((await deps.workflows.get(id)).rollout).toMatchObject({ deploymentId: 'd-1', status: 'IN_PROGRESS', candidateWeight: 10 });
    expect(deps.audit.events(id)).toMatchObject([{ type: 'ROLLOUT_STARTED', message: 'canary rollout d-1: IN_PROGRESS, 10% on the candidate' }]);
  });

  it('asks for the emergency lane when the policy bypassed the window', async () => {
    // Prepare
    const { deps, id } = await deploying(true);

    // Act
    await startRollout(deps, { workflowId: id });

    // Assess
    expect(deps.deployer.started[0]?.emergency).toBe(true);
  });
});

describe('Function: checkRollout', () => {
  it('records traffic shifts, and moves to MONITORING when all traffic is on the candidate', async () => {
    // Prepare
    const { deps, id } = await deploying();
    deps.deployer.script('api', '1.5.0', [{ status: 'IN_PROGRESS', candidateWeight: 10 }, { status: 'IN_PROGRESS', candidateWeight: 50 }, { status: 'IN_PROGRESS', candidateWeight: 50 }, 'SUCCEEDED']);
    await startRollout(deps, { workflowId: id });

    // Act
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await checkRollout(deps, { workflowId: id }));

    // Assess
    expect(states.map((s) => s.status)).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'SUCCEEDED']);
    expect(eventTypes(deps, id)).toEqual(['ROLLOUT_STARTED', 'TRAFFIC_SHIFTED', 'ROLLOUT_SUCCEEDED']);
    expect(await deps.workflows.get(id)).toMatchObject({ stage: 'MONITORING', rollout: { status: 'SUCCEEDED', candidateWeight: 100 } });
  });

  it('reports an alarm rollback as a status, not an error', async () => {
    // Prepare
    const { deps, id } = await deploying();
    deps.deployer.script('api', undefined, ['IN_PROGRESS', { status: 'ROLLED_BACK', alarm: 'api-5xx', reason: 'alarm api-5xx fired' }]);
    await startRollout(deps, { workflowId: id });

    // Act
    const state = await checkRollout(deps, { workflowId: id });

    // Assess
    expect(state.status).toBe('ROLLED_BACK');
    expect(await deps.workflows.get(id)).toMatchObject({ stage: 'DEPLOYING', rollout: { status: 'ROLLED_BACK', alarm: 'api-5xx' } });
  });

  it('fails with DeploymentFailedError when the rollout fails, after recording it', async () => {
    // Prepare
    const { deps, id } = await deploying();
    deps.deployer.script('api', '1.5.0', ['IN_PROGRESS', { status: 'FAILED', reason: 'AfterAllowTraffic hook failed' }]);
    await startRollout(deps, { workflowId: id });

    // Act
    const attempt = checkRollout(deps, { workflowId: id });

    // Assess
    await expect(attempt).rejects.toThrow(new DeploymentFailedError('canary rollout d-1: FAILED, 0% on the candidate (AfterAllowTraffic hook failed)'));
    expect(eventTypes(deps, id).at(-1)).toBe('ROLLOUT_FAILED');
  });

  it('fails with ValidationError when no rollout was started', async () => {
    // Prepare
    const { deps, id } = await deploying();

    // Act + Assess
    await expect(checkRollout(deps, { workflowId: id })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('Function: checkHealth', () => {
  it('records a healthy component after the bake time', async () => {
    // Prepare
    const { deps, id } = await deploying();

    // Act
    const result = await checkHealth(deps, { workflowId: id });

    // Assess
    expect(result).toEqual({ healthy: true });
    expect(deps.audit.events(id)).toMatchObject([{ type: 'HEALTH_CHECKED', message: 'Healthy after the bake time' }]);
  });

  it('names the alarms of an unhealthy component', async () => {
    // Prepare
    const { deps, id } = await deploying();
    deps.deployer.setHealth('api', { healthy: false, alarms: [ALARM] });

    // Act
    const result = await checkHealth(deps, { workflowId: id });

    // Assess
    expect(result).toEqual({ healthy: false });
    expect(deps.audit.events(id)[0]).toMatchObject({ message: `Unhealthy after the bake time: api-5xx (${ALARM.reason})`, details: { healthy: false, alarms: [ALARM] } });
  });
});

describe('Function: rollBack', () => {
  it('sends all traffic back, naming the alarms that fired', async () => {
    // Prepare
    const { deps, id } = await deploying();
    await startRollout(deps, { workflowId: id });
    deps.deployer.setHealth('api', { healthy: false, alarms: [ALARM] });

    // Act
    const state = await rollBack(deps, { workflowId: id });

    // Assess
    expect(state).toEqual({ deploymentId: 'd-1', status: 'ROLLED_BACK' });
    expect(deps.deployer.calls.filter((c) => c.method === 'rollBack')).toEqual([{ method: 'rollBack', args: ['d-1', 'alarm api-5xx after the bake time'] }]);
    expect(await deps.workflows.get(id)).toMatchObject({ rollout: { status: 'ROLLED_BACK', candidateWeight: 0 } });
    expect(deps.audit.events(id).at(-1)).toMatchObject({ type: 'ROLLBACK_REQUESTED', details: { reason: 'alarm api-5xx after the bake time' } });
  });

  it('says the health check failed when no alarm is named', async () => {
    // Prepare
    const { deps, id } = await deploying();
    await startRollout(deps, { workflowId: id });
    deps.deployer.setHealth('api', { healthy: false, alarms: [] });

    // Act
    await rollBack(deps, { workflowId: id });

    // Assess
    expect(deps.deployer.calls.at(-1)?.args).toEqual(['d-1', 'failed the post-rollout health check']);
  });

  it('fails with ValidationError when there is no rollout to roll back', async () => {
    // Prepare
    const { deps, id } = await deploying();

    // Act + Assess
    await expect(rollBack(deps, { workflowId: id })).rejects.toBeInstanceOf(ValidationError);
  });
});
