import { describe, expect, it } from 'vitest';
import {
  ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError, ValidationError,
} from '../../../../functions/core/errors.js';
import type { ApprovalRequest } from '../../../../functions/ports/approval-store.js';
import {
  FakeExecutionEngine, InMemoryApprovalStore, InMemoryAuditLog, InMemoryComponentStore, InMemoryPolicyStore, InMemoryWorkflowStore,
} from '../../../support/fakes/index.js';
import { aNewComponent, aNewWorkflow, aPolicy, anApproval, instant } from '../../../support/store-fixtures.js';

// The app tests lean on these fakes' races and errors; these cases pin the semantics they
// share with the DynamoDB adapters' contract (test/functions/adapters/aws/contract/).

describe('Class: InMemoryWorkflowStore', () => {
  it('creates exactly one workflow under 200 concurrent duplicate detections', async () => {
    // Prepare
    const store = new InMemoryWorkflowStore();

    // Act
    const results = await Promise.all(Array.from({ length: 200 }, () => store.create(aNewWorkflow({ component: 'web', version: '2.0.0' }))));

    // Assess
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(store.all()).toHaveLength(1);
  });

  it('lets one of two updates from the same rev win and gives the other ConflictError with both revs', async () => {
    // Prepare
    const store = new InMemoryWorkflowStore();
    const wf = aNewWorkflow();
    await store.create(wf);
    const read = await store.get(wf.id);

    // Act
    const outcomes = await Promise.allSettled([store.update({ ...read, stage: 'REJECTED' }), store.update({ ...read, stage: 'SCHEDULED' })]);

    // Assess
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
    expect((lost[0]?.reason as ConflictError).context).toMatchObject({ expectedRev: 1, actualRev: 2 });
  });

  it('refuses to change the version, to update an unknown workflow, and hands out copies', async () => {
    // Prepare
    const store = new InMemoryWorkflowStore();
    const wf = aNewWorkflow();
    await store.create(wf);
    const read = await store.get(wf.id);
    (read.history as unknown[]).push('tampered');

    // Act + Assess
    await expect(store.update({ ...read, version: '9.9.9' })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.update({ ...aNewWorkflow(), rev: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.create(aNewWorkflow({ component: 'a#b' }))).rejects.toBeInstanceOf(ValidationError);
    expect((await store.get(wf.id)).history).toHaveLength(1);
  });

  it('pages newest first with cursors bound to their listing, and validates limits', async () => {
    // Prepare
    const store = new InMemoryWorkflowStore();
    for (let i = 0; i < 5; i++) await store.create(aNewWorkflow({ version: `2.0.${i}`, createdAt: instant(i), updatedAt: instant(i), stage: 'AWAITING_APPROVAL' }));

    // Act
    const first = await store.listByStage('AWAITING_APPROVAL', { limit: 2 });
    const second = await store.listByStage('AWAITING_APPROVAL', { limit: 2, cursor: first.cursor });
    const third = await store.listByStage('AWAITING_APPROVAL', { limit: 2, cursor: second.cursor });

    // Assess
    expect([...first.items, ...second.items, ...third.items].map((w) => w.version)).toEqual(['2.0.4', '2.0.3', '2.0.2', '2.0.1', '2.0.0']);
    expect(third.cursor).toBeUndefined();
    expect((await store.listByComponent('api', { limit: 5 })).items[0]?.version).toBe('2.0.4');
    await expect(store.listRecent({ cursor: first.cursor })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.listRecent({ limit: 101 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('Class: InMemoryApprovalStore', () => {
  it('hands out the task token to exactly one of 100 concurrent uses', async () => {
    // Prepare
    const approvals = new InMemoryApprovalStore();
    const { approval } = anApproval();
    await approvals.create(approval);

    // Act
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => approvals.consume(approval.secretHash, {
      at: instant(60), by: `a-${i}`, outcome: i % 2 === 0 ? 'APPROVED' : 'REJECTED', csrfBinding: approval.csrfBinding,
    })));

    // Assess
    const won = outcomes.filter((o): o is PromiseFulfilledResult<ApprovalRequest> => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(won[0]?.value.taskToken).toBe(approval.taskToken);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => o.reason instanceof ConflictError)).toBe(true);
  });

  it('refuses an expired link at its expiry, a forged CSRF binding and an unknown hash, leaving the link unused', async () => {
    // Prepare
    const approvals = new InMemoryApprovalStore();
    const { approval } = anApproval({ expiresAt: instant(600) });
    await approvals.create(approval);
    const decision = { by: 'ops@example.com', outcome: 'APPROVED' as const, csrfBinding: approval.csrfBinding };

    // Act + Assess
    await expect(approvals.consume(approval.secretHash, { ...decision, at: instant(600) })).rejects.toBeInstanceOf(ApprovalExpiredError);
    await expect(approvals.consume(approval.secretHash, { ...decision, at: instant(1), csrfBinding: 'forged' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approvals.consume('0'.repeat(64), { ...decision, at: instant(1) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(approvals.get('raw-secret')).rejects.toBeInstanceOf(ValidationError);
    await expect(approvals.create(approval)).rejects.toBeInstanceOf(ConflictError);
    const view = await approvals.get(approval.secretHash);
    expect(view).not.toHaveProperty('consumedAt');
    expect(JSON.stringify(view)).not.toContain(approval.taskToken);
    expect(view).not.toHaveProperty('csrfBinding');
  });
});

describe('Class: InMemoryAuditLog', () => {
  it('never overwrites an event and lists oldest first', async () => {
    // Prepare
    const audit = new InMemoryAuditLog();
    const event = { workflowId: 'wf-1', at: instant(5), seq: 200, type: 'B', actor: 'system', message: 'b' };
    await audit.append(event);
    await audit.append({ ...event, at: instant(1), type: 'A' });

    // Act + Assess
    await expect(audit.append({ ...event, message: 'again' })).rejects.toBeInstanceOf(ConflictError);
    await expect(audit.append({ ...event, at: '2025-01-15T12:00:00Z' })).rejects.toBeInstanceOf(ValidationError);
    await expect(audit.append({ ...event, seq: -1 })).rejects.toBeInstanceOf(ValidationError);
    expect((await audit.list('wf-1')).items.map((e) => e.type)).toEqual(['A', 'B']);
  });
});

describe('Class: InMemoryComponentStore', () => {
  it('registers once, locks on rev and quarantines idempotently', async () => {
    // Prepare
    const components = new InMemoryComponentStore();
    const c = aNewComponent({ name: 'api' });
    await components.register(c);

    // Act
    const again = await components.register({ ...c, current: '9.0.0' });
    const once = await components.quarantine('api', '1.5.0', instant(1));
    const twice = await components.quarantine('api', '1.5.0', instant(2));

    // Assess
    expect(again).toMatchObject({ created: false, component: { current: '1.4.0' } });
    expect([once.rev, twice.rev, twice.quarantined]).toEqual([2, 2, ['1.5.0']]);
    await expect(components.update({ ...(await components.get('api')), rev: 1 })).rejects.toBeInstanceOf(ConflictError);
    await expect(components.setAdvisories('api', '7.0.0', [], instant())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('Class: InMemoryPolicyStore', () => {
  it('creates without a revision, replaces over the one read, and refuses the rest', async () => {
    // Prepare
    const policies = new InMemoryPolicyStore();
    const policy = aPolicy({ name: 'patches' });
    const stored = await policies.put(policy, { at: instant(), by: 'config' });

    // Act
    const disabled = await policies.setEnabled('patches', false, { at: instant(1), expectedRev: stored.rev });

    // Assess
    expect(disabled).toMatchObject({ rev: 2, policy: { enabled: false }, updatedBy: 'config' });
    await expect(policies.put(policy, { at: instant() })).rejects.toBeInstanceOf(ConflictError);
    await expect(policies.put(policy, { at: instant(), expectedRev: 1 })).rejects.toBeInstanceOf(ConflictError);
    await expect(policies.put(aPolicy({ name: 'missing' }), { at: instant(), expectedRev: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(policies.setEnabled('missing', true, { at: instant() })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('Class: FakeExecutionEngine', () => {
  it('returns a running execution again for the same name and input, and refuses any other reuse', async () => {
    // Prepare
    const engine = new FakeExecutionEngine();
    const first = await engine.startExecution({ name: 'api-1_5_0-abc', input: { workflowId: 'abc' } });

    // Act
    const again = await engine.startExecution({ name: 'api-1_5_0-abc', input: { workflowId: 'abc' } });
    const other = engine.startExecution({ name: 'api-1_5_0-abc', input: { workflowId: 'xyz' } });

    // Assess
    expect(again).toEqual(first);
    await expect(other).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    engine.finish(first.executionArn);
    await expect(engine.startExecution({ name: 'api-1_5_0-abc', input: { workflowId: 'abc' } })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    expect(engine.executions()).toHaveLength(1);
  });

  it('settles a task token once; a used or unknown token is TaskDoesNotExist', async () => {
    // Prepare
    const engine = new FakeExecutionEngine();
    const token = engine.issueTaskToken();
    await engine.sendTaskSuccess(token, { ok: true });

    // Act + Assess
    await expect(engine.sendTaskFailure(token, 'ApprovalRejected', 'no')).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(engine.sendTaskSuccess('never-issued', {})).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    expect(engine.taskCalls.map((c) => c.settled)).toEqual([true, false, false]);
    expect(engine.settled()).toHaveLength(1);
  });
});
