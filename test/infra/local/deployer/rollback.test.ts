import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeployerLab, ERROR_RATE_ALARM, LATENCY_ALARM, groupAlive, processesUnder, sendThrough, until } from './helpers.js';

/** Real processes, real traffic: bad candidates are rolled back, and measured traffic proves it. */
describe('Class: LocalTrafficDeployer › rollback', () => {
  let lab: DeployerLab;

  beforeAll(async () => {
    lab = await DeployerLab.create();
  });
  afterEach(async () => {
    await lab.closeAll();
  });
  afterAll(async () => {
    await lab.closeAll();
    expect([...lab.pids].filter(groupAlive)).toEqual([]);
    expect(await processesUnder(lab.root)).toEqual([]);
    await lab.dispose();
  });

  it('rolls a failing candidate back on its error-rate alarm: measured, 100% of traffic is on the current version', async () => {
    // Prepare: a 5-minute canary (3 s compressed) that the alarm must cut short.
    const { deployer, port } = await lab.deployer({ strategy: { type: 'canary', percent: 10, interval: '5m' }, alarms: [ERROR_RATE_ALARM] });
    // Act
    const { deploymentId } = await deployer.start({ workflowId: 'wf-1', component: 'sample', fromVersion: '1.0.0', toVersion: '1.2.0' });
    await until(deployer, deploymentId, (p) => p.candidateWeight === 10);
    const candidatePid = deployer.processes().find((p) => p.role === 'candidate')?.pid ?? 0;
    const final = await deployer.settled(deploymentId);
    const after = await sendThrough(port, 100);
    const timeline = await deployer.timeline(deploymentId);
    // Assess
    expect(final).toMatchObject({ status: 'ROLLED_BACK', candidateWeight: 0, alarm: 'error-rate-high' });
    expect(final.reason).toMatch(/^alarm error-rate-high: ErrorRate > 5 for [23] of 3 datapoints .*all traffic back on 1\.0\.0, 1\.2\.0 stopped$/);
    expect(after).toEqual({ versions: { '1.0.0': 100 }, statuses: { 200: 100 } });
    expect(groupAlive(candidatePid)).toBe(false);
    expect(deployer.processes()).toMatchObject([{ version: '1.0.0', role: 'live' }]);
    // Well before the 3-second canary would have ended.
    expect((timeline.trafficRestoredAt ?? Infinity) - (timeline.firstTrafficAt ?? 0)).toBeLessThan(2500);
    expect(timeline.firstBreachAt).toBeLessThanOrEqual(timeline.alarmAt ?? 0);
  });

  it('rolls a slow candidate back on its p90 latency alarm', async () => {
    const { deployer, port } = await lab.deployer({ strategy: { type: 'linear', percent: 50, interval: '5m' }, alarms: [ERROR_RATE_ALARM, LATENCY_ALARM] });
    const final = await deployer.settled((await deployer.start({ workflowId: 'wf-2', component: 'sample', fromVersion: '1.0.0', toVersion: '1.3.0' })).deploymentId);
    expect(final).toMatchObject({ status: 'ROLLED_BACK', alarm: 'latency-high' });
    expect(final.reason).toMatch(/Latency > 150 for 2 of 2 datapoints \(p90:/);
    expect((await sendThrough(port, 30)).versions).toEqual({ '1.0.0': 30 });
  });

  it('rolls back during the bake at 100% of an all-at-once rollout', async () => {
    const { deployer, port } = await lab.deployer({ strategy: { type: 'all-at-once' }, alarms: [ERROR_RATE_ALARM] });
    const final = await deployer.settled((await deployer.start({ workflowId: 'wf-3', component: 'sample', fromVersion: '1.0.0', toVersion: '1.2.0' })).deploymentId);
    expect(final).toMatchObject({ status: 'ROLLED_BACK', alarm: 'error-rate-high' });
    expect((await sendThrough(port, 30)).versions).toEqual({ '1.0.0': 30 });
  });

  it('fails a candidate that exits before answering its health check, keeping traffic on the current version', async () => {
    const { deployer, port } = await lab.deployer({ strategy: { type: 'canary', percent: 10, interval: '1m' }, alarms: [ERROR_RATE_ALARM] });
    const final = await deployer.settled((await deployer.start({ workflowId: 'wf-4', component: 'sample', fromVersion: '1.0.0', toVersion: '1.4.0' })).deploymentId);
    expect(final).toMatchObject({ status: 'FAILED', candidateWeight: 0 });
    expect(final.reason).toMatch(/1\.4\.0 exited \(code 3\) before \/health answered; last output: release 1\.4\.0 refuses to start/);
    expect((await sendThrough(port, 20)).versions).toEqual({ '1.0.0': 20 });
  });

  it('fails rather than deploy without a way back when the current version exists but will not start', async () => {
    const { deployer, port } = await lab.deployer({ strategy: { type: 'all-at-once' } });
    const final = await deployer.settled((await deployer.start({ workflowId: 'wf-4b', component: 'sample', fromVersion: '1.4.0', toVersion: '1.1.0' })).deploymentId);
    expect(final).toMatchObject({ status: 'FAILED', candidateWeight: 0 });
    expect(final.reason).toMatch(/could not start sample: sample 1\.4\.0 exited \(code 3\)/);
    expect(deployer.processes()).toEqual([]);
    expect((await sendThrough(port, 1)).statuses).toEqual({ 503: 1 });
  });

  it('rolls a stepped rollout back when the analysis after a step fails, having given it that step\'s samples', async () => {
    const seen: { weight: number; candidateSamples: number }[] = [];
    const { deployer, port } = await lab.deployer({ strategy: { type: 'stepped', steps: [25, 100], bake: '1m' } }, {
      stepGate: ({ step, metrics, candidate, stepStartedAt }) => {
        seen.push({ weight: step.weight, candidateSamples: metrics.samples(candidate, stepStartedAt).length });
        return Promise.resolve({ verdict: 'fail', reason: 'p99 latency 40% above current' });
      },
    });
    const final = await deployer.settled((await deployer.start({ workflowId: 'wf-7', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' })).deploymentId);
    expect(final).toMatchObject({ status: 'ROLLED_BACK', strategy: 'Stepped25-100' });
    expect(final.reason).toMatch(/^analysis at 25% failed: p99 latency 40% above current; all traffic back on 1\.0\.0/);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.candidateSamples).toBeGreaterThan(5);
    expect((await sendThrough(port, 10)).versions).toEqual({ '1.0.0': 10 });
  });

  describe('Method: rollBack', () => {
    it('sends all traffic back at once when asked in the middle of a canary', async () => {
      const { deployer, port } = await lab.deployer({ strategy: { type: 'canary', percent: 10, interval: '5m' } });
      const { deploymentId } = await deployer.start({ workflowId: 'wf-5', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      await until(deployer, deploymentId, (p) => p.candidateWeight === 10);
      const progress = await deployer.rollBack(deploymentId, 'operator saw a bad graph');
      expect(progress).toMatchObject({ status: 'ROLLED_BACK', candidateWeight: 0 });
      expect(progress.alarm).toBeUndefined();
      expect(progress.reason).toMatch(/rolled back by request: operator saw a bad graph; all traffic back on 1\.0\.0/);
      expect((await sendThrough(port, 20)).versions).toEqual({ '1.0.0': 20 });
    });

    it('brings the previous version back after a rollout that succeeded', async () => {
      const { deployer, port } = await lab.deployer({ strategy: { type: 'all-at-once' } });
      const { deploymentId } = await deployer.start({ workflowId: 'wf-6', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      await deployer.settled(deploymentId);
      const progress = await deployer.rollBack(deploymentId, 'customer report');
      expect(progress).toMatchObject({ status: 'ROLLED_BACK', candidateWeight: 0 });
      expect((await sendThrough(port, 10)).versions).toEqual({ '1.0.0': 10 });
      expect(deployer.processes()).toMatchObject([{ version: '1.0.0', role: 'live' }]);
    });
  });
});
