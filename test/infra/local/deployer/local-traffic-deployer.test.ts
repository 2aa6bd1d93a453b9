import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../../functions/core/errors.js';
import { DeployerLab, ERROR_RATE_ALARM, followWeights, groupAlive, processesUnder, sendThrough, until } from './helpers.js';

/** Real processes, real traffic: healthy candidates through every strategy, state, health. */
describe('Class: LocalTrafficDeployer', () => {
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

  describe('Method: start', () => {
    it('completes a canary: real requests reach the candidate during the canary, then all go to it', async () => {
      // Prepare
      const { deployer, port } = await lab.deployer({ strategy: { type: 'canary', percent: 10, interval: '2m' }, alarms: [ERROR_RATE_ALARM] });
      // Act
      const { deploymentId } = await deployer.start({ workflowId: 'wf-1', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      await until(deployer, deploymentId, (p) => p.candidateWeight === 10);
      const during = await sendThrough(port, 40);
      const oldPid = deployer.processes().find((p) => p.version === '1.0.0')?.pid;
      const final = await deployer.settled(deploymentId);
      const after = await sendThrough(port, 30);
      // Assess
      expect(during.versions['1.1.0']).toBeGreaterThanOrEqual(1);
      expect(during.versions['1.1.0']).toBeLessThanOrEqual(10);
      expect(during.versions['1.0.0']).toBeGreaterThanOrEqual(30);
      expect(final).toMatchObject({ status: 'SUCCEEDED', candidateWeight: 100, strategy: 'Canary10Percent2Minutes' });
      expect(after).toEqual({ versions: { '1.1.0': 30 }, statuses: { 200: 30 } });
      expect(deployer.processes()).toMatchObject([{ version: '1.1.0', role: 'live' }]);
      expect(oldPid !== undefined && groupAlive(oldPid)).toBe(false);
    });

    it('walks linear steps in order and ends with every request on the candidate', async () => {
      const { deployer, port } = await lab.deployer({ strategy: { type: 'linear', percent: 25, interval: '1m' }, alarms: [ERROR_RATE_ALARM] });
      const { deploymentId } = await deployer.start({ workflowId: 'wf-2', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      const { weights, final } = await followWeights(deployer, deploymentId);
      const candidateSamples = (await deployer.metrics('sample'))?.samples('1.1.0') ?? [];
      expect(weights).toEqual([25, 50, 75, 100]);
      expect(final.status).toBe('SUCCEEDED');
      expect(candidateSamples.length).toBeGreaterThan(50);
      expect(await sendThrough(port, 20)).toEqual({ versions: { '1.1.0': 20 }, statuses: { 200: 20 } });
    });

    it('shifts all at once, and follows a predefined CodeDeploy configuration by name', async () => {
      // An alarm gives the 100% step a bake (one evaluation window), long enough to observe.
      const { deployer, port } = await lab.deployer({ strategy: { type: 'all-at-once' }, alarms: [ERROR_RATE_ALARM] });
      const first = await deployer.start({ workflowId: 'wf-3', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      const { weights, final } = await followWeights(deployer, first.deploymentId);
      expect(weights).toEqual([100]);
      expect(final).toMatchObject({ status: 'SUCCEEDED', strategy: 'AllAtOnce' });
      expect((await sendThrough(port, 10)).versions).toEqual({ '1.1.0': 10 });

      const { deployer: named } = await lab.deployer({ strategy: { type: 'custom', config: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' }, alarms: [ERROR_RATE_ALARM] }, { timeScale: 0.004 });
      const second = await named.start({ workflowId: 'wf-3b', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      const followed = await followWeights(named, second.deploymentId);
      expect(followed.weights).toEqual([10, 100]);
      expect(followed.final).toMatchObject({ status: 'SUCCEEDED', strategy: 'Canary10Percent5Minutes' });
    });

    it('sends everything to the candidate on a first deploy, when the current version cannot run', async () => {
      const { deployer, port } = await lab.deployer({ strategy: { type: 'canary', percent: 10, interval: '1m' } });
      const { deploymentId } = await deployer.start({ workflowId: 'wf-4', component: 'sample', fromVersion: '0.9.0', toVersion: '1.1.0' });
      const final = await deployer.settled(deploymentId);
      expect(final.status).toBe('SUCCEEDED');
      expect(final.reason).toMatch(/0\.9\.0 could not start .*no tag.*first deploy/);
      expect((await sendThrough(port, 10)).versions).toEqual({ '1.1.0': 10 });
    });

    it('succeeds at once when the candidate is the current version', async () => {
      const { deployer, port } = await lab.deployer({});
      const final = await deployer.settled((await deployer.start({ workflowId: 'wf-5', component: 'sample', fromVersion: '1.0.0', toVersion: '1.0.0' })).deploymentId);
      expect(final).toMatchObject({ status: 'SUCCEEDED', candidateWeight: 100 });
      expect((await sendThrough(port, 5)).versions).toEqual({ '1.0.0': 5 });
    });

    it('refuses a second rollout of a component in progress, and an unknown component', async () => {
      const { deployer } = await lab.deployer({ strategy: { type: 'canary', percent: 10, interval: '1m' } });
      const { deploymentId } = await deployer.start({ workflowId: 'wf-6', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      await expect(deployer.start({ workflowId: 'wf-7', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' })).rejects.toThrow(ConflictError);
      await expect(deployer.start({ workflowId: 'wf-8', component: 'nope', fromVersion: '1', toVersion: '2' })).rejects.toThrow(NotFoundError);
      await deployer.settled(deploymentId);
    });
  });

  describe('Method: status', () => {
    it('answers from the state file after a restart, and names an unknown deployment', async () => {
      // Prepare
      const { deployer } = await lab.deployer({ strategy: { type: 'all-at-once' } });
      const { deploymentId } = await deployer.start({ workflowId: 'wf-9', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      const final = await deployer.settled(deploymentId);
      const dataDir = join(lab.root, 'restart');
      const { deployer: first } = await lab.deployer({ strategy: { type: 'all-at-once' } }, { dataDir });
      const started = await first.start({ workflowId: 'wf-10', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      await first.settled(started.deploymentId);
      await first.close();
      // Act
      const { deployer: second } = await lab.deployer({ strategy: { type: 'all-at-once' } }, { dataDir });
      const reloaded = await second.status(started.deploymentId);
      const file = JSON.parse(await readFile(join(dataDir, 'deployer', 'state.json'), 'utf8')) as { live: Record<string, string> };
      // Assess
      expect(final.status).toBe('SUCCEEDED');
      expect(reloaded).toMatchObject({ deploymentId: started.deploymentId, status: 'SUCCEEDED', candidateWeight: 100 });
      expect(file.live).toEqual({ sample: '1.1.0' });
      await expect(second.status('dep-unknown')).rejects.toThrow(NotFoundError);
    });
  });

  describe('Method: health', () => {
    it('reports a component that is not running, then the live version\'s alarms in ALARM', async () => {
      const { deployer } = await lab.deployer({ alarms: [ERROR_RATE_ALARM] });
      const before = await deployer.health('sample');
      await deployer.serve('sample', '1.0.0');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const healthy = await deployer.health('sample');
      await deployer.serve('sample', '1.2.0'); // the failing release, live without a rollout
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const failing = await deployer.health('sample');
      expect(before).toMatchObject({ healthy: false, alarms: [{ name: 'ProcessRunning' }] });
      expect(healthy).toEqual({ healthy: true, alarms: [] });
      expect(failing.healthy).toBe(false);
      expect(failing.alarms).toMatchObject([{ name: 'error-rate-high', reason: expect.stringMatching(/^ErrorRate > 5 for [23] of 3 datapoints/) }]);
    });
  });

  describe('Method: close', () => {
    it('stops a rollout in progress and leaves no process and no listener behind', async () => {
      const { deployer, port } = await lab.deployer({ strategy: { type: 'canary', percent: 10, interval: '5m' } });
      const { deploymentId } = await deployer.start({ workflowId: 'wf-11', component: 'sample', fromVersion: '1.0.0', toVersion: '1.1.0' });
      await until(deployer, deploymentId, (p) => p.candidateWeight === 10);
      const pids = deployer.processes().map((p) => p.pid ?? 0);
      await deployer.close();
      expect(pids).toHaveLength(2);
      expect(pids.filter(groupAlive)).toEqual([]);
      expect(await deployer.status(deploymentId)).toMatchObject({ status: 'STOPPED', candidateWeight: 0 });
      await expect(sendThrough(port, 1)).rejects.toThrow(/ECONNREFUSED/);
    });
  });
});
