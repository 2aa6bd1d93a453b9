import { describe, expect, it } from 'vitest';
import { setDetection, systemStatus, systemStatusJson, TIMELINE_DAYS } from '../../../../functions/app/api/detection.js';
import { workflowSnapshot } from '../../../../functions/app/api/workflow-snapshot.js';
import { fakeAppDeps, seedComponents } from '../../../support/fakes/index.js';
import { givenWorkflow } from '../app-fixtures.js';

describe('Use case: detection control and status', () => {
  it('stops detection once, auditing who did it in the system stream', async () => {
    // Prepare
    const deps = fakeAppDeps();

    // Act
    const stopped = await setDetection(deps, false, 'ops@example.com');
    const again = await setDetection(deps, false, 'ops@example.com');

    // Assess
    expect(stopped).toMatchObject({ enabled: false, changed: true, changedBy: 'ops@example.com' });
    expect(again.changed).toBe(false);
    expect(deps.audit.events('system').map((e) => [e.type, e.actor])).toEqual([['DETECTION_STOPPED', 'ops@example.com']]);
  });

  it('reports running, the last detection, components and pending approvals', async () => {
    // Prepare
    const deps = fakeAppDeps();
    await seedComponents(deps);
    await givenWorkflow(deps, { stage: 'AWAITING_APPROVAL' });
    await deps.detection.recordRun('2025-01-15T11:00:00.000Z');

    // Act
    const status = await systemStatus(deps);

    // Assess
    expect(status).toMatchObject({
      status: 'running', running: true, lastDetectionAt: '2025-01-15T11:00:00.000Z', pendingApprovals: 1,
      components: [{ name: 'api', current: '1.4.0', quarantined: 0, highWaterMark: null }],
      statistics: { workflows: { total: 1, awaitingApproval: 1 } },
    });
  });

  it('charts the last 30 days, today last, counting what was detected and how it ended', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const today = deps.clock.now().toISOString().slice(0, 10);
    await givenWorkflow(deps, { id: 'wf-rolled-back', version: '1.5.0', stage: 'ROLLED_BACK', endedAt: deps.clock.now().toISOString() });
    await givenWorkflow(deps, { id: 'wf-waiting', version: '1.6.0', stage: 'AWAITING_APPROVAL' });

    // Act
    const { timeline } = await systemStatus(deps);

    // Assess
    expect(timeline).toHaveLength(TIMELINE_DAYS);
    expect(timeline.at(-1)).toMatchObject({ day: today, detected: 2, ended: { ROLLED_BACK: 1, SUCCEEDED: 0 }, successRate: 0 });
    expect(timeline.slice(0, -1).every((d) => d.detected === 0)).toBe(true);
  });

  it('writes status as JSON text identical to serializing it, before and after the workflows change', async () => {
    // Prepare
    const deps = fakeAppDeps();
    await seedComponents(deps);
    const wf = await givenWorkflow(deps, { stage: 'AWAITING_APPROVAL' });

    // Act
    const first = await systemStatusJson(deps);
    const serialized = JSON.stringify(await systemStatus(deps));
    const again = await systemStatusJson(deps);
    await deps.workflows.update({ ...wf, stage: 'SCHEDULED', updatedAt: new Date(deps.clock.now().getTime() + 1000).toISOString() });
    await workflowSnapshot(deps.workflows, { maxStaleMs: 0 });
    const changed = await systemStatusJson(deps);

    // Assess
    expect(first).toBe(serialized);
    expect(again).toBe(first);
    expect(JSON.parse(first)).toMatchObject({ pendingApprovals: 1, statistics: { workflows: { awaitingApproval: 1 } } });
    expect(changed).toBe(JSON.stringify(await systemStatus(deps)));
    expect(JSON.parse(changed)).toMatchObject({ pendingApprovals: 0, statistics: { workflows: { awaitingApproval: 0 } } });
  });
});
