import { describe, expect, it } from 'vitest';
import { detectUpdates } from '../../../functions/app/detect-updates.js';
import { executionName } from '../../../functions/constants.js';
import { StaticConfigProvider, fakeAppDeps, seedComponents, testComponent, testConfig } from '../../support/fakes/index.js';
import type { FakeAppDeps } from '../../support/fakes/index.js';

const DELIVERIES = 1_000;
const OLD = '2024-12-01T00:00:00.000Z';
const NEW = '2025-01-05T00:00:00.000Z';

/** Five components: three with a new version (patch, minor, major), two already on their newest. */
async function watchingFive(): Promise<FakeAppDeps> {
  const npm = (name: string) => ({ type: 'npm' as const, package: name, registry: 'https://registry.example.test' });
  const deps = fakeAppDeps({
    config: new StaticConfigProvider(testConfig({
      components: [
        testComponent({ name: 'api', current: '1.4.0', source: npm('api') }),
        testComponent({ name: 'billing', current: '2.0.0', source: npm('billing') }),
        testComponent({ name: 'search', current: '0.9.3', source: npm('search') }),
        testComponent({ name: 'web', current: '3.1.0', source: npm('web') }),
        testComponent({ name: 'worker', current: '5.0.0', source: npm('worker') }),
      ],
    })),
  });
  await seedComponents(deps);
  deps.source.publish('api', [{ version: '1.4.0', releasedAt: OLD }, { version: '1.4.1', releasedAt: NEW, checksum: 'sha512-YXBp' }]);
  deps.source.publish('billing', [{ version: '2.0.0', releasedAt: OLD }, { version: '2.1.0', releasedAt: NEW, checksum: 'sha512-Ymls' }]);
  deps.source.publish('search', [{ version: '0.9.3', releasedAt: OLD }, { version: '1.0.0', releasedAt: NEW, checksum: 'sha512-c2Vh' }]);
  deps.source.publish('web', [{ version: '3.0.0', releasedAt: OLD }, { version: '3.1.0', releasedAt: OLD }]);
  deps.source.publish('worker', [{ version: '5.0.0', releasedAt: OLD }]);
  return deps;
}

describe('Function: detectUpdates', () => {
  describe('under duplicate schedule deliveries', () => {
    it('starts no more workflows and executions than there are new component versions across 1,000 concurrent deliveries', async () => {
      // Prepare
      const deps = await watchingFive();
      const expected = [['api', '1.4.1'], ['billing', '2.1.0'], ['search', '1.0.0']];

      // Act
      const passes = await Promise.all(Array.from({ length: DELIVERIES }, () => detectUpdates(deps, { startWorkflows: true })));

      // Assess
      const workflows = deps.workflows.all();
      expect(workflows.map((w) => [w.component, w.version]).sort()).toEqual(expected);
      const executions = deps.engine.executions();
      expect(executions).toHaveLength(expected.length);
      expect(new Set(deps.engine.starts.map((s) => s.name))).toEqual(new Set(workflows.map((w) => executionName(w.component, w.version, w.id))));
      const results = passes.flat();
      expect(results).toHaveLength(DELIVERIES * 5);
      expect(results.filter((r) => r.started === true)).toHaveLength(expected.length);
      expect(results.filter((r) => r.error !== null)).toEqual([]);
      expect(new Set(results.flatMap((r) => (r.workflowId === undefined ? [] : [r.workflowId])))).toEqual(new Set(workflows.map((w) => w.id)));
      for (const wf of workflows) expect(deps.audit.events(wf.id).filter((e) => e.type === 'DETECTED')).toHaveLength(1);
    });

    it('starts nothing more when the deliveries come again after the first ones finished', async () => {
      // Prepare
      const deps = await watchingFive();
      await Promise.all(Array.from({ length: 10 }, () => detectUpdates(deps, { startWorkflows: true })));
      const before = deps.workflows.all().map((w) => w.id).sort();

      // Act
      const passes = await Promise.all(Array.from({ length: DELIVERIES }, () => detectUpdates(deps, { startWorkflows: true })));

      // Assess
      expect(deps.workflows.all().map((w) => w.id).sort()).toEqual(before);
      expect(deps.engine.executions()).toHaveLength(before.length);
      expect(passes.flat().filter((r) => r.started === true)).toEqual([]);
    });
  });
});
