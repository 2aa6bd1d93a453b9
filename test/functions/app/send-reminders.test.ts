import { describe, expect, it } from 'vitest';
import { decideApproval } from '../../../functions/app/decide-approval.js';
import { sendReminders } from '../../../functions/app/send-reminders.js';
import type { UpkeepConfigInput } from '../../../functions/core/config/schema.js';
import { eventTypes } from './app-fixtures.js';
import { askAgain, awaitingApproval, viaApi } from './decide-approval-fixtures.js';

const ANA = 'ana@example.com';
const BEN = 'ben@example.com';
/** Asked at TEST_NOW with a 24 h deadline: the reminder is due 2 h before, at 10:00 the next day. */
const REMINDED: Partial<UpkeepConfigInput> = { approval: { deadline: '24h', reminderBefore: '2h', requiredApprovals: 2 } };

describe('Function: sendReminders', () => {
  it('sends nothing before the reminder is due', async () => {
    // Prepare
    const state = await awaitingApproval(REMINDED);
    state.deps.clock.advance(22 * 3600 - 1);

    // Act
    const results = await sendReminders(state.deps);

    // Assess
    expect(results).toEqual([]);
    expect(state.deps.notifier.ofKind('approval-reminder')).toEqual([]);
  });

  it('reminds each approver who has not decided, once, with no link and no task token', async () => {
    // Prepare
    const state = await awaitingApproval(REMINDED);
    await decideApproval(state.deps, viaApi(state, ANA, 'APPROVED'));
    state.deps.clock.advance(22 * 3600);

    // Act
    const results = await sendReminders(state.deps);
    const again = await sendReminders(state.deps);

    // Assess
    expect(results).toEqual([{ workflowId: state.id, round: 1, sentTo: [BEN], failed: [] }]);
    expect(again).toEqual([]);
    const [reminder, ...more] = state.deps.notifier.ofKind('approval-reminder');
    expect(more).toEqual([]);
    expect(reminder).toMatchObject({ to: [BEN], workflowId: state.id, subject: '[Upkeep] Reminder: api 1.4.0 → 1.5.0 needs your decision by 2025-01-16T12:00:00.000Z' });
    expect(reminder?.text).toContain('1 of 2 approvals so far');
    expect(reminder?.text).toContain(`upkeep approve ${state.id}`);
    for (const body of [reminder?.text ?? '', reminder?.html ?? '']) {
      expect(body).not.toMatch(/\/approvals\//);
      expect(body).not.toContain(state.taskToken);
      for (const secret of state.links.values()) expect(body).not.toContain(secret);
    }
    expect(eventTypes(state.deps, state.id).filter((t) => t === 'APPROVAL_REMINDER_SENT')).toHaveLength(1);
    expect((await state.deps.workflows.get(state.id)).approvalRemindedRound).toBe(1);
  });

  it('records one reminder when ten runs race (a schedule delivered many times)', async () => {
    // Prepare
    const state = await awaitingApproval(REMINDED);
    state.deps.clock.advance(23 * 3600);

    // Act
    const runs = await Promise.all(Array.from({ length: 10 }, () => sendReminders(state.deps)));

    // Assess
    expect(runs.flat()).toHaveLength(1);
    expect(state.deps.notifier.ofKind('approval-reminder').map((m) => m.to?.[0]).sort()).toEqual([ANA, BEN]);
    expect(eventTypes(state.deps, state.id).filter((t) => t === 'APPROVAL_REMINDER_SENT')).toHaveLength(1);
  });

  it('reminds again in a new round, and never after the deadline or without reminderBefore', async () => {
    // Prepare
    const state = await awaitingApproval(REMINDED);
    state.deps.clock.advance(23 * 3600);
    await sendReminders(state.deps);
    const second = await askAgain(state); // a redrive: round 2, deadline 24 h from now
    state.deps.clock.advance(22 * 3600);
    const plain = await awaitingApproval();
    plain.deps.clock.advance(23 * 3600);
    const late = await awaitingApproval(REMINDED);
    late.deps.clock.advance(24 * 3600);

    // Act
    const [inRound2, withoutRule, afterDeadline] = [await sendReminders(second.deps), await sendReminders(plain.deps), await sendReminders(late.deps)];

    // Assess
    expect(inRound2).toMatchObject([{ round: 2, sentTo: [ANA, BEN] }]);
    expect(withoutRule).toEqual([]);
    expect(afterDeadline).toEqual([]);
  });

  it('reports an approver whose reminder could not be sent, and still reminds the others', async () => {
    // Prepare
    const state = await awaitingApproval(REMINDED);
    state.deps.clock.advance(23 * 3600);
    state.deps.notifier.failNext(new Error('SNS throttled'));

    // Act
    const results = await sendReminders(state.deps);

    // Assess
    expect(results).toEqual([{ workflowId: state.id, round: 1, sentTo: [BEN], failed: [ANA] }]);
  });
});
