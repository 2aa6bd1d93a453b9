import { describe, expect, it } from 'vitest';
import { claimDeployment, releaseDeploymentSlot } from '../../../../functions/app/steps/claim-deployment.js';
import { evaluatePolicy } from '../../../../functions/app/steps/evaluate-policy.js';
import { StaticConfigProvider, fakeAppDeps, seedComponents, testComponent, testConfig } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { aSimulation, eventTypes, givenDetectedWorkflow, givenWorkflow, GITHUB_PIPELINE } from '../app-fixtures.js';

const TEN_DAYS_AGO = '2025-01-05T12:00:00.000Z';

/** Upkeep watching itself (`upkeep`) beside an ordinary component (`api`). */
function selfUpdating(policies: unknown[] = []): FakeAppDeps {
  return fakeAppDeps({
    config: new StaticConfigProvider(testConfig({
      components: [testComponent(), testComponent({ name: 'upkeep', current: '2.0.0', source: { type: 'npm', package: '@acme/upkeep', registry: 'https://registry.example.test' }, pipeline: GITHUB_PIPELINE })],
      selfUpdate: { enabled: true, component: 'upkeep' },
      policies: policies as never,
    })),
  });
}

describe('Self-update guard rails', () => {
  describe('Function: evaluatePolicy', () => {
    it('sends a self-update to a person even when the shipped defaults would auto-approve the patch', async () => {
      const deps = selfUpdating();
      await seedComponents(deps);
      const wf = await givenDetectedWorkflow(deps, { component: 'upkeep', fromVersion: '2.0.0', version: '2.0.1', stage: 'EVALUATING', release: { version: '2.0.1', releasedAt: TEN_DAYS_AGO }, simulation: aSimulation() });

      const summary = await evaluatePolicy(deps, { workflowId: wf.id });

      expect(summary.decision).toBe('MANUAL_REVIEW');
      const stored = await deps.workflows.get(wf.id);
      expect(stored.evaluation?.policy).toBe('auto_approve_patches');
      expect(stored.evaluation?.reasons.at(-1)).toMatch(/^self-update guard: upkeep is Upkeep itself/);
    });

    it('auto-approves a self-update only under a policy that names the component itself', async () => {
      const named = { name: 'upkeep-patches', priority: 950, conditions: { component: ['upkeep'], update_type: ['patch'] }, actions: { decision: 'AUTO_APPROVE' } };
      const glob = { name: 'all-patches', priority: 960, conditions: { component: 'upk*', update_type: ['patch'] }, actions: { decision: 'AUTO_APPROVE' } };
      const explicit = selfUpdating([named]);
      const globbed = selfUpdating([glob]);
      for (const deps of [explicit, globbed]) await seedComponents(deps);
      const ids = await Promise.all([explicit, globbed].map(async (deps) => (await givenDetectedWorkflow(deps, {
        component: 'upkeep', fromVersion: '2.0.0', version: '2.0.1', stage: 'EVALUATING', release: { version: '2.0.1', releasedAt: TEN_DAYS_AGO }, simulation: aSimulation(),
      })).id));

      expect((await evaluatePolicy(explicit, { workflowId: ids[0] as string })).decision).toBe('AUTO_APPROVE');
      expect((await evaluatePolicy(globbed, { workflowId: ids[1] as string })).decision).toBe('MANUAL_REVIEW');
    });

    it('leaves other components to their policies', async () => {
      const deps = selfUpdating();
      await seedComponents(deps);
      const wf = await givenDetectedWorkflow(deps, { version: '1.4.1', stage: 'EVALUATING', release: { version: '1.4.1', releasedAt: TEN_DAYS_AGO }, simulation: aSimulation() });

      expect((await evaluatePolicy(deps, { workflowId: wf.id })).decision).toBe('AUTO_APPROVE');
    });
  });

  describe('Function: claimDeployment', () => {
    it('holds a self-update back while another workflow is moving traffic, then lets it roll out', async () => {
      // Prepare: api 1.4.1 is DEPLOYING; the self-update is scheduled.
      const deps = selfUpdating();
      await seedComponents(deps);
      const busy = await givenWorkflow(deps, { id: 'wf-api', stage: 'DEPLOYING' });
      const self = await givenWorkflow(deps, { id: 'wf-self', component: 'upkeep', fromVersion: '2.0.0', version: '2.0.1', stage: 'SCHEDULED' });

      // Act
      const held = await claimDeployment(deps, { workflowId: self.id });
      const heldAgain = await claimDeployment(deps, { workflowId: self.id });
      await deps.workflows.update({ ...(await deps.workflows.get(busy.id)), stage: 'SUCCEEDED' });
      const released = await claimDeployment(deps, { workflowId: self.id });

      // Assess
      expect([held.status, heldAgain.status, released.status]).toEqual(['WAITING', 'WAITING', 'ACQUIRED']);
      const queued = deps.audit.events(self.id).filter((e) => e.type === 'DEPLOYMENT_QUEUED');
      expect(queued).toHaveLength(1);
      expect(queued[0]?.message).toMatch(/self-update waits until no workflow is moving traffic: api 1\.5\.0 \(workflow wf-api\) is DEPLOYING/);
      expect((await deps.deploymentQueue.get('upkeep')).holder?.workflowId).toBe('wf-self');
      expect(eventTypes(deps, self.id)).toContain('DEPLOYMENT_SLOT_ACQUIRED');
    });

    it('does not hold back an ordinary component while another one deploys', async () => {
      const deps = selfUpdating();
      await seedComponents(deps);
      await givenWorkflow(deps, { id: 'wf-self', component: 'upkeep', fromVersion: '2.0.0', version: '2.0.1', stage: 'DEPLOYING' });
      const api = await givenWorkflow(deps, { id: 'wf-api', stage: 'SCHEDULED' });

      expect((await claimDeployment(deps, { workflowId: api.id })).status).toBe('ACQUIRED');
    });

    it('ends a workflow cancelled while it waited as superseded, and frees nothing it did not hold', async () => {
      const deps = selfUpdating();
      await seedComponents(deps);
      const wf = await givenWorkflow(deps, { stage: 'CANCELLED' });

      expect(await claimDeployment(deps, { workflowId: wf.id })).toEqual({ status: 'SUPERSEDED' });
      expect(await releaseDeploymentSlot(deps, wf)).toBe(false);
    });
  });
});
