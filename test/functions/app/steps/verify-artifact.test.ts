import { describe, expect, it } from 'vitest';
import { verifyArtifact } from '../../../../functions/app/steps/verify-artifact.js';
import { VerificationError } from '../../../../functions/core/errors.js';
import { StaticConfigProvider, fakeAppDeps, seedComponents, testComponent, testConfig } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { SIMULATION, eventTypes, givenWorkflow } from '../app-fixtures.js';

const CHECKSUM = 'sha512-aGVsbG8=';

async function prepare(deps: FakeAppDeps = fakeAppDeps(), seenChecksum: string | null = CHECKSUM): Promise<{ deps: FakeAppDeps; id: string }> {
  await seedComponents(deps);
  const wf = await givenWorkflow(deps, { release: { version: '1.5.0', ...(seenChecksum ? { checksum: seenChecksum } : {}) } });
  await deps.components.recordVersion({ component: 'api', version: '1.5.0', firstSeenAt: wf.createdAt, ...(seenChecksum ? { checksum: seenChecksum } : {}) });
  return { deps, id: wf.id };
}

describe('Function: verifyArtifact', () => {
  it('passes when the source still serves the checksum first seen, and moves on to the simulation', async () => {
    // Prepare
    const { deps, id } = await prepare(fakeAppDeps({ config: new StaticConfigProvider(testConfig({ components: [testComponent({ simulation: SIMULATION })] })) }));
    deps.source.publish('api', [{ version: '1.4.0' }, { version: '1.5.0', checksum: CHECKSUM }]);

    // Act
    const result = await verifyArtifact(deps, { workflowId: id });

    // Assess
    expect(result).toEqual({ checksum: CHECKSUM, method: 'checksum-match' });
    const wf = await deps.workflows.get(id);
    expect(wf.history.map((h) => h.stage)).toEqual(['DETECTED', 'VERIFYING', 'SIMULATING']);
    expect(eventTypes(deps, id)).toEqual(['VERIFYING', 'VERIFIED']);
  });

  it('goes straight to evaluation for a component without a simulation', async () => {
    // Prepare
    const { deps, id } = await prepare();
    deps.source.publish('api', [{ version: '1.5.0', checksum: CHECKSUM }]);

    // Act
    await verifyArtifact(deps, { workflowId: id });

    // Assess
    expect((await deps.workflows.get(id)).stage).toBe('EVALUATING');
  });

  it('fails with VerificationError when the version was re-published with other content', async () => {
    // Prepare
    const { deps, id } = await prepare();
    deps.source.publish('api', [{ version: '1.5.0', checksum: 'sha512-b3RoZXI=' }]);

    // Act
    const attempt = verifyArtifact(deps, { workflowId: id });

    // Assess
    await expect(attempt).rejects.toThrow(VerificationError);
    await expect(attempt).rejects.toThrow(`checksum was ${CHECKSUM}, is now sha512-b3RoZXI=`);
    expect((await deps.workflows.get(id)).stage).toBe('VERIFYING');
  });

  it('fails with VerificationError when the source no longer offers the version', async () => {
    // Prepare
    const { deps, id } = await prepare();
    deps.source.publish('api', [{ version: '1.4.0' }]);

    // Act + Assess
    await expect(verifyArtifact(deps, { workflowId: id })).rejects.toThrow(/no longer offered by its npm source/);
  });

  it('fails with VerificationError when the version was yanked after detection', async () => {
    // Prepare
    const { deps, id } = await prepare();
    deps.source.publish('api', [{ version: '1.5.0', checksum: CHECKSUM, yanked: true }]);

    // Act + Assess
    await expect(verifyArtifact(deps, { workflowId: id })).rejects.toThrow(new VerificationError('api 1.5.0 was yanked after it was detected'));
  });

  it('reports an unverifiable artifact when the source publishes no checksum', async () => {
    // Prepare
    const { deps, id } = await prepare(fakeAppDeps(), null);
    deps.source.publish('api', [{ version: '1.5.0' }]);

    // Act
    const result = await verifyArtifact(deps, { workflowId: id });

    // Assess
    expect(result).toEqual({ checksum: null, method: 'unverifiable' });
    expect(deps.audit.events(id).at(-1)?.message).toMatch(/could not be verified/);
  });

  it('takes the checksum first seen when the source stops publishing one', async () => {
    // Prepare
    const { deps, id } = await prepare();
    deps.source.publish('api', [{ version: '1.5.0' }]);

    // Act + Assess
    expect(await verifyArtifact(deps, { workflowId: id })).toEqual({ checksum: CHECKSUM, method: 'checksum-match' });
  });

  it('is not repeated in the history when a retried step verifies again', async () => {
    // Prepare
    const { deps, id } = await prepare();
    deps.source.publish('api', [{ version: '1.5.0', checksum: 'sha512-b3RoZXI=' }]);
    await expect(verifyArtifact(deps, { workflowId: id })).rejects.toThrow(VerificationError);
    deps.source.publish('api', [{ version: '1.5.0', checksum: CHECKSUM }]);

    // Act
    await verifyArtifact(deps, { workflowId: id });

    // Assess
    expect((await deps.workflows.get(id)).history.map((h) => h.stage)).toEqual(['DETECTED', 'VERIFYING', 'EVALUATING']);
  });
});
