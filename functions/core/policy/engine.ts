import { activeFreeze, earliestAllowed, SEARCH_HORIZON_DAYS } from '../windows.js';
import type { Decision, PolicyEvaluation, PolicyTrace } from '../types.js';
import { checkConditions, gatherFacts } from './conditions.js';
import type { UpdateFacts } from './conditions.js';
import type { PolicySettings, UpdateContext } from './context.js';
import { deferTarget } from './defer.js';
import type { Policy, PolicyActions } from './policy-schema.js';

const DAY_MS = 86_400_000;

/** Higher `priority` first; ties by name, so the order never depends on how policies were listed. */
function byPriority(a: Policy, b: Policy): number {
  return b.priority - a.priority || (a.name < b.name ? -1 : 1);
}

function tracePolicies(policies: readonly Policy[], facts: UpdateFacts): { decider: Policy | null; trace: PolicyTrace[] } {
  let decider: Policy | null = null;
  const trace = [...policies].sort(byPriority).map((policy): PolicyTrace => {
    const head = { policy: policy.name, priority: policy.priority, enabled: policy.enabled };
    if (!policy.enabled) return { ...head, matched: false, decided: false, why: 'disabled, so not evaluated', conditions: [] };
    // Every condition is checked, not just up to the first miss, so the trace shows the whole picture.
    const conditions = checkConditions(policy.conditions, facts);
    const failed = conditions.filter((c) => !c.matched);
    const matched = failed.length === 0;
    if (!matched) {
      return { ...head, matched, decided: false, why: `did not match: ${failed.map((c) => c.why).join('; ')}`, conditions };
    }
    if (decider !== null) return { ...head, matched, decided: false, why: `matched, but "${decider.name}" decided first`, conditions };
    decider = policy;
    const holds = conditions.length === 0 ? 'it has no conditions' : 'all conditions hold';
    return { ...head, matched, decided: true, why: `matched (${holds}): decides ${policy.actions.decision}`, conditions };
  });
  return { decider, trace };
}

/**
 * Evaluates an update against the policies: the first enabled policy that matches (highest
 * `priority` first, ties by name) decides; when none does, `settings.defaultDecision` applies.
 *
 * Rules that hold whatever the policies say:
 * - **Nothing auto-approves without a passing simulation.** An AUTO_APPROVE for an update whose
 *   simulation failed or has not run becomes MANUAL_REVIEW (not REJECT: a person may know the
 *   failure is unrelated; policies that want a rejection say so, as the default
 *   `reject_failed_simulation` does). The reasons say so.
 * - A DEFER whose end cannot be worked out (no window to defer to, no release date for a
 *   cooldown) becomes MANUAL_REVIEW.
 * - `earliestDeployAt` is the first instant from now (or from the end of a deferral) inside a
 *   deployment window and outside any freeze that blocks the update's priority. `bypass_window`
 *   skips the window wait but not a freeze, unless the freeze allows that priority. When no such
 *   instant exists within {@link SEARCH_HORIZON_DAYS}, any decision but REJECT becomes
 *   MANUAL_REVIEW and `earliestDeployAt` is the end of that horizon.
 * - `bypassWindow` and `rollout` are the deciding policy's, kept when a rule above turns its
 *   decision into MANUAL_REVIEW: an emergency fix a person approves still skips the window wait.
 *
 * The trace lists every policy in evaluation order: whether it matched and why, and for each
 * condition what was expected and what was found. A condition whose fact is unknown (no
 * simulation, no release date, no benchmark) does not match.
 *
 * @example
 * ```ts
 * const evaluation = evaluatePolicies(DEFAULT_POLICIES, ctx, { ...DEFAULT_POLICY_SETTINGS, windows }, clock.now());
 * evaluation.decision; // 'DEFER'
 * evaluation.deferUntil; // '2025-06-07T02:00:00.000Z'
 * ```
 */
export function evaluatePolicies(policies: readonly Policy[], ctx: UpdateContext, settings: PolicySettings, now: Date): PolicyEvaluation {
  const facts = gatherFacts(ctx, settings, now);
  const { decider, trace } = tracePolicies(policies, facts);
  const actions: PolicyActions = decider?.actions ?? { decision: settings.defaultDecision };
  const reasons: string[] = [
    decider === null
      ? `no enabled policy matched, so the default decision ${settings.defaultDecision} applies`
      : `policy "${decider.name}" (priority ${decider.priority}) decided ${actions.decision}${decider.description === '' ? '' : `: ${decider.description}`}`,
    `risk ${facts.risk.level} (score ${facts.risk.score})`,
  ];
  let decision: Decision = actions.decision;

  if (decision === 'AUTO_APPROVE' && facts.simulation?.status !== 'PASSED') {
    const found = facts.simulation === null ? 'no simulation has run' : 'the simulation failed';
    reasons.push(`safety rule: ${found} and nothing is auto-approved without a passing simulation, so a person must review it`);
    decision = 'MANUAL_REVIEW';
  }

  let deferUntil: Date | undefined;
  if (decision === 'DEFER') {
    const target = deferTarget(actions.defer_until, decider, facts.releasedAt, settings, now);
    reasons.push(target.why);
    if (target.at === null) decision = 'MANUAL_REVIEW';
    else deferUntil = target.at;
  }

  const bypassWindow = actions.bypass_window ?? false;
  const from = deferUntil ?? now;
  if (bypassWindow) reasons.push('bypass_window: the rollout does not wait for a deployment window');
  const freeze = activeFreeze(from, settings.freezes, facts.priority);
  if (freeze !== null) reasons.push(`freeze "${freeze.name}" holds ${facts.priority} updates${freeze.reason === undefined ? '' : `: ${freeze.reason}`}`);
  const allowed = earliestAllowed(from, bypassWindow ? [] : settings.windows, settings.freezes, facts.priority);
  if (allowed === null && decision !== 'REJECT') {
    reasons.push(`no deployment window free of freezes opens within ${SEARCH_HORIZON_DAYS} days, so a person must decide`);
    decision = 'MANUAL_REVIEW';
  }
  const earliest = allowed ?? new Date(from.getTime() + SEARCH_HORIZON_DAYS * DAY_MS);
  if (allowed !== null && allowed.getTime() > from.getTime()) reasons.push(`the rollout may start at ${allowed.toISOString()}`);

  return {
    decision,
    policy: decider?.name ?? null,
    risk: facts.risk,
    reasons,
    earliestDeployAt: earliest.toISOString(),
    ...(deferUntil === undefined ? {} : { deferUntil: deferUntil.toISOString() }),
    bypassWindow,
    ...(actions.rollout === undefined ? {} : { rollout: actions.rollout }),
    trace,
    evaluatedAt: now.toISOString(),
  };
}
