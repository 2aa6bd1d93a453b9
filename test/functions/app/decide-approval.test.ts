import { describe, expect, it } from 'vitest';
import { decideApproval } from '../../../functions/app/decide-approval.js';
import type { DecisionResult } from '../../../functions/app/decide-approval.js';
import { ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError } from '../../../functions/core/errors.js';
import { TEST_VIEWER, testComponent } from '../../support/fakes/index.js';
import { askAgain, awaitingApproval, viaApi, viaLink } from './decide-approval-fixtures.js';

const ANA = 'ana@example.com';
const BEN = 'ben@example.com';

describe('Function: decideApproval', () => {
  it('settles the task once when an approver approves through their link', async () => {
    // Prepare
    const state = await awaitingApproval();
    state.deps.clock.advance(60);

    // Act
    const result = await decideApproval(state.deps, viaLink(state, ANA, 'APPROVED', 'looks fine'));

    // Assess
    const at = state.deps.clock.now().toISOString();
    expect(result).toEqual({ workflowId: state.id, approver: ANA, effect: 'decided', outcome: 'APPROVED', approvals: 1, required: 1 });
    expect(state.deps.engine.taskCalls).toEqual([{ kind: 'success', taskToken: state.taskToken, output: { approvedBy: [ANA], at }, settled: true }]);
    const wf = await state.deps.workflows.get(state.id);
    expect(wf.approvalOutcome).toEqual({ decision: 'APPROVED', at, by: ANA });
    expect(wf.approvals).toEqual([{ approver: ANA, decision: 'APPROVED', at, via: 'link', reason: 'looks fine', sourceIp: '203.0.113.7' }]);
    expect(state.deps.audit.events(state.id).at(-1)).toMatchObject({ type: 'APPROVED', actor: ANA, message: `Approved by ${ANA} via link: looks fine` });
  });

  it('fails the task with ApprovalRejected when an approver rejects', async () => {
    // Prepare
    const state = await awaitingApproval();

    // Act
    const result = await decideApproval(state.deps, viaLink(state, BEN, 'REJECTED', 'needs a migration plan'));

    // Assess
    expect(result).toMatchObject({ effect: 'decided', outcome: 'REJECTED', approvals: 0 });
    expect(state.deps.engine.taskCalls).toEqual([{ kind: 'failure', taskToken: state.taskToken, error: 'ApprovalRejected', cause: `rejected by ${BEN}: needs a migration plan`, settled: true }]);
  });

  it('refuses a link used twice as gone (ApprovalExpiredError) and settles nothing more', async () => {
    // Prepare
    const state = await awaitingApproval({ approval: { requiredApprovals: 2 } });
    await decideApproval(state.deps, viaLink(state, ANA, 'APPROVED'));

    // Act + Assess
    await expect(decideApproval(state.deps, viaLink(state, ANA, 'APPROVED'))).rejects.toThrow(new ApprovalExpiredError('this approval link was already used'));
    expect(state.deps.engine.taskCalls).toEqual([]);
  });

  it('refuses a confirmation without the page\'s CSRF token, an expired link and an unknown link', async () => {
    // Prepare
    const state = await awaitingApproval();
    const good = viaLink(state, ANA, 'APPROVED');
    const forged = { ...good, via: { ...good.via, csrfToken: 'forged' } } as typeof good;
    const unknown = { ...good, via: { kind: 'link' as const, secretHash: 'f'.repeat(64), csrfToken: 'x' } };

    // Act + Assess
    await expect(decideApproval(state.deps, forged)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideApproval(state.deps, unknown)).rejects.toBeInstanceOf(NotFoundError);
    state.deps.clock.advance(86_400);
    await expect(decideApproval(state.deps, good)).rejects.toBeInstanceOf(ApprovalExpiredError);
    expect(state.deps.engine.taskCalls).toEqual([]);
  });

  it('settles through the API for a configured approver, whatever the case of their identity', async () => {
    // Prepare
    const state = await awaitingApproval();

    // Act
    const result = await decideApproval(state.deps, viaApi(state, 'Ana@Example.com', 'APPROVED'));

    // Assess
    expect(result).toMatchObject({ approver: ANA, effect: 'decided', outcome: 'APPROVED' });
    expect(state.deps.engine.settled()).toHaveLength(1);
  });

  it('refuses an API decision from someone who is not an approver with ForbiddenError (403)', async () => {
    // Prepare
    const state = await awaitingApproval({ components: [testComponent({ approval: { approvers: [BEN] } })] });

    // Act + Assess
    await expect(decideApproval(state.deps, viaApi(state, TEST_VIEWER, 'APPROVED'))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideApproval(state.deps, viaApi(state, 'mallory@example.com', 'APPROVED'))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideApproval(state.deps, viaApi(state, ANA, 'APPROVED'))).rejects.toThrow(`${ANA} is not an approver for api`);
    expect(state.deps.approvals.all(state.id).every((a) => a.consumedAt === undefined)).toBe(true);
    expect(state.deps.engine.taskCalls).toEqual([]);
  });

  it('refuses an API decision on a workflow that is not awaiting approval with ConflictError', async () => {
    // Prepare
    const state = await awaitingApproval();
    const wf = await state.deps.workflows.get(state.id);
    await state.deps.workflows.update({ ...wf, stage: 'SCHEDULED' });

    // Act + Assess
    await expect(decideApproval(state.deps, viaApi(state, ANA, 'APPROVED'))).rejects.toBeInstanceOf(ConflictError);
  });

  it('waits for N distinct approvers before settling (N of M)', async () => {
    // Prepare
    const state = await awaitingApproval({ approvers: [{ email: ANA }, { email: BEN }, { email: 'cy@example.com' }], approval: { requiredApprovals: 2 } });

    // Act
    const first = await decideApproval(state.deps, viaApi(state, ANA, 'APPROVED'));
    const again = decideApproval(state.deps, viaLink(state, ANA, 'APPROVED'));
    await expect(again).rejects.toThrow(new ConflictError(`${ANA} already approved this update at ${state.deps.clock.now().toISOString()}; each approver counts once`));
    const callsBefore = state.deps.engine.taskCalls.length;
    const second = await decideApproval(state.deps, viaLink(state, BEN, 'APPROVED'));

    // Assess
    expect([first.effect, second.effect]).toEqual(['counted', 'decided']);
    expect([first.approvals, second.approvals]).toEqual([1, 2]);
    expect(second.required).toBe(2);
    expect(callsBefore).toBe(0);
    // The refused second decision left ANA's link unused.
    expect(state.deps.approvals.all(state.id).filter((a) => a.approver === ANA && a.consumedAt !== undefined)).toHaveLength(1);
    expect(state.deps.engine.taskCalls).toMatchObject([{ kind: 'success', output: { approvedBy: [ANA, BEN] } }]);
  });

  it('refuses a second decision after the approval settled with ConflictError', async () => {
    // Prepare
    const state = await awaitingApproval();
    await decideApproval(state.deps, viaLink(state, ANA, 'APPROVED'));

    // Act
    const late = decideApproval(state.deps, viaLink(state, BEN, 'REJECTED'));

    // Assess
    await expect(late).rejects.toThrow(new ConflictError(`workflow ${state.id} was already approved by ${ANA}`));
    expect(state.deps.engine.taskCalls).toHaveLength(1);
    expect((await state.deps.workflows.get(state.id)).approvals).toHaveLength(1);
  });

  it('settles the task exactly once when 100 approve/reject pairs race', async () => {
    // Prepare
    const state = await awaitingApproval();
    const requests = Array.from({ length: 100 }, (_, i) => (i % 2 === 0
      ? [viaLink(state, ANA, 'APPROVED'), viaLink(state, BEN, 'REJECTED')]
      : [viaApi(state, ANA, 'APPROVED'), viaApi(state, BEN, 'REJECTED')])).flat();

    // Act
    const outcomes = await Promise.allSettled(requests.map((r) => decideApproval(state.deps, r)));

    // Assess
    const calls = state.deps.engine.taskCalls;
    expect(state.deps.approvals.all(state.id).filter((a) => a.consumedAt !== undefined)).toHaveLength(4); // four decisions reached the workflow
    expect(calls).toHaveLength(1);
    expect(calls[0]?.settled).toBe(true);
    const decided = outcomes.filter((o): o is PromiseFulfilledResult<DecisionResult> => o.status === 'fulfilled');
    expect(decided).toHaveLength(1);
    // Losers either find their link or API approval used (gone: 410) or the approval already decided (409).
    const reasons = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as Error);
    expect(reasons).toHaveLength(199);
    expect(reasons.filter((r) => !(r instanceof ConflictError || r instanceof ApprovalExpiredError))).toEqual([]);
    const wf = await state.deps.workflows.get(state.id);
    expect(wf.approvalOutcome?.decision).toBe(calls[0]?.kind === 'success' ? 'APPROVED' : 'REJECTED');
    expect(wf.approvals).toHaveLength(1);
  });

  it('keeps the requester from approving their own update when forbidAuthorApproval is set', async () => {
    // Prepare
    const state = await awaitingApproval({ approval: { forbidAuthorApproval: true } }, { requestedBy: ANA });

    // Act
    const own = decideApproval(state.deps, viaApi(state, ANA, 'APPROVED'));

    // Assess
    await expect(own).rejects.toBeInstanceOf(ForbiddenError);
    expect([...state.links.keys()]).toEqual([BEN]);
    expect(await decideApproval(state.deps, viaApi(state, BEN, 'APPROVED'))).toMatchObject({ effect: 'decided' });
  });

  it('refuses the requester\'s approval when the rule was switched on after they were asked', async () => {
    // Prepare
    const state = await awaitingApproval({}, { requestedBy: ANA });
    state.deps.config.set({ ...state.deps.config.current, approval: { ...state.deps.config.current.approval, forbidAuthorApproval: true } });

    // Act
    const own = decideApproval(state.deps, viaLink(state, ANA, 'APPROVED'));

    // Assess
    await expect(own).rejects.toThrow(new ForbiddenError(`${ANA} requested this update and may not approve it`));
    expect(state.deps.engine.taskCalls).toEqual([]);
    expect((await state.deps.workflows.get(state.id)).approvals).toBeUndefined();
  });

  it('refuses a link from before a redrive, whose task no longer exists, and settles the new task', async () => {
    // Prepare
    const before = await awaitingApproval();
    before.deps.clock.advance(600);
    before.deps.engine.abandonTaskToken(before.taskToken); // the execution that waited died in a restart
    const after = await askAgain(before);

    // Act
    const stale = decideApproval(before.deps, viaLink(before, ANA, 'APPROVED'));

    // Assess
    await expect(stale).rejects.toThrow(/superseded by a newer one/);
    await expect(stale).rejects.toBeInstanceOf(ApprovalExpiredError);
    expect((await after.deps.workflows.get(after.id)).approvalOutcome).toBeUndefined();
    expect(await decideApproval(after.deps, viaLink(after, BEN, 'APPROVED'))).toMatchObject({ effect: 'decided' });
    expect(after.deps.engine.settled()).toMatchObject([{ kind: 'success', taskToken: after.taskToken }]);
  });
});

