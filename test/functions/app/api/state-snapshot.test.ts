import { describe, expect, it } from 'vitest';
import { registerComponent } from '../../../../functions/app/api/components.js';
import { setPolicyEnabled } from '../../../../functions/app/api/policies.js';
import { exportState, importState } from '../../../../functions/app/api/state-snapshot.js';
import { note } from '../../../../functions/app/workflow-journal.js';
import { ConflictError, ValidationError } from '../../../../functions/core/errors.js';
import { aPolicy } from '../../../support/store-fixtures.js';
import { fakeAppDeps, seedComponents, type FakeAppDeps } from '../../../support/fakes/index.js';
import { givenWorkflow } from '../app-fixtures.js';

/** A store with a bit of everything: components, a seen version, policies, workflows and events of every stream. */
async function busyStore(): Promise<FakeAppDeps> {
  const deps = fakeAppDeps();
  await seedComponents(deps);
  const at = deps.clock.now().toISOString();
  await deps.components.recordVersion({ component: 'api', version: '1.5.0', firstSeenAt: at, checksum: 'sha256:abc' });
  await deps.policies.put(aPolicy({ name: 'patches' }), { at, by: 'config' });
  await setPolicyEnabled(deps, 'patches', false, undefined, 'ops@example.com');
  await registerComponent(deps, { component: 'api', version: '1.4.1' }, 'ops@example.com');
  const wf = await givenWorkflow(deps, { stage: 'SUCCEEDED' });
  await note(deps, wf.id, { type: 'DETECTED', message: 'found' });
  await givenWorkflow(deps, { version: '1.6.0' });
  await note(deps, 'system', { type: 'DETECTION_STOPPED', actor: 'ops@example.com', message: 'stopped' });
  return deps;
}

/** A fresh store as `upkeep start` seeds it from the same configuration. */
async function freshStore(): Promise<FakeAppDeps> {
  const deps = fakeAppDeps();
  deps.clock.advance(3600);
  await seedComponents(deps);
  await deps.policies.put(aPolicy({ name: 'patches' }), { at: deps.clock.now().toISOString(), by: 'config' });
  return deps;
}

describe('Use case: state snapshot', () => {
  it('round-trips: export, import into a fresh store, export again gives the same document', async () => {
    // Prepare
    const source = await busyStore();
    const exported = JSON.stringify(await exportState(source));
    const target = await freshStore();

    // Act
    const report = await importState(target, JSON.parse(exported));
    const again = JSON.stringify(await exportState(target));

    // Assess
    expect(report).toEqual({ components: 1, versions: 1, policies: 1, workflows: 2, events: 4 });
    expect(again).toBe(exported);
  });

  it('exports the same document twice, with sorted keys and no export time', async () => {
    // Prepare
    const deps = await busyStore();

    // Act
    const first = JSON.stringify(await exportState(deps));
    const second = JSON.stringify(await exportState(deps));

    // Assess
    expect(second).toBe(first);
    expect(Object.keys(JSON.parse(first) as object)).toEqual(['components', 'events', 'format', 'policies', 'versions', 'workflows']);
  });

  it('refuses to import into a store that holds workflows, writing nothing', async () => {
    // Prepare
    const source = await busyStore();
    const snapshot = await exportState(source);
    const target = await freshStore();
    await givenWorkflow(target, { version: '9.0.0' });
    const before = JSON.stringify(await exportState(target));

    // Act
    const attempt = importState(target, snapshot);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect(JSON.stringify(await exportState(target))).toBe(before);
  });

  it('refuses a snapshot with an event of an unknown stream, naming it, before writing anything', async () => {
    // Prepare
    const snapshot = JSON.parse(JSON.stringify(await exportState(await busyStore()))) as { events: { workflowId: string }[] };
    (snapshot.events[0] as { workflowId: string }).workflowId = 'nobody';
    const target = await freshStore();
    const before = JSON.stringify(await exportState(target));

    // Act
    const attempt = importState(target, snapshot);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ problems: [{ path: 'events.0.workflowId', value: 'nobody' }] });
    expect(JSON.stringify(await exportState(target))).toBe(before);
  });
});
