import { describe, expect, it } from 'vitest';
import { setDetection, systemStatus } from '../../../../functions/app/api/detection.js';
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
});
