import { describe, expect, it } from 'vitest';
import { evaluatePolicy, policiesInForce } from '../../../../functions/app/steps/evaluate-policy.js';
import { DEFAULT_POLICIES } from '../../../../functions/core/policy/default-policies.js';
import { StaticConfigProvider, fakeAppDeps, seedComponents, testConfig } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { aPolicy } from '../../../support/store-fixtures.js';
import { UpkeepError } from '../../../../functions/core/errors.js';
import { aSimulation, givenDetectedWorkflow, givenWorkflow } from '../app-fixtures.js';

const TEN_DAYS_AGO = '2025-01-05T12:00:00.000Z';

async function evaluating(deps: FakeAppDeps, version: string, simulation = aSimulation()): Promise<string> {
  await seedComponents(deps);
  const wf = await givenDetectedWorkflow(deps, { version, stage: 'EVALUATING', release: { version, releasedAt: TEN_DAYS_AGO }, simulation });
  return wf.id;
}

describe('Function: evaluatePolicy', () => {
  it('auto-approves a passing patch by the shipped defaults, schedules it and records the decision', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const id = await evaluating(deps, '1.4.1');

    // Act
    const summary = await evaluatePolicy(deps, { workflowId: id });

    // Assess
    expect(summary).toEqual({ decision: 'AUTO_APPROVE', earliestDeployAt: deps.clock.now().toISOString(), riskLevel: 'LOW' });
    const wf = await deps.workflows.get(id);
    expect(wf.stage).toBe('SCHEDULED');
    expect(wf.evaluation).toMatchObject({ decision: 'AUTO_APPROVE', policy: 'auto_approve_patches' });
    expect(wf.comparison).toMatchObject({ updateType: 'patch', available: '1.4.1' });
    expect(wf.priority?.priority).toBeDefined();
    expect(deps.audit.events(id)).toMatchObject([{
      type: 'DECIDED',
      message: expect.stringMatching(/^AUTO_APPROVE by policy "auto_approve_patches"; risk LOW: /) as string,
      details: { decision: 'AUTO_APPROVE', policy: 'auto_approve_patches', risk: 'LOW' },
    }]);
  });

  it('refuses a workflow that was not started with its comparison and priority, changing nothing', async () => {
    // Prepare
    const deps = fakeAppDeps();
    await seedComponents(deps);
    const wf = await givenWorkflow(deps, { version: '1.4.1', stage: 'EVALUATING', release: { version: '1.4.1', releasedAt: TEN_DAYS_AGO }, simulation: aSimulation() });

    // Act
    const failure = evaluatePolicy(deps, { workflowId: wf.id });

    // Assess
    await expect(failure).rejects.toThrow(UpkeepError);
    await expect(failure).rejects.toThrow(`workflow ${wf.id} (api 1.4.1) has no comparison recorded`);
    expect(await deps.workflows.get(wf.id)).toEqual(wf);
    expect(deps.audit.events(wf.id)).toEqual([]);
  });

  it('sends a major update to a person', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const id = await evaluating(deps, '2.0.0');

    // Act
    const summary = await evaluatePolicy(deps, { workflowId: id });

    // Assess
    expect(summary.decision).toBe('MANUAL_REVIEW');
    expect((await deps.workflows.get(id)).stage).toBe('AWAITING_APPROVAL');
  });

  it('rejects a candidate whose simulation failed and leaves the stage for the outcome step', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const id = await evaluating(deps, '1.4.1', aSimulation({ status: 'FAILED', reason: 'unit tests failed' }));

    // Act
    const summary = await evaluatePolicy(deps, { workflowId: id });

    // Assess
    expect(summary.decision).toBe('REJECT');
    const wf = await deps.workflows.get(id);
    expect(wf.stage).toBe('EVALUATING');
    expect(wf.evaluation?.policy).toBe('reject_failed_simulation');
    expect(deps.audit.events(id)[0]?.details).toMatchObject({ decision: 'REJECT', policy: 'reject_failed_simulation' });
  });

  it('evaluates the policies in the store instead of the shipped defaults', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const id = await evaluating(deps, '1.4.1');
    await deps.policies.put(aPolicy({ name: 'no-patches-today', priority: 10, conditions: { update_type: ['patch'] }, actions: { decision: 'REJECT' } }), { at: deps.clock.now().toISOString() });

    // Act
    const summary = await evaluatePolicy(deps, { workflowId: id });

    // Assess
    expect(summary.decision).toBe('REJECT');
    const wf = await deps.workflows.get(id);
    expect(wf.evaluation?.policy).toBe('no-patches-today');
    expect(wf.evaluation?.trace.map((t) => t.policy)).toEqual(['no-patches-today']);
  });
});

describe('Function: policiesInForce', () => {
  it('is what the configuration asks for while the store is empty: the shipped defaults unless turned off', async () => {
    // Prepare
    const withDefaults = fakeAppDeps();
    const own = { name: 'own', priority: 10, actions: { decision: 'MANUAL_REVIEW' as const } };
    const withoutDefaults = fakeAppDeps({ config: new StaticConfigProvider(testConfig({ policies: [own], includeDefaultPolicies: false })) });

    // Act
    const defaults = await policiesInForce(withDefaults);
    const mine = await policiesInForce(withoutDefaults);

    // Assess
    expect(defaults).toEqual(DEFAULT_POLICIES);
    expect(mine).toEqual([{ ...own, description: '', enabled: true, conditions: {} }]);
  });

  it('is the stored policies once any is stored', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const mine = aPolicy({ name: 'mine' });
    await deps.policies.put(mine, { at: deps.clock.now().toISOString() });

    // Act
    const inForce = await policiesInForce(deps);

    // Assess
    expect(inForce).toEqual([mine]);
  });
});
