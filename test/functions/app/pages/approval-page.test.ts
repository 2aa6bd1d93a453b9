import { describe, expect, it } from 'vitest';
import { csrfToken } from '../../../../functions/app/approval-links.js';
import { cancelWorkflow } from '../../../../functions/app/cancel-workflow.js';
import { approvalPage, submitApproval } from '../../../../functions/app/pages/approval-page.js';
import { awaitingApproval, type Awaiting } from '../decide-approval-fixtures.js';

const ADMIN = 'ada@example.com';
const ANA = 'ana@example.com';
const BEN = 'ben@example.com';
const PEOPLE = { approvers: [{ email: ADMIN, role: 'admin' as const }, { email: ANA }, { email: BEN }] };

function linkOf(state: Awaiting, approver: string): string {
  return state.links.get(approver) as string;
}

function form(secret: string, decision: string, csrf = csrfToken(secret)): string {
  return new URLSearchParams({ csrf, decision, reason: 'checked the changelog' }).toString();
}

describe('Function: approvalPage', () => {
  it('shows what is changing and a form with the link\'s CSRF token, and changes nothing', async () => {
    // Prepare
    const state = await awaitingApproval(PEOPLE);
    const secret = linkOf(state, ANA);
    const before = { wf: await state.deps.workflows.get(state.id), items: state.deps.approvals.all(state.id), events: state.deps.audit.events(state.id).length };

    // Act
    const pages = await Promise.all([approvalPage(state.deps, secret), approvalPage(state.deps, secret)]);

    // Assess
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.html).toContain('api 1.4.0 → 1.5.0');
      expect(page.html).toContain(`value="${csrfToken(secret)}"`);
      expect(page.html).toMatch(/<form method="post">/);
      expect(page.html).not.toContain(state.taskToken);
    }
    expect(await state.deps.workflows.get(state.id)).toEqual(before.wf);
    expect(state.deps.approvals.all(state.id)).toEqual(before.items);
    expect(state.deps.audit.events(state.id)).toHaveLength(before.events);
  });

  it('answers 404 for an unknown link, 410 for a used, expired or cancelled one and 409 once someone else decided', async () => {
    // Prepare
    const used = await awaitingApproval(PEOPLE);
    await submitApproval(used.deps, linkOf(used, ANA), form(linkOf(used, ANA), 'approve'));
    const expired = await awaitingApproval(PEOPLE);
    expired.deps.clock.advance(86_400);
    const cancelled = await awaitingApproval(PEOPLE);
    await cancelWorkflow(cancelled.deps, { workflowId: cancelled.id, identity: ADMIN, reason: 'superseded by 1.5.1' });

    // Act
    const pages = {
      unknown: await approvalPage(used.deps, 'not-a-link'),
      used: await approvalPage(used.deps, linkOf(used, ANA)),
      decidedByOther: await approvalPage(used.deps, linkOf(used, BEN)),
      expired: await approvalPage(expired.deps, linkOf(expired, ANA)),
      cancelled: await approvalPage(cancelled.deps, linkOf(cancelled, ANA)),
      cancelledPost: await submitApproval(cancelled.deps, linkOf(cancelled, ANA), form(linkOf(cancelled, ANA), 'approve')),
    };

    // Assess
    expect(Object.fromEntries(Object.entries(pages).map(([k, p]) => [k, p.status]))).toEqual({ unknown: 404, used: 410, decidedByOther: 409, expired: 410, cancelled: 410, cancelledPost: 410 });
    expect(pages.cancelled.html).toContain('<h1>Cancelled</h1>');
    expect(pages.cancelled.html).toContain(`cancelled by ${ADMIN}: superseded by 1.5.1`);
    expect(pages.decidedByOther.html).toContain(`already approved by ${ANA}`);
    expect(cancelled.deps.engine.taskCalls).toEqual([]);
  });

  it('answers 403 to a POST with a missing, wrong or other link\'s CSRF token, leaving the link usable', async () => {
    // Prepare
    const state = await awaitingApproval(PEOPLE);
    const secret = linkOf(state, ANA);

    // Act
    const refused = [
      await submitApproval(state.deps, secret, new URLSearchParams({ decision: 'approve' }).toString()),
      await submitApproval(state.deps, secret, form(secret, 'approve', 'forged')),
      await submitApproval(state.deps, secret, form(secret, 'reject', csrfToken(linkOf(state, BEN)))),
    ];
    const accepted = await submitApproval(state.deps, secret, form(secret, 'approve'));

    // Assess
    expect(refused.map((p) => p.status)).toEqual([403, 403, 403]);
    expect(accepted).toMatchObject({ status: 200 });
    expect(accepted.html).toContain(`Recorded: approved by ${ANA}.`);
    expect(state.deps.engine.settled()).toHaveLength(1);
  });

  it('answers 400 to a form without a decision', async () => {
    // Prepare
    const state = await awaitingApproval(PEOPLE);

    // Act
    const page = await submitApproval(state.deps, linkOf(state, ANA), 'csrf=x');

    // Assess
    expect(page.status).toBe(400);
    expect(page.html).toContain('decision must be');
  });
});