describe('Function: decideApproval › roles, cancellation and ended waits', () => {
  it('refuses a viewer and an unconfigured caller with ForbiddenError naming the role needed, consuming nothing', async () => {
    // Prepare
    const state = await awaitingApproval();

    // Act
    const viewer = decideApproval(state.deps, viaApi(state, TEST_VIEWER, 'APPROVED'));
    const stranger = decideApproval(state.deps, viaApi(state, 'mallory@example.com', 'REJECTED'));

    // Assess
    await expect(viewer).rejects.toBeInstanceOf(ForbiddenError);
    await expect(viewer).rejects.toThrow(new RegExp(`${TEST_VIEWER} is a viewer; .*needs the approver role`));
    await expect(stranger).rejects.toThrow(/mallory@example.com is not in the approvers list/);
    expect(state.deps.approvals.all(state.id).every((a) => a.consumedAt === undefined)).toBe(true);
    expect(state.deps.engine.taskCalls).toEqual([]);
  });

  it('refuses a link whose approver lost the approver role since they were asked', async () => {
    // Prepare
    const state = await awaitingApproval();
    state.deps.config.set({ ...state.deps.config.current, approvers: [{ email: ANA, role: 'viewer' }, { email: BEN, role: 'approver' }] });

    // Act + Assess
    await expect(decideApproval(state.deps, viaLink(state, ANA, 'APPROVED'))).rejects.toThrow(new ForbiddenError(`${ANA} is no longer an approver for api`));
    expect(state.deps.engine.taskCalls).toEqual([]);
  });

  it('answers a decision on a cancelled workflow with ApprovalExpiredError (410), leaving the link unused and the task untouched', async () => {
    // Prepare
    const state = await awaitingApproval();
    const wf = await state.deps.workflows.get(state.id);
    await state.deps.workflows.update({ ...wf, stage: 'CANCELLED', outcomeReason: 'cancelled by ana@example.com: wrong build' });

    // Act
    const [viaTheLink, viaTheApi] = await Promise.allSettled([
      decideApproval(state.deps, viaLink(state, BEN, 'APPROVED')),
      decideApproval(state.deps, viaApi(state, ANA, 'APPROVED')),
    ]);

    // Assess
    expect(viaTheLink).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ name: 'ApprovalExpiredError', message: expect.stringMatching(/was cancelled \(cancelled by ana@example.com: wrong build\)/) }) });
    expect(viaTheApi).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ name: 'ApprovalExpiredError' }) });
    expect(state.deps.approvals.all(state.id).every((a) => a.consumedAt === undefined)).toBe(true);
    expect(state.deps.engine.taskCalls).toEqual([]);
  });

  it('answers ApprovalExpiredError when the wait ended before the decision reached the engine', async () => {
    // Prepare
    const state = await awaitingApproval();
    state.deps.engine.abandonTaskToken(state.taskToken); // the task timed out a moment ago

    // Act
    const late = decideApproval(state.deps, viaApi(state, ANA, 'APPROVED'));

    // Assess
    await expect(late).rejects.toThrow(/no longer waiting for this approval/);
    await expect(late).rejects.toBeInstanceOf(ApprovalExpiredError);
    expect(state.deps.engine.settled()).toEqual([]);
  });
});
