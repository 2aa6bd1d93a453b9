import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../../../functions/adapters/aws/dynamo-audit-log.js';
import { DynamoComponentStore } from '../../../../functions/adapters/aws/dynamo-component-store.js';
import { DynamoWorkflowStore } from '../../../../functions/adapters/aws/dynamo-workflow-store.js';
import type { AppDeps } from '../../../../functions/app/app-deps.js';
import { detectUpdates, type DetectionResult } from '../../../../functions/app/detect-updates.js';
import { executionName } from '../../../../functions/constants.js';
import type { DynamoPeer } from '../../../support/dynamo-peer.js';
import { startDynalitePeer } from '../../../support/dynamo-peer.js';
import { fakeAppDeps, type FakeAppDeps } from '../../../support/fakes/index.js';
import { aNewComponent } from '../../../support/store-fixtures.js';

const DELIVERIES = 1_000;
/** Deliveries in flight at once: a burst of duplicates, as the scheduler's at-least-once delivery can produce. */
const WAVE = 100;
const OLD = '2024-12-01T00:00:00.000Z';
const NEW = '2025-01-05T00:00:00.000Z';

describe('peer: dynalite', () => {
  describe('Function: detectUpdates', () => {
    let peer: DynamoPeer | undefined;

    beforeAll(async () => {
      peer = await startDynalitePeer();
    });

    afterAll(async () => {
      await peer?.close();
    });

    it('starts no more workflows and executions than there are new component versions across 1,000 duplicate deliveries', async () => {
      // Prepare
      const store = { tableName: await peer!.newTable(), client: peer!.client };
      const fakes: FakeAppDeps = fakeAppDeps();
      const workflows = new DynamoWorkflowStore(store);
      const components = new DynamoComponentStore(store);
      const deps: AppDeps = { ...fakes, workflows, components, audit: new DynamoAuditLog(store) };
      const at = fakes.clock.now().toISOString();
      const npm = (name: string) => ({ type: 'npm' as const, package: name, registry: 'https://registry.example.test' });
      await components.register(aNewComponent({ name: 'api', current: '1.4.0', source: npm('api'), createdAt: at, updatedAt: at }));
      await components.register(aNewComponent({ name: 'billing', current: '2.0.0', source: npm('billing'), createdAt: at, updatedAt: at }));
      await components.register(aNewComponent({ name: 'web', current: '3.1.0', source: npm('web'), createdAt: at, updatedAt: at }));
      fakes.source.publish('api', [{ version: '1.4.0', releasedAt: OLD }, { version: '1.5.0', releasedAt: NEW, checksum: 'sha512-YXBp' }]);
      fakes.source.publish('billing', [{ version: '2.0.0', releasedAt: OLD }, { version: '2.0.1', releasedAt: NEW, checksum: 'sha512-Ymls' }]);
      fakes.source.publish('web', [{ version: '3.1.0', releasedAt: OLD }]);
      const expected = [['api', '1.5.0'], ['billing', '2.0.1']];

      // Act
      const results: DetectionResult[] = [];
      for (let sent = 0; sent < DELIVERIES; sent += WAVE) {
        const wave = await Promise.all(Array.from({ length: WAVE }, () => detectUpdates(deps, { startWorkflows: true })));
        results.push(...wave.flat());
      }

      // Assess
      const stored = (await workflows.listByStage('DETECTED', { limit: 100 })).items;
      expect(stored.map((w) => [w.component, w.version]).sort()).toEqual(expected);
      for (const [component, version] of expected) expect(await workflows.findId(component!, version!)).toBeDefined();
      expect(fakes.engine.executions()).toHaveLength(expected.length);
      expect(new Set(fakes.engine.starts.map((s) => s.name))).toEqual(new Set(stored.map((w) => executionName(w.component, w.version, w.id))));
      expect(results).toHaveLength(DELIVERIES * 3);
      expect(results.filter((r) => r.error !== null)).toEqual([]);
      expect(results.filter((r) => r.started === true)).toHaveLength(expected.length);
      expect(new Set(results.flatMap((r) => (r.workflowId === undefined ? [] : [r.workflowId])))).toEqual(new Set(stored.map((w) => w.id)));
      for (const wf of stored) {
        const { items } = await deps.audit.list(wf.id, { limit: 100 });
        expect(items.filter((e) => e.type === 'DETECTED')).toHaveLength(1);
      }
    }, 120_000);
  });
});
