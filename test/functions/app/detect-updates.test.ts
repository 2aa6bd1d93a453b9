import { describe, expect, it } from 'vitest';
import { detectUpdates } from '../../../functions/app/detect-updates.js';
import { executionName } from '../../../functions/constants.js';
import { TransientError } from '../../../functions/core/errors.js';
import { StaticConfigProvider, arnOf, fakeAppDeps, seedComponents, testComponent, testConfig } from '../../support/fakes/index.js';
import type { FakeAppDeps } from '../../support/fakes/index.js';
import { aNewComponent } from '../../support/store-fixtures.js';
import { givenWorkflow } from './app-fixtures.js';

const RELEASES = [
  { version: '1.4.0', releasedAt: '2024-12-01T00:00:00.000Z' },
  { version: '1.5.0', releasedAt: '2025-01-05T00:00:00.000Z', checksum: 'sha512-bmV3' },
];

async function watching(deps: FakeAppDeps = fakeAppDeps()): Promise<FakeAppDeps> {
  await seedComponents(deps);
  deps.source.publish('api', RELEASES);
  return deps;
}

describe('Function: detectUpdates', () => {
  it('records a new version and starts its workflow', async () => {
    // Prepare
    const deps = await watching();

    // Act
    const [result] = await detectUpdates(deps, { startWorkflows: true });

    // Assess
    const [wf] = deps.workflows.all();
    expect(result).toMatchObject({
      component: 'api', currentVersion: '1.4.0', availableVersion: '1.5.0', updateAvailable: true, updateType: 'minor',
      source: 'npm:api', error: null, workflowId: wf?.id, started: true,
    });
    expect(wf).toMatchObject({ component: 'api', version: '1.5.0', fromVersion: '1.4.0', stage: 'DETECTED', release: RELEASES[1] });
    expect(await deps.components.getVersion('api', '1.5.0')).toMatchObject({ checksum: 'sha512-bmV3', firstSeenAt: deps.clock.now().toISOString() });
    expect(deps.engine.executions()).toMatchObject([{ name: executionName('api', '1.5.0', wf!.id), status: 'RUNNING' }]);
    expect(deps.audit.events(wf!.id)).toMatchObject([{ type: 'DETECTED', actor: 'detector' }]);
  });

  it('starts exactly one workflow and one execution under 200 concurrent detections', async () => {
    // Prepare
    const deps = await watching();

    // Act
    const passes = await Promise.all(Array.from({ length: 200 }, () => detectUpdates(deps, { startWorkflows: true })));

    // Assess
    const results = passes.flat();
    const workflows = deps.workflows.all();
    expect(workflows).toHaveLength(1);
    expect(new Set(results.map((r) => r.workflowId))).toEqual(new Set([workflows[0]?.id]));
    expect(deps.engine.executions()).toHaveLength(1);
    expect(results.filter((r) => r.started)).toHaveLength(1);
    expect(deps.audit.events(workflows[0]!.id).filter((e) => e.type === 'DETECTED')).toHaveLength(1);
  });

  it('records a failing source as the error of its own component and carries on with the rest', async () => {
    // Prepare
    const deps = await watching(fakeAppDeps({
      config: new StaticConfigProvider(testConfig({ components: [testComponent(), testComponent({ name: 'billing', current: '2.0.0', source: { type: 'pypi', package: 'billing' } })] })),
    }));
    deps.source.fail('billing', new TransientError('pypi answered 503'));

    // Act
    const results = await detectUpdates(deps, { startWorkflows: true });

    // Assess
    expect(results.find((r) => r.component === 'billing')).toEqual({
      component: 'billing', currentVersion: '2.0.0', source: 'pypi:billing', availableVersion: null, updateAvailable: false, updateType: 'none',
      priority: null, recommendation: 'The source could not be read; see error.', error: 'TransientError: pypi answered 503',
    });
    expect(results.find((r) => r.component === 'api')).toMatchObject({ error: null, availableVersion: '1.5.0', started: true });
    expect(deps.workflows.all().map((w) => w.component)).toEqual(['api']);
    expect(deps.source.calls.map((s) => s.type).sort()).toEqual(['npm', 'pypi']);
  });

  it('only reports when startWorkflows is false: no version recorded, no workflow, no execution', async () => {
    // Prepare
    const deps = await watching();

    // Act
    const results = await detectUpdates(deps, { startWorkflows: false });

    // Assess
    expect(results).toMatchObject([{ availableVersion: '1.5.0', updateAvailable: true }]);
    expect(results[0]).not.toHaveProperty('workflowId');
    expect(deps.workflows.all()).toEqual([]);
    expect(deps.engine.starts).toEqual([]);
    expect(await deps.components.getVersion('api', '1.5.0')).toBeUndefined();
  });

  it('starts the execution of a recorded workflow whose detector stopped before starting it', async () => {
    // Prepare
    const deps = await watching();
    const orphan = await givenWorkflow(deps, { version: '1.5.0' });

    // Act
    const [result] = await detectUpdates(deps, { startWorkflows: true });

    // Assess
    expect(result?.workflowId).toBe(orphan.id);
    expect(deps.workflows.all()).toHaveLength(1);
    expect(deps.engine.starts).toEqual([{ name: executionName('api', '1.5.0', orphan.id), input: { workflowId: orphan.id, component: 'api', version: '1.5.0' } }]);
    expect(deps.engine.executions()).toHaveLength(1);
  });

  it('starts nothing for a workflow that is already running or has ended', async () => {
    // Prepare
    const deps = await watching(fakeAppDeps({
      config: new StaticConfigProvider(testConfig({ components: [testComponent(), testComponent({ name: 'web', source: { type: 'npm', package: 'web' } })] })),
    }));
    deps.source.publish('web', RELEASES);
    const running = await givenWorkflow(deps, { version: '1.5.0', executionArn: arnOf('api-1_5_0-x') });
    await givenWorkflow(deps, { component: 'web', version: '1.5.0', stage: 'REJECTED' });

    // Act
    const results = await detectUpdates(deps, { startWorkflows: true });

    // Assess
    expect(results.map((r) => [r.component, r.started])).toEqual([['api', false], ['web', false]]);
    expect(results[0]?.workflowId).toBe(running.id);
    expect(deps.engine.starts).toEqual([]);
  });

  it('treats ExecutionAlreadyExists as started by someone else', async () => {
    // Prepare
    const deps = await watching();
    const orphan = await givenWorkflow(deps, { version: '1.5.0' });
    const name = executionName('api', '1.5.0', orphan.id);
    await deps.engine.startExecution({ name, input: { other: true } });

    // Act
    const [result] = await detectUpdates(deps, { startWorkflows: true });

    // Assess
    expect(result).toMatchObject({ workflowId: orphan.id, started: false });
    expect(deps.engine.executions()).toHaveLength(1);
  });

  it('checks only the components asked for', async () => {
    // Prepare
    const deps = await watching(fakeAppDeps({
      config: new StaticConfigProvider(testConfig({ components: [testComponent(), testComponent({ name: 'web', source: { type: 'npm', package: 'web' } })] })),
    }));

    // Act
    const results = await detectUpdates(deps, { startWorkflows: false, only: ['api'] });

    // Assess
    expect(results.map((r) => r.component)).toEqual(['api']);
    expect(deps.source.calls).toHaveLength(1);
  });

  it('reads every page of components, keeping their order in the results', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const names = Array.from({ length: 130 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    for (const name of names) await deps.components.register(aNewComponent({ name, source: { type: 'npm', package: 'shared', registry: 'https://registry.example.test' } }));
    deps.source.publish('shared', RELEASES);

    // Act
    const results = await detectUpdates(deps, { startWorkflows: false, concurrency: 7 });

    // Assess
    expect(results.map((r) => r.component)).toEqual(names);
    expect(results.every((r) => r.availableVersion === '1.5.0')).toBe(true);
  });

  it('asks the sources of the first page before the last page of components is read', async () => {
    // Prepare: the second page of the listing is held back until some source has been asked.
    const deps = fakeAppDeps();
    const names = Array.from({ length: 150 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    for (const name of names) await deps.components.register(aNewComponent({ name, source: { type: 'npm', package: 'shared', registry: 'https://registry.example.test' } }));
    deps.source.publish('shared', RELEASES);
    const list = deps.components.list.bind(deps.components);
    const callsWhenPaged: number[] = [];
    deps.components.list = async (page) => {
      if (page?.cursor !== undefined) {
        while (deps.source.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        callsWhenPaged.push(deps.source.calls.length);
      }
      return list(page);
    };

    // Act
    const results = await detectUpdates(deps, { startWorkflows: false });

    // Assess
    expect(callsWhenPaged).toHaveLength(1);
    expect(callsWhenPaged[0]).toBeGreaterThan(0);
    expect(results.map((r) => r.component)).toEqual(names);
  });
});
