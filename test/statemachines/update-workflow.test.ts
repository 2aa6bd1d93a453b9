import { afterEach, describe, expect, it } from 'vitest';
import { decideApproval } from '../../functions/app/decide-approval.js';
import { detectUpdates } from '../../functions/app/detect-updates.js';
import type { UpkeepConfigInput } from '../../functions/core/config/schema.js';
import { TransientError } from '../../functions/core/errors.js';
import type { ReleaseInfo } from '../../functions/core/types.js';
import { PASSING_SIMULATION, StaticConfigProvider, TEST_APPROVERS, TEST_NOW, seedComponents, testComponent, testConfig } from '../support/fakes/index.js';
import { workflowHarness, type Harness } from '../support/workflow-harness.js';

const DAY = 86_400_000;
const old = (days: number) => new Date(Date.parse(TEST_NOW) - days * DAY).toISOString();
const deploy = { target: { type: 'lambda', functionName: 'api' }, strategy: { type: 'canary', percent: 10, interval: '5m' }, bake: '1m' } as const;

/** The running 1.4.0 and a candidate, both released long enough ago to be past the cooldown. */
function releases(candidate: string, extra: Partial<ReleaseInfo> = {}): ReleaseInfo[] {
  return [
    { version: '1.4.0', releasedAt: old(60), checksum: 'sha256:aaa' },
    { version: candidate, releasedAt: old(10), checksum: 'sha256:bbb', changelog: 'Fixes', ...extra },
  ];
}

async function start(config: Partial<UpkeepConfigInput>, candidate: string, time: { waitScale?: number; timeoutScale?: number } = {}, extra: Partial<ReleaseInfo> = {}): Promise<{ h: Harness; id: string }> {
  const h = await workflowHarness({ config: new StaticConfigProvider(testConfig({ components: [testComponent({ deploy, simulation: { buildspec: 'buildspec.yml' } })], ...config })) }, time);
  await seedComponents(h.deps);
  h.deps.source.publish('api', releases(candidate, extra));
  h.deps.builds.scriptFor('api', candidate, PASSING_SIMULATION);
  const [result] = await detectUpdates(h.deps, { startWorkflows: true });
  expect(result?.started).toBe(true);
  return { h, id: result?.workflowId as string };
}

const stagesOf = async (h: Harness, id: string) => (await h.deps.workflows.get(id)).history.map((e) => e.stage);
let current: Harness | undefined;
afterEach(() => {
  for (const e of current?.machine.listExecutions({ statusFilter: 'RUNNING' }) ?? []) current?.machine.stopExecution(e.executionArn);
  current = undefined;
});

