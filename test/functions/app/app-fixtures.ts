import { compareComponent } from '../../../functions/core/comparison.js';
import type { ComponentInput } from '../../../functions/core/config/schema.js';
import { classifyPriority } from '../../../functions/core/priority.js';
import type { PolicyEvaluation, SimulationResult } from '../../../functions/core/types.js';
import type { WorkflowRecord } from '../../../functions/core/workflow-types.js';
import type { NewWorkflow } from '../../../functions/ports/workflow-store.js';
import { aNewWorkflow } from '../../support/store-fixtures.js';
import type { FakeAppDeps } from '../../support/fakes/index.js';

/** A workflow of `api` 1.4.0 → 1.5.0 stored in `deps` (created now, at rev 1); `overrides` win. */
export async function givenWorkflow(deps: FakeAppDeps, overrides: Partial<NewWorkflow> = {}): Promise<WorkflowRecord> {
  const at = deps.clock.now().toISOString();
  const wf = aNewWorkflow({ createdAt: at, updatedAt: at, ...overrides });
  await deps.workflows.create(wf);
  return deps.workflows.get(wf.id);
}

/**
 * A workflow as `startUpdateWorkflow` leaves it: with the comparison and priority detection
 * recorded for its component (which must be stored in `deps`), as the policy step expects.
 */
export async function givenDetectedWorkflow(deps: FakeAppDeps, overrides: Partial<NewWorkflow> = {}): Promise<WorkflowRecord> {
  const now = deps.clock.now();
  const draft = aNewWorkflow(overrides);
  const component = await deps.components.get(draft.component);
  const comparison = compareComponent({ name: component.name, current: draft.fromVersion, scheme: component.scheme, quarantined: [] }, [draft.release ?? { version: draft.version }], now);
  const priority = classifyPriority({ comparison, advisories: [] }, now);
  return givenWorkflow(deps, { comparison, priority, ...overrides });
}

/** A simulation result; `overrides` win. */
export function aSimulation(overrides: Partial<SimulationResult> = {}): SimulationResult {
  return {
    status: 'PASSED',
    suites: { unit: { run: 100, passed: 100, failed: 0, skipped: 0 }, integration: { run: 10, passed: 10, failed: 0, skipped: 0 } },
    durationSeconds: 60,
    ...overrides,
  };
}

/** A MANUAL_REVIEW evaluation as the policy engine writes it; `overrides` win. */
export function anEvaluation(overrides: Partial<PolicyEvaluation> = {}): PolicyEvaluation {
  return {
    decision: 'MANUAL_REVIEW',
    policy: 'review_major_updates',
    risk: { level: 'HIGH', score: 50, factors: [{ factor: 'major', points: 30, why: 'a major update' }, { factor: 'age', points: 0, why: 'old enough' }] },
    reasons: ['policy "review_major_updates" decided MANUAL_REVIEW'],
    earliestDeployAt: '2025-01-15T12:00:00.000Z',
    bypassWindow: false,
    trace: [{ policy: 'review_major_updates', priority: 890, enabled: true, matched: true, decided: true, why: 'update_type is major', conditions: [] }],
    evaluatedAt: '2025-01-15T12:00:00.000Z',
    ...overrides,
  };
}

/** A local deploy target for `api` (the only target that needs no AWS names). */
export const LOCAL_DEPLOY: ComponentInput['deploy'] = { target: { type: 'local', command: 'node server.js --port {port}', port: 8080 }, bake: '10m' };

/** A GitHub Actions pipeline. */
export const GITHUB_PIPELINE: ComponentInput['pipeline'] = { provider: 'github-actions', repository: 'acme/api', workflow: 'deploy.yml', tokenSecret: 'github-token' };

/** An inline buildspec simulation. */
export const SIMULATION: ComponentInput['simulation'] = {
  buildspec: { version: 0.2, phases: { build: { commands: ['npm test'] } } },
  timeout: '45m',
  suites: ['unit', 'integration'],
  minPassRate: 0.95,
};

/** The types of the events recorded for a workflow, oldest first. */
export function eventTypes(deps: FakeAppDeps, workflowId: string): string[] {
  return deps.audit.events(workflowId).map((e) => e.type);
}

/** The link secret in an approval email (the last path segment of its review link). */
export function linkSecretIn(text: string): string {
  const match = /\/approvals\/([A-Za-z0-9_-]+)/.exec(text);
  if (match?.[1] === undefined) throw new Error(`no approval link in: ${text}`);
  return match[1];
}
