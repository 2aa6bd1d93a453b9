import { describe, expect, it } from 'vitest';
import { cancelWorkflow } from '../../../functions/app/cancel-workflow.js';
import { decideApproval } from '../../../functions/app/decide-approval.js';
import { ConflictError, ForbiddenError } from '../../../functions/core/errors.js';
import { arnOf } from '../../support/fakes/index.js';
import { awaitingApproval, viaApi, viaLink } from './decide-approval-fixtures.js';

const ADMIN = 'ada@example.com';
const ANA = 'ana@example.com';
const BEN = 'ben@example.com';
const PEOPLE = { approvers: [{ email: ADMIN, role: 'admin' as const }, { email: ANA }, { email: BEN }, { email: 'vic@example.com', role: 'viewer' as const }] };

/** A workflow awaiting approval whose execution runs in the fake engine. */
async function running() {
  const state = await awaitingApproval(PEOPLE);
  const { executionArn } = await state.deps.engine.startExecution({ name: 'api-1-5-0-test', input: { workflowId: state.id } });
  const wf = await state.deps.workflows.get(state.id);
  await state.deps.workflows.update({ ...wf, executionArn });
  return state;
}

describe('Function: cancelWorkflow', () => {
  it('records CANCELLED with who and why, then stops the execution', async () => {
    // Prepare
    const state = await running();

    // Act
    const result = await cancelWorkflow(state.deps, { workflowId: state.id, identity: 'Ada@Example.com', reason: 'wrong build' });

    // Assess
    expect(result).toEqual({ workflowId: state.id, stage: 'CANCELLED', outcomeReason: `cancelled by ${ADMIN}: wrong build`, from: 'AWAITING_APPROVAL', execution: 'stopped', repeated: false });
    const wf = await state.deps.workflows.get(state.id);
    expect(wf).toMatchObject({ stage: 'CANCELLED', outcomeReason: `cancelled by ${ADMIN}: wrong build` });
    expect(wf.history.at(-1)).toMatchObject({ stage: 'CANCELLED', reason: `cancelled by ${ADMIN}: wrong build` });
    expect(state.deps.audit.events(state.id).at(-1)).toMatchObject({ type: 'CANCELLED', actor: ADMIN, details: { reason: 'wrong build', from: 'AWAITING_APPROVAL' } });
    expect(state.deps.engine.stopped).toEqual([{ executionArn: arnOf('api-1-5-0-test'), cause: `cancelled by ${ADMIN}: wrong build` }]);
    expect(state.deps.engine.taskCalls).toEqual([]);
  });

  it('refuses approvers and viewers with ForbiddenError: only admins cancel', async () => {
    // Prepare
    const state = await running();

    // Act + Assess
    await expect(cancelWorkflow(state.deps, { workflowId: state.id, identity: ANA })).rejects.toThrow(/needs the admin role/);
    await expect(cancelWorkflow(state.deps, { workflowId: state.id, identity: 'vic@example.com' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await state.deps.workflows.get(state.id)).stage).toBe('AWAITING_APPROVAL');
    expect(state.deps.engine.stopped).toEqual([]);
  });

  it('makes every later decision fail with 410 and never settles the task', async () => {
    // Prepare
    const state = await running();
    await cancelWorkflow(state.deps, { workflowId: state.id, identity: ADMIN, reason: 'not now' });

    // Act
    const outcomes = await Promise.allSettled([
      decideApproval(state.deps, viaLink(state, ANA, 'APPROVED')),
      decideApproval(state.deps, viaLink(state, BEN, 'REJECTED')),
      decideApproval(state.deps, viaApi(state, ANA, 'APPROVED')),
    ]);

    // Assess
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).name : 'decided'))).toEqual(['ApprovalExpiredError', 'ApprovalExpiredError', 'ApprovalExpiredError']);
    expect(state.deps.engine.taskCalls).toEqual([]);
  });

  it('lets exactly one of a cancel and a racing approval win, and settles the task only when the approval won', async () => {
    for (let i = 0; i < 20; i++) {
      // Prepare
      const state = await running();

      // Act
      const [cancel, approve] = await Promise.allSettled([
        cancelWorkflow(state.deps, { workflowId: state.id, identity: ADMIN, reason: 'race' }),
        decideApproval(state.deps, viaApi(state, ANA, 'APPROVED')),
      ]);

      // Assess
      expect(cancel.status).toBe('fulfilled'); // an approved workflow may still be cancelled before it ships
      const wf = await state.deps.workflows.get(state.id);
      expect(wf.stage).toBe('CANCELLED');
      expect(state.deps.engine.settled()).toHaveLength(approve.status === 'fulfilled' ? 1 : 0);
      expect(wf.approvalOutcome === undefined).toBe(approve.status === 'rejected');
    }
  });

  it('retries only the stop when cancelled twice, and refuses a workflow that already ended otherwise', async () => {
    // Prepare
    const state = await running();
    await cancelWorkflow(state.deps, { workflowId: state.id, identity: ADMIN, reason: 'first' });
    const ended = await running();
    await decideApproval(ended.deps, viaApi(ended, ANA, 'REJECTED'));
    const wf = await ended.deps.workflows.get(ended.id);
    await ended.deps.workflows.update({ ...wf, stage: 'REJECTED' });

    // Act
    const again = await cancelWorkflow(state.deps, { workflowId: state.id, identity: ADMIN, reason: 'second' });
    const late = cancelWorkflow(ended.deps, { workflowId: ended.id, identity: ADMIN });

    // Assess
    expect(again).toMatchObject({ repeated: true, outcomeReason: `cancelled by ${ADMIN}: first` });
    expect(state.deps.audit.events(state.id).filter((e) => e.type === 'CANCELLED')).toHaveLength(1);
    await expect(late).rejects.toThrow(new ConflictError(`workflow ${ended.id} already ended REJECTED; there is nothing to cancel`));
  });

  it('cancels a workflow that has no execution yet, saying so', async () => {
    // Prepare
    const state = await awaitingApproval(PEOPLE);

    // Act
    const result = await cancelWorkflow(state.deps, { workflowId: state.id, identity: ADMIN });

    // Assess
    expect(result).toMatchObject({ execution: 'not-running', outcomeReason: `cancelled by ${ADMIN}: no reason given` });
  });
});