describe('State machine: update-workflow.asl.json', () => {
  it('auto-approves a passing patch, rolls it out and advances the component', async () => {
    // Prepare
    const { h, id } = await start({}, '1.4.1');
    current = h;

    // Act
    const wf = await h.waitForStage(id, ['SUCCEEDED', 'FAILED', 'REJECTED', 'DEFERRED']);

    // Assess
    expect(wf.stage).toBe('SUCCEEDED');
    expect(await stagesOf(h, id)).toEqual(['DETECTED', 'VERIFYING', 'SIMULATING', 'EVALUATING', 'SCHEDULED', 'DEPLOYING', 'MONITORING', 'SUCCEEDED']);
    expect(await h.eventTypes(id)).toEqual(expect.arrayContaining(['DETECTED', 'EXECUTION_STARTED', 'VERIFIED', 'SIMULATED', 'DECIDED', 'SCHEDULED', 'ROLLOUT_STARTED', 'ROLLOUT_SUCCEEDED', 'HEALTH_CHECKED', 'SUCCEEDED']));
    expect(wf.evaluation?.decision).toBe('AUTO_APPROVE');
    const component = await h.deps.components.get('api');
    expect(component).toMatchObject({ current: '1.4.1', previous: '1.4.0', highWaterMark: '1.4.1' });
  });

  it('waits for a human on a major update and completes after approval', async () => {
    // Prepare
    const { h, id } = await start({}, '2.0.0');
    current = h;
    await h.waitForStage(id, ['AWAITING_APPROVAL']);
    await h.waitForStage(id, ['AWAITING_APPROVAL']);
    await expect.poll(() => h.deps.notifier.messages.filter((m) => m.kind === 'approval-request').length).toBe(TEST_APPROVERS.length);

    // Act
    const result = await decideApproval(h.deps, { decision: 'APPROVED', via: { kind: 'api', workflowId: id, identity: TEST_APPROVERS[0] }, reason: 'read the changelog' });
    const wf = await h.waitForStage(id, ['SUCCEEDED', 'FAILED']);

    // Assess
    expect(result.effect).toBe('decided');
    expect(wf.stage).toBe('SUCCEEDED');
    expect(wf.approvals?.[0]).toMatchObject({ approver: TEST_APPROVERS[0], decision: 'APPROVED', reason: 'read the changelog' });
    expect(await h.eventTypes(id)).toEqual(expect.arrayContaining(['APPROVAL_REQUESTED', 'APPROVED', 'SUCCEEDED']));
  });

  it('ends REJECTED when an approver rejects', async () => {
    const { h, id } = await start({}, '2.0.0');
    current = h;
    await h.waitForStage(id, ['AWAITING_APPROVAL']);
    await expect.poll(() => h.deps.notifier.messages.length).toBeGreaterThan(0);

    await decideApproval(h.deps, { decision: 'REJECTED', via: { kind: 'api', workflowId: id, identity: TEST_APPROVERS[1] }, reason: 'not this quarter' });
    const wf = await h.waitForStage(id, ['REJECTED', 'FAILED', 'SUCCEEDED']);

    expect(wf.stage).toBe('REJECTED');
    expect(wf.outcomeReason).toContain(TEST_APPROVERS[1]);
    expect(h.deps.deployer.started).toHaveLength(0);
  });

  it('ends EXPIRED when nobody decides before the deadline', async () => {
    const { h, id } = await start({ approval: { deadline: '5m' } }, '2.0.0', { timeoutScale: 0.01 });
    current = h;

    const wf = await h.waitForStage(id, ['EXPIRED', 'DEFERRED', 'FAILED']);

    expect(wf.stage).toBe('EXPIRED');
    expect(await h.eventTypes(id)).toEqual(expect.arrayContaining(['APPROVAL_REQUESTED', 'EXPIRED']));
  });

  it('ends DEFERRED when the expiry action is to defer', async () => {
    const { h, id } = await start({ approval: { deadline: '5m', onExpiry: 'defer' } }, '2.0.0', { timeoutScale: 0.01 });
    current = h;

    const wf = await h.waitForStage(id, ['EXPIRED', 'DEFERRED', 'FAILED']);

    expect(wf.stage).toBe('DEFERRED');
    expect(wf.outcomeReason).toMatch(/no decision/);
  });

  it('rejects a candidate whose simulation fails, through the failed-build path', async () => {
    const { h, id } = await start({}, '1.4.1');
    current = h;
    h.deps.builds.scriptFor('api', '1.4.1', { status: 'FAILED', suites: { unit: { run: 10, passed: 7, failed: 3, skipped: 0 } }, durationSeconds: 4, reason: 'unit tests failed' });

    const wf = await h.waitForStage(id, ['REJECTED', 'FAILED', 'SUCCEEDED']);

    expect(wf.stage).toBe('REJECTED');
    expect(wf.simulation?.status).toBe('FAILED');
    expect(wf.evaluation?.policy).toBe('reject_failed_simulation');
    expect(h.deps.deployer.started).toHaveLength(0);
  });

  it('fails when the artifact changed after detection', async () => {
    const { h, id } = await start({}, '1.4.1');
    current = h;
    h.deps.source.publish('api', releases('1.4.1', { checksum: 'sha256:evil' }));

    const wf = await h.waitForStage(id, ['FAILED', 'SUCCEEDED', 'REJECTED']);

    expect(wf.stage).toBe('FAILED');
    expect(wf.outcomeReason).toMatch(/VerificationError.*changed after it was detected/);
    expect(h.deps.builds.started).toHaveLength(0);
  });

  it('defers a patch outside the deployment window', async () => {
    // TEST_NOW is a Wednesday at 12:00 UTC; the only window is on Saturdays.
    const { h, id } = await start({ windows: [{ name: 'weekend', days: ['Saturday'], start: '02:00', end: '06:00', timezone: 'UTC' }] }, '1.4.1');
    current = h;

    const wf = await h.waitForStage(id, ['DEFERRED', 'SUCCEEDED', 'FAILED']);

    expect(wf.stage).toBe('DEFERRED');
    expect(wf.evaluation?.decision).toBe('DEFER');
    expect(wf.evaluation?.deferUntil).toBe('2025-01-18T02:00:00.000Z');
  });

  it('waits for the window before rolling out an approved update', async () => {
    const policies = [{ name: 'always', priority: 999, conditions: { simulation_success: true }, actions: { decision: 'AUTO_APPROVE' as const } }];
    const { h, id } = await start({ policies, windows: [{ name: 'weekend', days: ['Saturday'], start: '02:00', end: '06:00', timezone: 'UTC' }] }, '1.4.1');
    current = h;

    const wf = await h.waitForStage(id, ['SUCCEEDED', 'FAILED', 'DEFERRED']);

    expect(wf.stage).toBe('SUCCEEDED');
    const history = h.machine.getExecutionHistory(wf.executionArn as string);
    const scheduled = history.find((e) => e.type === 'StateExited' && e.stateName === 'Schedule deployment');
    expect((scheduled?.output as { schedule?: { notBefore?: string } }).schedule?.notBefore).toBe('2025-01-18T02:00:00.000Z');
    expect(history.some((e) => e.type === 'StateEntered' && e.stateName === 'Wait for deployment window')).toBe(true);
  });

  it('records ROLLED_BACK and quarantines the version when an alarm rolls the canary back', async () => {
    const { h, id } = await start({}, '1.4.1');
    current = h;
    h.deps.deployer.script('api', '1.4.1', [{ status: 'IN_PROGRESS', candidateWeight: 10 }, { status: 'ROLLED_BACK', candidateWeight: 0, alarm: 'api-errors', reason: 'alarm api-errors: Errors > 5 for 2 of 3 datapoints' }]);

    const wf = await h.waitForStage(id, ['ROLLED_BACK', 'SUCCEEDED', 'FAILED']);

    expect(wf.stage).toBe('ROLLED_BACK');
    expect(wf.outcomeReason).toContain('api-errors');
    const component = await h.deps.components.get('api');
    expect(component.current).toBe('1.4.0');
    expect(component.quarantined).toContain('1.4.1');
  });

  it('rolls back when the component is unhealthy after the bake time', async () => {
    const { h, id } = await start({}, '1.4.1');
    current = h;
    h.deps.deployer.setHealth('api', { healthy: false, alarms: [{ name: 'api-latency', reason: 'p99 > 800 ms' }] });

    const wf = await h.waitForStage(id, ['ROLLED_BACK', 'SUCCEEDED', 'FAILED']);

    expect(wf.stage).toBe('ROLLED_BACK');
    expect(await h.eventTypes(id)).toEqual(expect.arrayContaining(['HEALTH_CHECKED', 'ROLLBACK_REQUESTED', 'ROLLED_BACK']));
  });

  it('retries a transient error and carries on', async () => {
    const { h, id } = await start({}, '1.4.1');
    current = h;
    const real = h.deps.deployer.start.bind(h.deps.deployer);
    let calls = 0;
    h.deps.deployer.start = (request) => (++calls === 1 ? Promise.reject(new TransientError('CodeDeploy throttled')) : real(request));

    const wf = await h.waitForStage(id, ['SUCCEEDED', 'FAILED'], 30_000);

    expect(wf.stage).toBe('SUCCEEDED');
    expect(calls).toBe(2);
    const retried = h.machine.getExecutionHistory(wf.executionArn as string).filter((e) => e.type === 'StateRetried' && e.stateName === 'Roll out');
    expect(retried).toHaveLength(1);
  });

  it('runs the CI pipeline before the rollout and fails the workflow when the run fails', async () => {
    const pipeline = { provider: 'github-actions', repository: 'acme/api', workflow: 'deploy.yml', tokenSecret: 'github-token' } as const;
    const h = await workflowHarness({ config: new StaticConfigProvider(testConfig({ components: [testComponent({ deploy, pipeline, simulation: { buildspec: 'buildspec.yml' } })] })) });
    current = h;
    await seedComponents(h.deps);
    h.deps.source.publish('api', releases('1.4.1'));
    h.deps.builds.scriptFor('api', '1.4.1', PASSING_SIMULATION);
    h.deps.pipeline.script('api', '1.4.1', ['QUEUED', 'RUNNING', { status: 'FAILED', reason: 'deploy job failed' }]);

    const [result] = await detectUpdates(h.deps, { startWorkflows: true });
    const wf = await h.waitForStage(result?.workflowId as string, ['FAILED', 'SUCCEEDED']);

    expect(wf.stage).toBe('FAILED');
    expect(wf.outcomeReason).toMatch(/PipelineFailedError.*deploy job failed/);
    expect(h.deps.pipeline.started).toHaveLength(1);
    expect(h.deps.deployer.started).toHaveLength(0);
  });

  it('starts exactly one workflow and one execution for 200 concurrent duplicate detections', async () => {
    const h = await workflowHarness({ config: new StaticConfigProvider(testConfig({ components: [testComponent({ simulation: { buildspec: 'buildspec.yml' } })] })) });
    current = h;
    await seedComponents(h.deps);
    h.deps.source.publish('api', releases('2.0.0'));

    const results = await Promise.all(Array.from({ length: 200 }, () => detectUpdates(h.deps, { startWorkflows: true })));

    const ids = new Set(results.map(([r]) => r?.workflowId));
    expect(ids.size).toBe(1);
    expect(results.filter(([r]) => r?.started === true)).toHaveLength(1);
    expect(h.machine.listExecutions()).toHaveLength(1);
  });
});
