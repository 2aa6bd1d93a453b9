import { compareComponent } from '../../core/comparison.js';
import { evaluatePolicies } from '../../core/policy/engine.js';
import type { Policy } from '../../core/policy/policy-schema.js';
import { classifyPriority } from '../../core/priority.js';
import type { Decision, RiskLevel } from '../../core/types.js';
import type { AppDeps } from '../app-deps.js';
import { configPolicies } from '../config-policies.js';
import { componentConfig, policySettings } from '../component-settings.js';
import { journal } from '../workflow-journal.js';

export interface EvaluationSummary {
  readonly decision: Decision;
  readonly earliestDeployAt: string;
  readonly riskLevel: RiskLevel;
}

/**
 * The policies in force: those stored (seeded from `upkeep.yaml` at start or deploy, edited
 * through the API); before anything is stored, the ones the configuration asks for.
 */
export async function policiesInForce(deps: Pick<AppDeps, 'policies' | 'config'>): Promise<readonly Policy[]> {
  const stored = await deps.policies.list();
  return stored.length === 0 ? configPolicies(await deps.config.get()) : stored.map((s) => s.policy);
}

/** Decides by policy whether, and when, the candidate may ship, and records the full trace. */
export async function evaluatePolicy(deps: AppDeps, input: { readonly workflowId: string }): Promise<EvaluationSummary> {
  const wf = await deps.workflows.get(input.workflowId);
  const now = deps.clock.now();
  const component = await deps.components.get(wf.component);
  const current = await deps.components.getVersion(wf.component, wf.fromVersion);
  const advisories = current?.advisories ?? [];
  const comparison = wf.comparison ?? compareComponent(
    { name: component.name, current: wf.fromVersion, scheme: component.scheme, quarantined: [] },
    wf.release ? [wf.release] : [{ version: wf.version }],
    now,
  );
  const priority = wf.priority ?? classifyPriority({ comparison, advisories, ...(current ? { currentRelease: current } : {}) }, now);
  const config = await deps.config.get();
  const evaluation = evaluatePolicies(
    await policiesInForce(deps),
    { component: wf.component, comparison, priority, release: wf.release ?? null, simulation: wf.simulation ?? null, advisories },
    policySettings(config, componentConfig(config, wf.component)),
    now,
  );
  const stage = evaluation.decision === 'AUTO_APPROVE' ? 'SCHEDULED' : evaluation.decision === 'MANUAL_REVIEW' ? 'AWAITING_APPROVAL' : undefined;
  await journal(deps, input.workflowId, () => ({ evaluation, comparison, priority, ...(stage ? { stage } : {}) }), {
    type: 'DECIDED',
    message: `${evaluation.decision} by ${evaluation.policy === null ? 'the default decision' : `policy "${evaluation.policy}"`}; risk ${evaluation.risk.level}: ${evaluation.reasons.join('; ')}`,
    details: { decision: evaluation.decision, policy: evaluation.policy, risk: evaluation.risk.level, earliestDeployAt: evaluation.earliestDeployAt },
  });
  return { decision: evaluation.decision, earliestDeployAt: evaluation.earliestDeployAt, riskLevel: evaluation.risk.level };
}
