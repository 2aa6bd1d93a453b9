import { describe, expect, it } from 'vitest';
import { processUpdate } from '../../../../functions/app/api/process-update.js';
import { detectUpdates } from '../../../../functions/app/detect-updates.js';
import { executionName } from '../../../../functions/constants.js';
import { NotFoundError, ValidationError } from '../../../../functions/core/errors.js';
import { fakeAppDeps, seedComponents, type FakeAppDeps } from '../../../support/fakes/index.js';

const OPS = 'ops@example.com';

async function watching(): Promise<FakeAppDeps> {
  const deps = fakeAppDeps();
  await seedComponents(deps);
  return deps;
}

describe('Use case: process-update', () => {
  describe('Function: processUpdate', () => {
    it('records the version as seen and starts one workflow for it, with the caller as requester', async () => {
      // Prepare
      const deps = await watching();

      // Act
      const { status, result } = await processUpdate(deps, { component: 'api', version: '2.0.0', changelog: 'BREAKING: new auth', checksum: 'sha256:' + 'a'.repeat(64) }, OPS);

      // Assess
      const [wf] = deps.workflows.all();
      expect(status).toBe(201);
      expect(result).toMatchObject({ created: true, started: true, workflow: { id: wf?.id, component: 'api', version: '2.0.0', fromVersion: '1.4.0', stage: 'DETECTED' } });
      expect(wf).toMatchObject({ requestedBy: OPS, release: { version: '2.0.0', changelog: 'BREAKING: new auth' }, comparison: { updateType: 'major', available: '2.0.0' } });
      expect(await deps.components.getVersion('api', '2.0.0')).toMatchObject({ checksum: 'sha256:' + 'a'.repeat(64), firstSeenAt: deps.clock.now().toISOString() });
      expect(deps.engine.executions()).toMatchObject([{ name: executionName('api', '2.0.0', wf!.id), status: 'RUNNING' }]);
      expect(deps.audit.events(wf!.id)).toMatchObject([{ type: 'DETECTED', actor: OPS, message: expect.stringContaining(`proposed by ${OPS}`) as string }]);
    });

    it('answers the existing workflow when asked again, or after detection found it, starting nothing new', async () => {
      // Prepare
      const deps = await watching();
      deps.source.publish('api', [{ version: '1.5.0' }]);
      const [detected] = await detectUpdates(deps, { startWorkflows: true });

      // Act
      const again = await Promise.all([processUpdate(deps, { component: 'api', version: '1.5.0' }, OPS), processUpdate(deps, { component: 'api', version: '1.5.0' }, OPS)]);

      // Assess
      expect(again.map((a) => [a.status, a.result.created, a.result.started, a.result.workflow.id])).toEqual([[200, false, false, detected?.workflowId], [200, false, false, detected?.workflowId]]);
      expect(deps.workflows.all()).toHaveLength(1);
      expect(deps.engine.executions()).toHaveLength(1);
    });

    it('starts exactly one workflow under concurrent proposals of the same version', async () => {
      // Prepare
      const deps = await watching();

      // Act
      const results = await Promise.all(Array.from({ length: 20 }, () => processUpdate(deps, { component: 'api', version: '1.4.1' }, OPS)));

      // Assess
      expect(results.filter((r) => r.result.created)).toHaveLength(1);
      expect(deps.workflows.all()).toHaveLength(1);
      expect(deps.engine.executions()).toHaveLength(1);
    });

    it('keeps what the source said when the version was first seen', async () => {
      // Prepare
      const deps = await watching();
      await deps.components.recordVersion({ component: 'api', version: '1.5.0', firstSeenAt: '2025-01-01T00:00:00.000Z', releasedAt: '2024-12-31T00:00:00.000Z', changelog: 'from the registry', checksum: 'sha1:' + 'b'.repeat(40) });

      // Act
      await processUpdate(deps, { component: 'api', version: '1.5.0', changelog: 'mine', checksum: 'sha1:' + 'b'.repeat(40) }, OPS);

      // Assess
      expect(deps.workflows.all()[0]?.release).toEqual({ version: '1.5.0', releasedAt: '2024-12-31T00:00:00.000Z', changelog: 'from the registry', checksum: 'sha1:' + 'b'.repeat(40) });
    });

    it('refuses a checksum that contradicts the one first seen, naming the field', async () => {
      // Prepare
      const deps = await watching();
      await deps.components.recordVersion({ component: 'api', version: '1.5.0', firstSeenAt: '2025-01-01T00:00:00.000Z', checksum: 'sha1:' + 'b'.repeat(40) });

      // Act
      const refused = processUpdate(deps, { component: 'api', version: '1.5.0', checksum: 'sha1:' + 'c'.repeat(40) }, OPS);

      // Assess
      await expect(refused).rejects.toMatchObject({ name: 'ValidationError', problems: [expect.objectContaining({ path: 'checksum' })] });
      expect(deps.workflows.all()).toHaveLength(0);
    });

    it.each([
      ['an older version', '1.3.9', /is not newer than the running 1\.4\.0/],
      ['the running version', '1.4.0', /is not newer than the running 1\.4\.0/],
      ['a quarantined version', '1.4.2', /quarantined/],
      ['something that is not a version', 'latest', /not a/],
    ])('refuses %s with a ValidationError on version, and records nothing', async (_what, version, why) => {
      // Prepare
      const deps = await watching();
      await deps.components.quarantine('api', '1.4.2', deps.clock.now().toISOString());

      // Act
      const refused = processUpdate(deps, { component: 'api', version }, OPS);

      // Assess
      await expect(refused).rejects.toBeInstanceOf(ValidationError);
      await expect(refused).rejects.toMatchObject({ problems: [expect.objectContaining({ path: 'version', value: version, message: expect.stringMatching(why) as string })] });
      expect(deps.workflows.all()).toHaveLength(0);
      expect(await deps.components.getVersion('api', version)).toBeUndefined();
    });

    it('answers NotFoundError for a component that is not registered', async () => {
      // Prepare
      const deps = await watching();

      // Act
      const refused = processUpdate(deps, { component: 'nothing', version: '1.0.0' }, OPS);

      // Assess
      await expect(refused).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});
