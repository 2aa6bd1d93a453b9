import { compareVersions } from '../../core/versions/index.js';
import type { TerminalStage } from '../../core/types.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';
import type { AppDeps } from '../app-deps.js';
import { approvalRules, componentConfig } from '../component-settings.js';
import { journal } from '../workflow-journal.js';
import { releaseDeploymentSlot } from './claim-deployment.js';

export interface RecordOutcomeInput {
  readonly workflowId: string;
  readonly outcome: TerminalStage;
  /** The caught error (`Error`, `Cause`) on failure paths. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

/** A person-readable reason from a caught Step Functions error (Lambda errors carry JSON in `Cause`). */
export function errorReason(error: RecordOutcomeInput['error']): string {
  if (error === undefined) return 'unknown error';
  try {
    const cause = JSON.parse(error.Cause ?? '') as { errorMessage?: string; errorType?: string };
    if (typeof cause.errorMessage === 'string') return `${cause.errorType ?? error.Error}: ${cause.errorMessage}`;
  } catch {
    // A plain-text cause is used as it is.
  }
  return `${error.Error ?? 'Error'}${error.Cause ? `: ${error.Cause}` : ''}`;
}

function reasonFor(wf: WorkflowRecord, stage: TerminalStage, input: RecordOutcomeInput, expiryAction: string): string {
  switch (stage) {
    case 'SUCCEEDED': return `${wf.version} is live`;
    case 'ROLLED_BACK': return `rolled back: ${wf.rollout?.reason ?? wf.rollout?.alarm ?? 'health check failed'}; ${wf.version} quarantined`;
    case 'REJECTED':
      return wf.approvalOutcome?.decision === 'REJECTED'
        ? `rejected by ${wf.approvalOutcome.by}${wf.approvals?.at(-1)?.reason ? `: ${wf.approvals.at(-1)?.reason}` : ''}`
        : `rejected by policy${wf.evaluation?.policy ? ` "${wf.evaluation.policy}"` : ''}: ${wf.evaluation?.reasons.join('; ') ?? ''}`;
    case 'DEFERRED':
      return input.outcome === 'EXPIRED'
        ? `no decision by ${wf.approvalDeadline ?? 'the deadline'}; deferred to the next window (${expiryAction})`
        : `deferred until ${wf.evaluation?.deferUntil ?? 'later'}: ${wf.evaluation?.reasons.join('; ') ?? ''}`;
    case 'EXPIRED': return `no decision by ${wf.approvalDeadline ?? 'the deadline'}; not shipped`;
    case 'CANCELLED': return input.error ? errorReason(input.error) : 'cancelled';
    case 'FAILED': return errorReason(input.error);
  }
}

/**
 * Ends the workflow: records the terminal stage and why, and updates the component — after
 * success the current version and high-water mark advance (the previous version is kept as
 * the rollback target); after a rollback the version is quarantined and nothing advances.
 */
export async function recordOutcome(deps: AppDeps, input: RecordOutcomeInput): Promise<{ readonly stage: TerminalStage }> {
  const before = await deps.workflows.get(input.workflowId);
  const config = await deps.config.get();
  const onExpiry = approvalRules(config, componentConfig(config, before.component)).onExpiry;
  const stage: TerminalStage = input.outcome === 'EXPIRED' && onExpiry === 'defer' ? 'DEFERRED' : input.outcome;
  const at = deps.clock.now().toISOString();

  if (stage === 'SUCCEEDED') await advanceComponent(deps, before, at);
  if (stage === 'ROLLED_BACK') await deps.components.quarantine(before.component, before.version, at);
  // Every ending frees the component's deployment slot, after the component advanced: the next in line deploys over the new current.
  await releaseDeploymentSlot(deps, before);

  const wf = await journal(
    deps,
    input.workflowId,
    // A cancellation is final: an outcome reported by a step still in flight when it was cancelled does not replace it.
    (w) => (w.stage === stage || w.stage === 'CANCELLED' ? null : { stage, outcomeReason: reasonFor(w, stage, input, onExpiry) }),
    (w) => ({ type: stage, message: `${w.component} ${w.version}: ${w.outcomeReason ?? stage}`, details: { outcome: stage } }),
  );
  if (wf.stage === 'CANCELLED' && stage !== 'CANCELLED') return { stage: 'CANCELLED' };
  if (config.notifications.events.includes(stage)) {
    await deps.notifier.publish({
      kind: 'outcome',
      workflowId: wf.id,
      subject: `[Upkeep] ${wf.component} ${wf.version}: ${stage}`,
      text: `${wf.component} ${wf.fromVersion} → ${wf.version} ended ${stage}.\n${wf.outcomeReason ?? ''}\n\n${workflowPageUrl(deps, wf.id)}`,
    });
  }
  return { stage };
}

/** The dashboard's page of a workflow (a hash route: the static site needs no server-side routing). */
export function workflowPageUrl(deps: Pick<AppDeps, 'apiUrl' | 'dashboardUrl'>, id: string): string {
  return `${(deps.dashboardUrl ?? deps.apiUrl).replace(/\/$/, '')}/#/workflows/${encodeURIComponent(id)}`;
}

async function advanceComponent(deps: AppDeps, wf: WorkflowRecord, at: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const c = await deps.components.get(wf.component);
    if (c.current === wf.version) return;
    const hwm = c.highWaterMark === undefined || compareVersions(wf.version, c.highWaterMark, c.scheme) > 0 ? wf.version : c.highWaterMark;
    try {
      await deps.components.update({ ...c, previous: c.current, current: wf.version, highWaterMark: hwm, updatedAt: at });
      return;
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConflictError' || attempt >= 5) throw error;
    }
  }
}
