import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_RATE_ALARM, RolloutLab } from '../support/rollout-lab.js';

/** Local mode, real processes and traffic: the emergency lane and the deployment queue. */
describe('Local mode: emergency lane and deployment queue', () => {
  let lab: RolloutLab | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it('takes the emergency rollout without waiting for the window, is still rolled back by an alarm, and records the lane', async () => {
    // Prepare: the component's own canary would hold 10% for 30 minutes (18 s here) inside a window that is closed
    // right now; policy sends the update down the emergency lane: a 50% canary for a minute, no window wait.
    const today = new Date().toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
    const closed = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].filter((d) => d !== today);
    lab = await RolloutLab.start({
      releases: [{ version: '1.0.0' }, { version: '1.2.0', errorPercent: 90 }],
      deploy: { strategy: { type: 'canary', percent: 10, interval: '30m' }, alarms: [ERROR_RATE_ALARM] },
      config: {
        rollouts: { emergency: { type: 'canary', percent: 50, interval: '1m' } },
        windows: [{ name: 'not-today', days: closed, start: '02:00', end: '03:00', timezone: 'UTC' }],
        policies: [{ name: 'hotfix', priority: 900, conditions: { component: 'sample' }, actions: { decision: 'AUTO_APPROVE', rollout: 'emergency', bypass_window: true } }],
      },
    });
    const detected = await lab.detect();
    const id = detected.workflowId as string;
    await lab.approve(id);

    // Act
    const wf = await lab.waitFor(id, ['ROLLED_BACK', 'SUCCEEDED', 'FAILED'], 15_000);

    // Assess: health-gated (the alarm rolled it back), recorded as the emergency lane.
    expect(wf.stage).toBe('ROLLED_BACK');
    expect(wf.outcomeReason).toMatch(/alarm error-rate-high/);
    expect(wf.rollout?.strategy).toBe('Canary50Percent1Minutes (emergency lane)');
    const events = await lab.events(id);
    expect(events.find((e) => e.type === 'SCHEDULED')?.message).toBe('Rollout may start now (emergency lane: window skipped)');
    expect(events.find((e) => e.type === 'EMERGENCY_LANE')).toMatchObject({ details: { rollout: 'emergency', bypassWindow: true, policy: 'hotfix', strategy: 'Canary50Percent1Minutes (emergency lane)' } });
    expect(events.find((e) => e.type === 'ROLLOUT_STARTED')?.details).toMatchObject({ emergency: true, rolloutName: 'emergency' });
    expect(await lab.runtime.deps.components.get('sample')).toMatchObject({ current: '1.0.0', quarantined: ['1.2.0'] });
  });

  it('rolls out one version at a time and lets a newer version supersede a queued older one', async () => {
    // Prepare: 1.1.0 rolls out on a 10-minute canary (6 s here).
    lab = await RolloutLab.start({ releases: [{ version: '1.0.0' }, { version: '1.1.0' }], deploy: { strategy: { type: 'canary', percent: 10, interval: '10m' } } });
    const first = (await lab.detect()).workflowId as string;
    await lab.approve(first);
    await lab.waitFor(first, ['DEPLOYING']);

    // Act: 1.2.0 is released and approved while 1.1.0 is rolling out, then 1.3.0.
    await lab.publish({ version: '1.2.0' });
    const second = (await lab.detect()).workflowId as string;
    await lab.approve(second);
    await expect.poll(async () => (await lab!.events(second)).map((e) => e.type), { timeout: 10_000 }).toContain('DEPLOYMENT_QUEUED');
    await lab.publish({ version: '1.3.0' });
    const third = (await lab.detect()).workflowId as string;
    await lab.approve(third);
    const superseded = await lab.waitFor(second, ['CANCELLED', 'SUCCEEDED', 'FAILED', 'ROLLED_BACK']);
    const firstDone = await lab.waitFor(first, ['SUCCEEDED', 'FAILED', 'ROLLED_BACK']);
    const thirdDone = await lab.waitFor(third, ['SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'CANCELLED']);

    // Assess
    expect(superseded.stage).toBe('CANCELLED');
    expect(superseded.outcomeReason).toBe('superseded by 1.3.0');
    expect(firstDone.stage).toBe('SUCCEEDED');
    expect(thirdDone.stage, thirdDone.outcomeReason).toBe('SUCCEEDED');
    expect(thirdDone.fromVersion).toBe('1.1.0');
    // 1.3.0 did not start before 1.1.0 had finished.
    expect(Date.parse(thirdDone.rollout?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(firstDone.endedAt ?? ''));
    expect(await lab.runtime.deps.components.get('sample')).toMatchObject({ current: '1.3.0', previous: '1.1.0', highWaterMark: '1.3.0' });
  });
});
