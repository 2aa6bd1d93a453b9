import { afterEach, describe, expect, it } from 'vitest';
import { RolloutLab } from '../support/rollout-lab.js';

/** Stepped traffic (50% then 100%, 1.2 s per step at the labs' time scale) with the analysis after each step. */
const STEPPED = {
  strategy: {
    type: 'stepped', steps: [50, 100], bake: '2m',
    analysis: { maxErrorRateIncrease: 1, maxLatencyIncreasePercent: 100, minRequests: 10, onInconclusive: 'synthetic' },
  },
};

/** Local mode, real processes and traffic: stepped rollouts judged by the analysis of each step. */
describe('Local mode: stepped rollouts with analysis', () => {
  let lab: RolloutLab | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it('fails a slow candidate on p99 latency under real traffic, then passes a good one step by step', async () => {
    // Prepare: 1.3.0 answers after 250 ms; 1.1.0 is as quick as 1.0.0. Users send requests all along.
    lab = await RolloutLab.start({ releases: [{ version: '1.0.0' }, { version: '1.1.0' }, { version: '1.3.0', delayMs: 250 }], deploy: STEPPED });
    const stopUsers = lab.userTraffic();
    try {
      // Act 1: the slow one.
      const slow = await lab.detect();
      expect(slow.availableVersion).toBe('1.3.0');
      await lab.approve(slow.workflowId as string);
      const failed = await lab.waitFor(slow.workflowId as string, ['ROLLED_BACK', 'SUCCEEDED', 'FAILED']);

      // Assess 1: judged on the users' requests, not on synthetic checks.
      expect(failed.stage).toBe('ROLLED_BACK');
      expect(failed.outcomeReason).toMatch(/analysis at 50% failed: p99 latency \d+(\.\d+)? ms against \d+(\.\d+)? ms \(\+\d+(\.\d+)?%\): more than 100% slower/);
      expect(failed.outcomeReason).not.toMatch(/synthetic/);
      expect(failed.rollout?.strategy).toBe('Stepped50-100');

      // Act 2: the good one.
      const good = await lab.detect();
      expect(good.availableVersion).toBe('1.1.0');
      await lab.approve(good.workflowId as string);
      const passed = await lab.waitFor(good.workflowId as string, ['SUCCEEDED', 'ROLLED_BACK', 'FAILED']);

      // Assess 2
      expect(passed.stage, passed.outcomeReason).toBe('SUCCEEDED');
      expect(passed.rollout?.analyses?.map((a) => [a.weight, a.verdict])).toEqual([[50, 'pass'], [100, 'pass']]);
      expect(passed.rollout?.analyses?.[0]).toMatchObject({ reason: expect.stringMatching(/^error rate 0% against 0%; p99 latency/) as unknown });
      expect(passed.rollout?.analyses?.[0]?.synthetic).toBeUndefined();
      expect(await lab.runtime.deps.components.get('sample')).toMatchObject({ current: '1.1.0', previous: '1.0.0', quarantined: ['1.3.0'] });
      expect(lab.runtime.deps.deployer).toBeDefined();
    } finally {
      expect(await stopUsers()).toBeGreaterThan(20);
    }
  });

  it('runs synthetic checks instead of passing blindly when no real traffic reaches the candidate', async () => {
    // Prepare: nobody uses the service (only the deployer's own generator, which the analysis does not count).
    lab = await RolloutLab.start({ releases: [{ version: '1.0.0' }, { version: '1.3.0', delayMs: 250 }], deploy: STEPPED });
    const detected = await lab.detect();
    await lab.approve(detected.workflowId as string);

    // Act
    const wf = await lab.waitFor(detected.workflowId as string, ['ROLLED_BACK', 'SUCCEEDED', 'FAILED']);

    // Assess: inconclusive for lack of traffic, settled by checks sent straight to each version.
    expect(wf.stage).toBe('ROLLED_BACK');
    expect(wf.outcomeReason).toMatch(/analysis at 50% failed: only 0 request\(s\) reached the candidate; at least 10 are needed to judge it, so 10 synthetic checks were sent to each version: synthetic checks: p99 latency/);
    expect(await lab.runtime.deps.components.get('sample')).toMatchObject({ current: '1.0.0', quarantined: ['1.3.0'] });
  });

  it('passes a good candidate on synthetic checks when no real traffic reaches it', async () => {
    lab = await RolloutLab.start({ releases: [{ version: '1.0.0' }, { version: '1.1.0' }], deploy: STEPPED });
    const detected = await lab.detect();
    await lab.approve(detected.workflowId as string);

    const wf = await lab.waitFor(detected.workflowId as string, ['ROLLED_BACK', 'SUCCEEDED', 'FAILED']);

    expect(wf.stage, wf.outcomeReason).toBe('SUCCEEDED');
    expect(wf.rollout?.analyses).toEqual([
      expect.objectContaining({ weight: 50, verdict: 'pass', synthetic: true, reason: expect.stringMatching(/^only 0 request\(s\) reached the candidate.*synthetic checks: error rate 0%/) as unknown }),
      expect.objectContaining({ weight: 100, verdict: 'pass', synthetic: true }),
    ]);
  });
});
