import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_RATE_ALARM, OPERATOR, RolloutLab } from '../support/rollout-lab.js';

/** Local mode, real processes and traffic: after a rollback, the version stays out until an operator releases it. */
describe('Local mode: quarantine after a rollback', () => {
  let lab: RolloutLab | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it('quarantines a rolled-back version, does not start it again on later detections, and does once an operator releases it', async () => {
    // Prepare: 1.0.0 runs; 1.2.0 fails 90% of requests.
    lab = await RolloutLab.start({
      releases: [{ version: '1.0.0' }, { version: '1.2.0', errorPercent: 90 }],
      deploy: { strategy: { type: 'canary', percent: 10, interval: '5m' }, alarms: [ERROR_RATE_ALARM] },
    });
    const detected = await lab.detect();
    expect(detected).toMatchObject({ availableVersion: '1.2.0', started: true });
    const first = detected.workflowId as string;
    await lab.approve(first);

    // Act 1: the canary's alarm rolls it back.
    const rolledBack = await lab.waitFor(first, ['ROLLED_BACK', 'SUCCEEDED', 'FAILED']);
    const component = await lab.runtime.deps.components.get('sample');
    const again = await lab.detect();
    const stillOut = await lab.detect();

    // Assess 1
    expect(rolledBack.stage).toBe('ROLLED_BACK');
    expect(rolledBack.outcomeReason).toMatch(/alarm error-rate-high/);
    expect(component).toMatchObject({ current: '1.0.0', quarantined: ['1.2.0'] });
    expect(component.highWaterMark === undefined || component.highWaterMark === '1.0.0').toBe(true);
    for (const pass of [again, stillOut]) expect(pass).toMatchObject({ updateAvailable: false, availableVersion: null });
    expect(again.started).toBeUndefined();
    expect((await lab.runtime.deps.workflows.listByComponent('sample')).items).toHaveLength(1);

    // Act 2: an operator releases it.
    const released = await lab.api('POST', '/api/self-update/components/sample/release/1.2.0');
    const retried = await lab.detect();

    // Assess 2: a new workflow for 1.2.0; the rolled-back one stays on record.
    expect(released.status).toBe(200);
    expect((released.json as { component: { quarantined: string[] } }).component.quarantined).toEqual([]);
    expect(retried).toMatchObject({ availableVersion: '1.2.0', started: true });
    expect(retried.workflowId).not.toBe(first);
    expect((await lab.workflow(first)).stage).toBe('ROLLED_BACK');
    const audit = (await lab.runtime.deps.audit.list('component:sample', { limit: 50 })).items;
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'RELEASED', actor: OPERATOR, details: { version: '1.2.0', retiredWorkflowId: first } })]));
    // Left waiting for its approval (a quiet state to stop local mode in).
    await lab.waitFor(retried.workflowId as string, ['AWAITING_APPROVAL']);
    await expect.poll(async () => (await lab!.workflow(retried.workflowId as string)).approvalRound, { timeout: 10_000 }).toBe(1);
  });
});
