import { describe, expect, it } from 'vitest';
import { journal, note } from '../../../functions/app/workflow-journal.js';
import { ConflictError, NotFoundError } from '../../../functions/core/errors.js';
import type { ApprovalDecision } from '../../../functions/core/workflow-types.js';
import { fakeAppDeps } from '../../support/fakes/index.js';
import { givenWorkflow } from './app-fixtures.js';

const decision = (approver: string): ApprovalDecision => ({ approver, decision: 'APPROVED', at: '2025-01-15T12:00:00.000Z', via: 'api' });

describe('Function: journal', () => {
  it('applies the change, enters the new stage in the history and records one event at seq rev×100', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);
    deps.clock.advance(60);

    // Act
    const stored = await journal(deps, wf.id, () => ({ stage: 'VERIFYING' }), { type: 'VERIFYING', message: 'checking' });

    // Assess
    const at = deps.clock.now().toISOString();
    expect(stored).toMatchObject({ stage: 'VERIFYING', rev: 2, updatedAt: at });
    expect(stored.history.at(-1)).toEqual({ stage: 'VERIFYING', at });
    expect(stored.endedAt).toBeUndefined();
    expect(deps.audit.events(wf.id)).toEqual([{ workflowId: wf.id, at, seq: 200, type: 'VERIFYING', actor: 'system', message: 'checking' }]);
  });

  it('stamps endedAt and the reason when the workflow enters a terminal stage', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);

    // Act
    const stored = await journal(deps, wf.id, () => ({ stage: 'FAILED', outcomeReason: 'boom' }));

    // Assess
    expect(stored.endedAt).toBe(deps.clock.now().toISOString());
    expect(stored.history.at(-1)).toEqual({ stage: 'FAILED', at: stored.endedAt, reason: 'boom' });
    expect(deps.audit.events(wf.id)).toEqual([]);
  });

  it('writes nothing when the change is null', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);

    // Act
    const result = await journal(deps, wf.id, () => null, { type: 'NOTHING', message: 'never recorded' });

    // Assess
    expect(result).toEqual(wf);
    expect(deps.workflows.writes).toEqual([]);
    expect(deps.audit.events()).toEqual([]);
  });

  it('recomputes the change over the winner\'s write after a conflict, and derives the seq from the rev written', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);
    deps.workflows.interleaveWrite((w) => ({ ...w, approvals: [decision('ben@example.com')] }));
    const seen: number[] = [];

    // Act
    const stored = await journal(deps, wf.id, (w) => {
      seen.push(w.rev);
      return { approvals: [...(w.approvals ?? []), decision('ana@example.com')] };
    }, (w) => ({ type: 'APPROVED', actor: 'ana@example.com', message: `${w.approvals?.length ?? 0} approvals` }));

    // Assess
    expect(seen).toEqual([1, 2]);
    expect(stored.rev).toBe(3);
    expect(stored.approvals?.map((a) => a.approver)).toEqual(['ben@example.com', 'ana@example.com']);
    expect(deps.audit.events(wf.id)).toMatchObject([{ seq: 300, type: 'APPROVED', actor: 'ana@example.com', message: '2 approvals' }]);
  });

  it('keeps the change of every one of five concurrent writers', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);
    const approvers = ['a', 'b', 'c', 'd', 'e'].map((x) => `${x}@example.com`);

    // Act
    await Promise.all(approvers.map((a) => journal(deps, wf.id, (w) => ({ approvals: [...(w.approvals ?? []), decision(a)] }), { type: 'APPROVED', message: a })));

    // Assess
    const stored = await deps.workflows.get(wf.id);
    expect(stored.rev).toBe(6);
    expect(new Set(stored.approvals?.map((a) => a.approver))).toEqual(new Set(approvers));
    expect(deps.audit.events(wf.id).map((e) => e.seq)).toEqual([200, 300, 400, 500, 600]);
  });

  it('gives up with ConflictError after five lost races, recording nothing', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);
    for (let i = 0; i < 5; i++) deps.workflows.interleaveWrite((w) => ({ ...w, updatedAt: w.updatedAt }));

    // Act
    const attempt = journal(deps, wf.id, () => ({ stage: 'VERIFYING' }), { type: 'VERIFYING', message: 'checking' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect((await deps.workflows.get(wf.id)).stage).toBe('DETECTED');
    expect(deps.audit.events(wf.id)).toEqual([]);
  });

  it('passes other errors through without retrying', async () => {
    // Prepare
    const deps = fakeAppDeps();
    let calls = 0;

    // Act
    const attempt = journal(deps, 'no-such-workflow', () => {
      calls++;
      return {};
    });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    expect(calls).toBe(0);
  });

  it('keeps the first event when the same change is recorded twice', async () => {
    // Prepare
    const deps = fakeAppDeps();
    const wf = await givenWorkflow(deps);
    deps.audit.failNextAppend(new ConflictError('already recorded'));

    // Act
    const stored = await journal(deps, wf.id, () => ({ stage: 'VERIFYING' }), { type: 'VERIFYING', message: 'checking' });

    // Assess
    expect(stored.stage).toBe('VERIFYING');
    expect(deps.audit.events(wf.id)).toEqual([]);
  });
});

describe('Function: note', () => {
  it('records events of one workflow in the same millisecond without collisions, off the rev×100 grid', async () => {
    // Prepare
    const deps = fakeAppDeps();

    // Act
    await Promise.all(Array.from({ length: 20 }, (_, i) => note(deps, 'wf-1', { type: 'VIEWED', actor: `user-${i}`, message: 'page viewed' })));

    // Assess
    const events = deps.audit.events('wf-1');
    expect(events).toHaveLength(20);
    expect(events.every((e) => e.seq % 100 !== 0 && e.at === deps.clock.now().toISOString())).toBe(true);
  });

  it('moves to the next seq when its seq is taken', async () => {
    // Prepare
    const deps = fakeAppDeps();
    deps.audit.failNextAppend(new ConflictError('taken'));

    // Act
    await note(deps, 'wf-1', { type: 'REMINDED', message: 'reminder sent', details: { to: 'ana@example.com' } });

    // Assess
    expect(deps.audit.events('wf-1')).toMatchObject([{ type: 'REMINDED', actor: 'system', details: { to: 'ana@example.com' } }]);
  });
});
