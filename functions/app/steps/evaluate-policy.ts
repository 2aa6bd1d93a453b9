import { evaluatePolicies } from '../../core/policy/engine.js';
import type { Policy } from '../../core/policy/policy-schema.js';
import { UpkeepError } from '../../core/errors.js';
import type { Decision, PolicyEvaluation, RiskLevel } from '../../core/types.js';
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

/** True when `policy` names `component` itself in its `component` condition (no glob): the only way a self-update auto-approves. */
export function namesExplicitly(policy: Policy | undefined, component: string): boolean {
  const named = policy?.conditions.component;
  return named !== undefined && (Array.isArray(named) ? named : [named]).includes(component);
}

/**
 * Upkeep updating itself is always reviewed by a person unless a policy names its component
 * explicitly (issue 8, learned from CDK Pipelines' self-mutation): a catch-all policy that
 * auto-approves patches does not also replace the system that runs the rollouts.
 */
export function guardSelfUpdate(evaluation: PolicyEvaluation, policies: readonly Policy[], component: string): PolicyEvaluation {
  if (evaluation.decision !== 'AUTO_APPROVE' || namesExplicitly(policies.find((p) => p.name === evaluation.policy), component)) return evaluation;
  return {
    ...evaluation,
    decision: 'MANUAL_REVIEW',
    reasons: [...evaluation.reasons, `self-update guard: ${component} is Upkeep itself, which is only auto-approved by a policy that names "${component}" in its component condition, so a person must review it`],
  };
}

/** Decides by policy whether, and when, the candidate may ship, and records the full trace. */
export async function evaluatePolicy(deps: AppDeps, input: { readonly workflowId: string }): Promise<EvaluationSummary> {
  const wf = await deps.workflows.get(input.workflowId);
  const now = deps.clock.now();
  const { comparison, priority } = wf;
  if (comparison === undefined || priority === undefined) {
    // Every workflow is started with both (startUpdateWorkflow); a record without them was not.
    throw new UpkeepError(`workflow ${wf.id} (${wf.component} ${wf.version}) has no ${comparison === undefined ? 'comparison' : 'priority'} recorded, which its start records: it cannot be evaluated; cancel it and register the version again`, {
      context: { workflowId: wf.id },
    });
  }
  const current = await deps.components.getVersion(wf.component, wf.fromVersion);
  const advisories = current?.advisories ?? [];
  const config = await deps.config.get();
  const policies = await policiesInForce(deps);
  const evaluated = evaluatePolicies(
    policies,
    { component: wf.component, comparison, priority, release: wf.release ?? null, simulation: wf.simulation ?? null, advisories },
    policySettings(config, componentConfig(config, wf.component)),
    now,
  );
  const isSelf = config.selfUpdate.enabled && config.selfUpdate.component === wf.component;
  const evaluation = isSelf ? guardSelfUpdate(evaluated, policies, wf.component) : evaluated;
  const stage = evaluation.decision === 'AUTO_APPROVE' ? 'SCHEDULED' : evaluation.decision === 'MANUAL_REVIEW' ? 'AWAITING_APPROVAL' : undefined;
  await journal(deps, input.workflowId, () => ({ evaluation, comparison, priority, ...(stage ? { stage } : {}) }), {
    type: 'DECIDED',
    message: `${evaluation.decision} by ${evaluation.policy === null ? 'the default decision' : `policy "${evaluation.policy}"`}; risk ${evaluation.risk.level}: ${evaluation.reasons.join('; ')}`,
    details: { decision: evaluation.decision, policy: evaluation.policy, risk: evaluation.risk.level, earliestDeployAt: evaluation.earliestDeployAt },
  });
  return { decision: evaluation.decision, earliestDeployAt: evaluation.earliestDeployAt, riskLevel: evaluation.risk.level };
}
