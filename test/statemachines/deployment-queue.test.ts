import { afterEach, describe, expect, it } from 'vitest';
import { detectUpdates } from '../../functions/app/detect-updates.js';
import type { RolloutProgress } from '../../functions/core/workflow-types.js';
import type { DeploymentRequest } from '../../functions/ports/deployer.js';
import { FakeDeployer, PASSING_SIMULATION, StaticConfigProvider, TEST_NOW, seedComponents, testComponent, testConfig } from '../support/fakes/index.js';
import { workflowHarness, type Harness } from '../support/workflow-harness.js';

const DAY = 86_400_000;
const old = (days: number) => new Date(Date.parse(TEST_NOW) - days * DAY).toISOString();
const deploy = { target: { type: 'lambda', functionName: 'api' }, strategy: { type: 'canary', percent: 10, interval: '5m' }, bake: '1m' } as const;

/** A deployer whose rollouts of the versions in `held` stay IN_PROGRESS until let go. */
class HeldDeployer extends FakeDeployer {
  public readonly held = new Set<string>();
  readonly #versions = new Map<string, string>();

  public override async start(request: DeploymentRequest): Promise<RolloutProgress> {
    const progress = await super.start(request);
    this.#versions.set(progress.deploymentId, request.toVersion);
    return progress;
  }

  public override async status(deploymentId: string): Promise<RolloutProgress> {
    if (this.held.has(this.#versions.get(deploymentId) ?? '')) return { deploymentId, strategy: 'canary', status: 'IN_PROGRESS', candidateWeight: 10, startedAt: TEST_NOW };
    return super.status(deploymentId);
  }
}

let current: Harness | undefined;
afterEach(() => {
  for (const e of current?.machine.listExecutions({ statusFilter: 'RUNNING' }) ?? []) current?.machine.stopExecution(e.executionArn);
  current = undefined;
});

async function detect(h: Harness, versions: readonly string[]): Promise<string> {
  h.deps.source.publish('api', [{ version: '1.4.0', releasedAt: old(60) }, ...versions.map((version) => ({ version, releasedAt: old(10), checksum: `sha256:${version}` }))]);
  for (const version of versions) h.deps.builds.scriptFor('api', version, PASSING_SIMULATION);
  const [result] = await detectUpdates(h.deps, { startWorkflows: true });
  expect(result?.started).toBe(true);
  return result?.workflowId as string;
}

describe('State machine: deployment queue', () => {
  it('keeps one rollout per component and lets a later version supersede a queued older one', async () => {
    // Prepare: 1.4.1 rolls out and holds the slot until let go.
    const deployer = new HeldDeployer();
    deployer.held.add('1.4.1');
    const h = await workflowHarness({ deployer, config: new StaticConfigProvider(testConfig({ components: [testComponent({ deploy, simulation: { buildspec: 'buildspec.yml' } })] })) });
    current = h;
    await seedComponents(h.deps);
    const first = await detect(h, ['1.4.1']);
    await h.waitForStage(first, ['DEPLOYING']);

    // Act: 1.4.2 queues behind it; then 1.4.3 arrives and supersedes 1.4.2.
    const second = await detect(h, ['1.4.1', '1.4.2']);
    await expect.poll(async () => h.eventTypes(second), { timeout: 10_000 }).toContain('DEPLOYMENT_QUEUED');
    const third = await detect(h, ['1.4.1', '1.4.2', '1.4.3']);
    const superseded = await h.waitForStage(second, ['CANCELLED', 'SUCCEEDED', 'FAILED']);
    expect((await h.deps.workflows.get(third)).stage).toBe('SCHEDULED');
    deployer.held.delete('1.4.1');
    const done = await h.waitForStage(third, ['SUCCEEDED', 'FAILED', 'CANCELLED']);

    // Assess
    expect(superseded.stage).toBe('CANCELLED');
    expect(superseded.outcomeReason).toBe('superseded by 1.4.3');
    expect(await h.eventTypes(second)).toEqual(expect.arrayContaining(['DEPLOYMENT_QUEUED', 'SUPERSEDED']));
    expect(superseded.history.at(-1)).toMatchObject({ stage: 'CANCELLED', reason: 'superseded by 1.4.3' });
    expect((await h.deps.workflows.get(first)).stage).toBe('SUCCEEDED');
    expect(done.stage).toBe('SUCCEEDED');
    // It waited for 1.4.1 and replaced it, not the 1.4.0 that ran when it was detected.
    expect(done.fromVersion).toBe('1.4.1');
    expect(deployer.started.map((r) => `${r.fromVersion}→${r.toVersion}`)).toEqual(['1.4.0→1.4.1', '1.4.1→1.4.3']);
    expect(await h.deps.components.get('api')).toMatchObject({ current: '1.4.3', previous: '1.4.1', highWaterMark: '1.4.3' });
    const slot = await h.deps.deploymentQueue.get('api');
    expect(slot.holder).toBeUndefined();
    expect(slot.next).toBeUndefined();
  });

  it('frees the slot when the holding rollout is rolled back, and the next in line ships', async () => {
    const deployer = new HeldDeployer();
    deployer.held.add('1.4.1');
    const h = await workflowHarness({ deployer, config: new StaticConfigProvider(testConfig({ components: [testComponent({ deploy, simulation: { buildspec: 'buildspec.yml' } })] })) });
    current = h;
    await seedComponents(h.deps);
    deployer.script('api', '1.4.1', [{ status: 'ROLLED_BACK', alarm: 'api-errors', reason: 'alarm api-errors' }]);
    const first = await detect(h, ['1.4.1']);
    await h.waitForStage(first, ['DEPLOYING']);
    const second = await detect(h, ['1.4.1', '1.4.2']);
    await expect.poll(async () => h.eventTypes(second), { timeout: 10_000 }).toContain('DEPLOYMENT_QUEUED');

    deployer.held.delete('1.4.1');

    expect((await h.waitForStage(first, ['ROLLED_BACK', 'SUCCEEDED', 'FAILED'])).stage).toBe('ROLLED_BACK');
    const next = await h.waitForStage(second, ['SUCCEEDED', 'FAILED', 'CANCELLED']);
    expect(next.stage).toBe('SUCCEEDED');
    expect(next.fromVersion).toBe('1.4.0');
    expect(await h.deps.components.get('api')).toMatchObject({ current: '1.4.2', quarantined: ['1.4.1'] });
  });
});
