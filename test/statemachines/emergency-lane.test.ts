import { afterEach, describe, expect, it } from 'vitest';
import { detectUpdates } from '../../functions/app/detect-updates.js';
import { PASSING_SIMULATION, StaticConfigProvider, TEST_NOW, seedComponents, testComponent, testConfig } from '../support/fakes/index.js';
import { workflowHarness, type Harness } from '../support/workflow-harness.js';

const old = (days: number) => new Date(Date.parse(TEST_NOW) - days * 86_400_000).toISOString();
const deploy = { target: { type: 'lambda', functionName: 'api' }, strategy: { type: 'canary', percent: 10, interval: '30m' }, bake: '1m' } as const;
const advisory = { id: 'GHSA-1', severity: 'CRITICAL', summary: 'remote code execution', affected: '<1.4.1', fixedIn: ['1.4.1'] } as const;

let current: Harness | undefined;
afterEach(() => {
  for (const e of current?.machine.listExecutions({ statusFilter: 'RUNNING' }) ?? []) current?.machine.stopExecution(e.executionArn);
  current = undefined;
});

describe('State machine: emergency lane', () => {
  it('ships a CRITICAL fix on the emergency rollout without the window wait, health-gated, and records the lane', async () => {
    // Prepare: the only window is on Saturdays (TEST_NOW is a Wednesday); policy sends CRITICAL fixes down the emergency lane.
    const h = await workflowHarness({
      config: new StaticConfigProvider(testConfig({
        components: [testComponent({ deploy, simulation: { buildspec: 'buildspec.yml' } })],
        windows: [{ name: 'weekend', days: ['Saturday'], start: '02:00', end: '06:00', timezone: 'UTC' }],
        rollouts: { emergency: { type: 'canary', percent: 50, interval: '1m' } },
        policies: [{ name: 'critical-fixes', priority: 990, conditions: { priority: ['CRITICAL'] }, actions: { decision: 'AUTO_APPROVE', rollout: 'emergency', bypass_window: true } }],
      })),
    });
    current = h;
    await seedComponents(h.deps);
    h.deps.source.publish('api', [{ version: '1.4.0', releasedAt: old(60), advisories: [advisory] }, { version: '1.4.1', releasedAt: old(1), checksum: 'sha256:fix' }]);
    h.deps.builds.scriptFor('api', '1.4.1', PASSING_SIMULATION);
    h.deps.deployer.setHealth('api', { healthy: false, alarms: [{ name: 'api-errors', reason: 'Errors > 5' }] });

    // Act
    const [result] = await detectUpdates(h.deps, { startWorkflows: true });
    const wf = await h.waitForStage(result?.workflowId as string, ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'DEFERRED']);

    // Assess: no window wait, the emergency rollout, and the health gate still rolled it back.
    expect(wf.priority?.priority).toBe('CRITICAL');
    expect(wf.evaluation).toMatchObject({ decision: 'AUTO_APPROVE', policy: 'critical-fixes', bypassWindow: true, rollout: 'emergency' });
    expect(h.deps.deployer.started).toEqual([expect.objectContaining({ emergency: true, rollout: 'emergency' })]);
    expect(wf.stage).toBe('ROLLED_BACK');
    const events = (await h.deps.audit.list(wf.id, { limit: 100 })).items;
    expect(events.find((e) => e.type === 'SCHEDULED')?.details).toMatchObject({ emergency: true, notBefore: TEST_NOW });
    expect(events.find((e) => e.type === 'EMERGENCY_LANE')).toMatchObject({ details: { priority: 'CRITICAL', policy: 'critical-fixes', rollout: 'emergency', bypassWindow: true } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['HEALTH_CHECKED', 'ROLLBACK_REQUESTED', 'ROLLED_BACK']));
  });
});
