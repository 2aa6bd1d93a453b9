import { describe, expect, it } from 'vitest';
import { errorReason, recordOutcome, workflowPageUrl } from '../../../../functions/app/steps/record-outcome.js';
import type { UpkeepConfigInput } from '../../../../functions/core/config/schema.js';
import type { NewWorkflow } from '../../../../functions/ports/workflow-store.js';
import { StaticConfigProvider, fakeAppDeps, seedComponents, testComponent, testConfig } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { anEvaluation, givenWorkflow } from '../app-fixtures.js';

async function ending(partial: Partial<UpkeepConfigInput> = {}, workflow: Partial<NewWorkflow> = {}): Promise<{ deps: FakeAppDeps; id: string }> {
  const deps = fakeAppDeps({ config: new StaticConfigProvider(testConfig(partial)) });
  await seedComponents(deps);
  const wf = await givenWorkflow(deps, { stage: 'MONITORING', ...workflow });
  deps.clock.advance(3600);
  return { deps, id: wf.id };
}

describe('Function: recordOutcome', () => {
  it('ends a success and advances the component: current, previous and high-water mark', async () => {
    // Prepare
    const { deps, id } = await ending();

    // Act
    const result = await recordOutcome(deps, { workflowId: id, outcome: 'SUCCEEDED' });

    // Assess
    expect(result).toEqual({ stage: 'SUCCEEDED' });
    expect(deps.components.peek('api')).toMatchObject({ current: '1.5.0', previous: '1.4.0', highWaterMark: '1.5.0', quarantined: [] });
    const wf = await deps.workflows.get(id);
    expect(wf).toMatchObject({ stage: 'SUCCEEDED', outcomeReason: '1.5.0 is live', endedAt: deps.clock.now().toISOString() });
    expect(deps.audit.events(id)).toMatchObject([{ type: 'SUCCEEDED', message: 'api 1.5.0: 1.5.0 is live', details: { outcome: 'SUCCEEDED' } }]);
    expect(deps.notifier.messages).toEqual([]);
  });

  it('keeps a higher high-water mark, and records a repeated success only once', async () => {
    // Prepare
    const { deps, id } = await ending({ components: [testComponent({ highWaterMark: '1.9.0' })] });

    // Act
    await recordOutcome(deps, { workflowId: id, outcome: 'SUCCEEDED' });
    await recordOutcome(deps, { workflowId: id, outcome: 'SUCCEEDED' });

    // Assess
    expect(deps.components.peek('api')).toMatchObject({ current: '1.5.0', previous: '1.4.0', highWaterMark: '1.9.0', rev: 2 });
    expect(deps.audit.events(id)).toHaveLength(1);
  });

  it('advances the component over a concurrent change to it', async () => {
    // Prepare
    const { deps, id } = await ending();
    deps.components.interleaveWrite((c) => ({ ...c, quarantined: ['1.4.5'] }));

    // Act
    await recordOutcome(deps, { workflowId: id, outcome: 'SUCCEEDED' });

    // Assess
    expect(deps.components.peek('api')).toMatchObject({ current: '1.5.0', previous: '1.4.0', quarantined: ['1.4.5'], rev: 3 });
  });

  it('quarantines a rolled-back version, advances nothing and announces it', async () => {
    // Prepare
    const rollout = { deploymentId: 'd-1', strategy: 'canary', status: 'ROLLED_BACK' as const, candidateWeight: 0, startedAt: '2025-01-15T12:00:00.000Z', reason: 'alarm api-5xx after the bake time' };
    const { deps, id } = await ending({}, { rollout });

    // Act
    await recordOutcome(deps, { workflowId: id, outcome: 'ROLLED_BACK' });

    // Assess
    expect(deps.components.peek('api')).toMatchObject({ current: '1.4.0', quarantined: ['1.5.0'] });
    expect(deps.components.peek('api')?.highWaterMark).toBeUndefined();
    expect((await deps.workflows.get(id)).outcomeReason).toBe('rolled back: alarm api-5xx after the bake time; 1.5.0 quarantined');
    expect(deps.notifier.messages).toEqual([{
      kind: 'outcome', workflowId: id, subject: '[Upkeep] api 1.5.0: ROLLED_BACK',
      text: `api 1.4.0 → 1.5.0 ended ROLLED_BACK.\nrolled back: alarm api-5xx after the bake time; 1.5.0 quarantined\n\n${deps.apiUrl}/#/workflows/${id}`,
    }]);
  });

  it('defers an expired approval to the next window when onExpiry is defer', async () => {
    // Prepare
    const { deps, id } = await ending({ approval: { onExpiry: 'defer' } }, { stage: 'AWAITING_APPROVAL', approvalDeadline: '2025-01-16T12:00:00.000Z' });

    // Act
    const result = await recordOutcome(deps, { workflowId: id, outcome: 'EXPIRED' });

    // Assess
    expect(result).toEqual({ stage: 'DEFERRED' });
    expect((await deps.workflows.get(id)).outcomeReason).toBe('no decision by 2025-01-16T12:00:00.000Z; deferred to the next window (defer)');
    expect(deps.notifier.messages).toEqual([]);
  });

  it('ends an expired approval EXPIRED by default, and announces it', async () => {
    // Prepare
    const { deps, id } = await ending({}, { stage: 'AWAITING_APPROVAL', approvalDeadline: '2025-01-16T12:00:00.000Z' });

    // Act
    const result = await recordOutcome(deps, { workflowId: id, outcome: 'EXPIRED' });

    // Assess
    expect(result).toEqual({ stage: 'EXPIRED' });
    expect((await deps.workflows.get(id)).outcomeReason).toBe('no decision by 2025-01-16T12:00:00.000Z; not shipped');
    expect(deps.notifier.ofKind('outcome').map((m) => m.subject)).toEqual(['[Upkeep] api 1.5.0: EXPIRED']);
  });

  it('takes a failure\'s reason from a Lambda-style Cause', async () => {
    // Prepare
    const { deps, id } = await ending();
    const cause = JSON.stringify({ errorType: 'VerificationError', errorMessage: 'api 1.5.0 was yanked after it was detected', trace: ['at …'] });

    // Act
    await recordOutcome(deps, { workflowId: id, outcome: 'FAILED', error: { Error: 'VerificationError', Cause: cause } });

    // Assess
    const wf = await deps.workflows.get(id);
    expect(wf.outcomeReason).toBe('VerificationError: api 1.5.0 was yanked after it was detected');
    expect(wf.history.at(-1)).toMatchObject({ stage: 'FAILED', reason: wf.outcomeReason });
    expect(deps.notifier.ofKind('outcome')).toHaveLength(1);
  });

  it('keeps a cancelled workflow CANCELLED when a step still in flight reports another outcome', async () => {
    // Prepare
    const { deps, id } = await ending({ notifications: { events: ['SUCCEEDED', 'EXPIRED'] } }, { stage: 'CANCELLED', outcomeReason: 'cancelled by ada@example.com: wrong build' });

    // Act
    const result = await recordOutcome(deps, { workflowId: id, outcome: 'EXPIRED' });

    // Assess
    expect(result).toEqual({ stage: 'CANCELLED' });
    expect(await deps.workflows.get(id)).toMatchObject({ stage: 'CANCELLED', outcomeReason: 'cancelled by ada@example.com: wrong build' });
    expect(deps.notifier.ofKind('outcome')).toEqual([]);
  });

  it('says why a workflow was cancelled', async () => {
    // Prepare
    const { deps, id } = await ending();
    const other = await givenWorkflow(deps, { version: '1.6.0' });

    // Act
    await recordOutcome(deps, { workflowId: id, outcome: 'CANCELLED' });
    await recordOutcome(deps, { workflowId: other.id, outcome: 'CANCELLED', error: { Error: 'Stopped', Cause: 'stopped by ops@example.com' } });

    // Assess
    expect((await deps.workflows.get(id)).outcomeReason).toBe('cancelled');
    expect((await deps.workflows.get(other.id)).outcomeReason).toBe('Stopped: stopped by ops@example.com');
  });

  it('says who rejected an update and why', async () => {
    // Prepare
    const { deps, id } = await ending({}, {
      stage: 'AWAITING_APPROVAL',
      approvals: [{ approver: 'ben@example.com', decision: 'REJECTED', at: '2025-01-15T12:30:00.000Z', via: 'link', reason: 'changelog mentions a migration' }],
      approvalOutcome: { decision: 'REJECTED', at: '2025-01-15T12:30:00.000Z', by: 'ben@example.com' },
    });

    // Act
    await recordOutcome(deps, { workflowId: id, outcome: 'REJECTED' });

    // Assess
    expect((await deps.workflows.get(id)).outcomeReason).toBe('rejected by ben@example.com: changelog mentions a migration');
  });

  it('says which policy rejected an update', async () => {
    // Prepare
    const { deps, id } = await ending({}, { stage: 'EVALUATING', evaluation: anEvaluation({ decision: 'REJECT', policy: 'reject_failed_simulation', reasons: ['the simulation failed'] }) });

    // Act
    await recordOutcome(deps, { workflowId: id, outcome: 'REJECTED' });

    // Assess
    expect((await deps.workflows.get(id)).outcomeReason).toBe('rejected by policy "reject_failed_simulation": the simulation failed');
  });

  it('announces exactly the outcomes the configuration lists', async () => {
    // Prepare
    const { deps, id } = await ending({ notifications: { events: ['SUCCEEDED'] } });
    const other = await givenWorkflow(deps, { version: '1.6.0' });

    // Act
    await recordOutcome(deps, { workflowId: id, outcome: 'SUCCEEDED' });
    await recordOutcome(deps, { workflowId: other.id, outcome: 'FAILED', error: { Error: 'States.Timeout' } });

    // Assess
    expect(deps.notifier.messages.map((m) => m.subject)).toEqual(['[Upkeep] api 1.5.0: SUCCEEDED']);
  });
});

describe('Function: errorReason', () => {
  it('reads Lambda JSON causes, keeps plain-text causes and copes with no error', () => {
    expect(errorReason({ Error: 'ConflictError', Cause: JSON.stringify({ errorMessage: 'lost a race' }) })).toBe('ConflictError: lost a race');
    expect(errorReason({ Error: 'States.Timeout', Cause: 'the task timed out' })).toBe('States.Timeout: the task timed out');
    expect(errorReason({ Cause: '{"not":"lambda"}' })).toBe('Error: {"not":"lambda"}');
    expect(errorReason({ Error: 'States.Timeout' })).toBe('States.Timeout');
    expect(errorReason(undefined)).toBe('unknown error');
  });
});

describe('Function: workflowPageUrl', () => {
  it('links the dashboard\'s page of the workflow, on the dashboard\'s URL when it has its own', () => {
    expect(workflowPageUrl({ apiUrl: 'http://127.0.0.1:8787' }, 'wf 1')).toBe('http://127.0.0.1:8787/#/workflows/wf%201');
    expect(workflowPageUrl({ apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/', dashboardUrl: 'https://d111.cloudfront.net/' }, 'wf-1')).toBe('https://d111.cloudfront.net/#/workflows/wf-1');
  });
});
