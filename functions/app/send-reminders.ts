import type { UpkeepConfig } from '../core/config/schema.js';
import type { WorkflowRecord } from '../core/workflow-types.js';
import type { AppDeps } from './app-deps.js';
import { approversAsked } from './approver-roles.js';
import { approvalRules, componentConfig, seconds } from './component-settings.js';
import { renderReminderEmail } from './emails/reminder-email.js';
import { journal } from './workflow-journal.js';

/** One workflow's reminder. */
export interface ReminderResult {
  readonly workflowId: string;
  readonly round: number;
  /** Approvers who had not decided, reminded. */
  readonly sentTo: readonly string[];
  /** Approvers whose reminder could not be sent (the notifier failed); they are not retried. */
  readonly failed: readonly string[];
}

/** When `wf`'s reminder is due (epoch ms), or undefined when none is configured or possible. */
export function reminderDueAt(config: UpkeepConfig, wf: WorkflowRecord): number | undefined {
  const before = approvalRules(config, componentConfig(config, wf.component)).reminderBefore;
  if (before === undefined || wf.approvalDeadline === undefined || wf.approvalRound === undefined) return undefined;
  return Date.parse(wf.approvalDeadline) - seconds(before) * 1000;
}

function isDue(config: UpkeepConfig, wf: WorkflowRecord, now: number): boolean {
  const due = reminderDueAt(config, wf);
  return due !== undefined && now >= due && now < Date.parse(wf.approvalDeadline as string)
    && wf.stage === 'AWAITING_APPROVAL' && wf.approvalOutcome === undefined && wf.approvalRemindedRound !== wf.approvalRound;
}

/** Approvers asked in this round who have not decided yet. */
function undecided(config: UpkeepConfig, wf: WorkflowRecord): string[] {
  return approversAsked(config, wf).approvers.filter((a) => !(wf.approvals ?? []).some((d) => d.approver === a));
}

/**
 * Sends the reminders that are due: for each workflow awaiting approval whose deadline minus
 * `reminderBefore` has passed, one email to each approver who has not decided — once per
 * approval round. The round is claimed through the workflow's optimistic lock before anything
 * is sent, so concurrent runs (a schedule delivered twice) send one reminder, not two; a
 * notifier failure after the claim is reported, not retried (at most once, never twice).
 * Reminders carry no link and no task token (see `renderReminderEmail`).
 *
 * @example
 * ```ts
 * const reminded = await sendReminders(deps); // run every minute by a schedule
 * ```
 */
export async function sendReminders(deps: AppDeps): Promise<ReminderResult[]> {
  const config = await deps.config.get();
  const now = deps.clock.now().getTime();
  const results: ReminderResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.workflows.listByStage('AWAITING_APPROVAL', { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const wf of page.items) {
      if (!isDue(config, wf, now)) continue;
      const result = await remind(deps, config, wf.id, now);
      if (result !== undefined) results.push(result);
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return results;
}

async function remind(deps: AppDeps, config: UpkeepConfig, workflowId: string, now: number): Promise<ReminderResult | undefined> {
  let pending: string[] = [];
  let claimed = false;
  const wf = await journal(deps, workflowId, (w) => {
    pending = undecided(config, w);
    claimed = isDue(config, w, now) && pending.length > 0;
    return claimed ? { approvalRemindedRound: w.approvalRound as number } : null;
  }, (w) => ({
    type: 'APPROVAL_REMINDER_SENT',
    message: `Reminded ${pending.join(', ')}: the approval expires at ${w.approvalDeadline ?? 'the deadline'}`,
    details: { round: w.approvalRound, to: pending, deadline: w.approvalDeadline },
  }));
  if (!claimed) return undefined;
  const rules = approvalRules(config, componentConfig(config, wf.component));
  const email = renderReminderEmail(wf, {
    deadline: wf.approvalDeadline as string, requestedAt: wf.approvalRequestedAt ?? 'the request', required: rules.requiredApprovals, onExpiry: rules.onExpiry,
  });
  const sentTo: string[] = [];
  const failed: string[] = [];
  for (const approver of pending) {
    try {
      await deps.notifier.publish({ ...email, to: [approver], kind: 'approval-reminder', workflowId });
      sentTo.push(approver);
    } catch {
      failed.push(approver);
    }
  }
  return { workflowId, round: wf.approvalRound as number, sentTo, failed };
}
