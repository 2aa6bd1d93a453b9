import { describe, expect, it } from 'vitest';
import { API_BINDING, apiApprovalHash, csrfBinding, csrfToken, secretHash } from '../../../../functions/app/approval-links.js';
import { approvalPageUrl, requestApproval } from '../../../../functions/app/steps/request-approval.js';
import type { UpkeepConfigInput } from '../../../../functions/core/config/schema.js';
import { ValidationError } from '../../../../functions/core/errors.js';
import type { NewWorkflow } from '../../../../functions/ports/workflow-store.js';
import { StaticConfigProvider, TEST_APPROVERS, fakeAppDeps, testComponent, testConfig } from '../../../support/fakes/index.js';
import type { FakeAppDeps } from '../../../support/fakes/index.js';
import { aSimulation, anEvaluation, givenWorkflow, linkSecretIn } from '../app-fixtures.js';

const DEADLINE = '2025-01-16T12:00:00.000Z';

async function reviewing(partial: Partial<UpkeepConfigInput> = {}, workflow: Partial<NewWorkflow> = {}): Promise<{ deps: FakeAppDeps; id: string }> {
  const deps = fakeAppDeps({ config: new StaticConfigProvider(testConfig(partial)) });
  const wf = await givenWorkflow(deps, {
    stage: 'AWAITING_APPROVAL',
    evaluation: anEvaluation(),
    simulation: aSimulation({ benchmark: { metric: 'p99', unit: 'ms', baseline: 120, candidate: 131, higherIsBetter: false } }),
    release: { version: '1.5.0', changelog: 'Adds <b>bulk</b> export.\nFixes a leak.' },
    ...workflow,
  });
  return { deps, id: wf.id };
}

describe('Function: requestApproval', () => {
  it('stores one link approval and one API approval per approver, each beside the task token', async () => {
    // Prepare
    const { deps, id } = await reviewing();
    const taskToken = deps.engine.issueTaskToken();

    // Act
    const result = await requestApproval(deps, { workflowId: id, taskToken, timeoutSeconds: 86_400 });

    // Assess
    expect(result).toEqual({ requested: 2 });
    const items = deps.approvals.all(id);
    expect(items).toHaveLength(4);
    expect(items.every((a) => a.taskToken === taskToken && a.expiresAt === DEADLINE && a.createdAt === deps.clock.now().toISOString())).toBe(true);
    for (const approver of TEST_APPROVERS) {
      const mine = items.filter((a) => a.approver === approver);
      expect(mine.map((a) => a.csrfBinding === API_BINDING).sort()).toEqual([false, true]);
      expect(mine.find((a) => a.csrfBinding === API_BINDING)?.secretHash).toBe(apiApprovalHash(id, 1, approver));
    }
    expect(await deps.workflows.get(id)).toMatchObject({ stage: 'AWAITING_APPROVAL', approvalDeadline: DEADLINE, approvalRound: 1 });
    expect(deps.audit.events(id)).toMatchObject([{ type: 'APPROVAL_REQUESTED', details: { approvers: [...TEST_APPROVERS], requiredApprovals: 1, deadline: DEADLINE } }]);
  });

  it('mails each approver their own link to the confirmation page, with what is changing and never the task token', async () => {
    // Prepare
    const { deps, id } = await reviewing();
    const taskToken = deps.engine.issueTaskToken();

    // Act
    await requestApproval(deps, { workflowId: id, taskToken, timeoutSeconds: 86_400 });

    // Assess
    const emails = deps.notifier.ofKind('approval-request');
    expect(emails.map((e) => e.to)).toEqual(TEST_APPROVERS.map((a) => [a]));
    for (const email of emails) {
      const secret = linkSecretIn(email.text);
      const item = deps.approvals.all(id).find((a) => a.secretHash === secretHash(secret));
      expect(item).toMatchObject({ approver: email.to?.[0], csrfBinding: csrfBinding(csrfToken(secret)) });
      expect(email.text).toContain(approvalPageUrl(deps.apiUrl, secret));
      expect(email.html).toContain(approvalPageUrl(deps.apiUrl, secret));
      expect(JSON.stringify(email)).not.toContain(taskToken);
      expect(email.workflowId).toBe(id);
    }
    const [first] = emails;
    expect(first?.subject).toBe('[Upkeep] Approve api 1.4.0 → 1.5.0? (HIGH risk)');
    expect(first?.text).toContain('Change: 1.4.0 → 1.5.0');
    expect(first?.text).toContain('Risk: HIGH (score 50): major +30 (a major update)');
    expect(first?.text).toContain('Benchmark: p99: 120 → 131 ms');
    expect(first?.text).toContain(`Decide by: ${DEADLINE}`);
    expect(first?.text).toContain('→ review_major_updates: update_type is major');
    expect(first?.html).toContain('Adds &lt;b&gt;bulk&lt;/b&gt; export.');
  });

  it('asks only the approvers the component names', async () => {
    // Prepare
    const { deps, id } = await reviewing({ components: [testComponent({ approval: { approvers: ['BEN@example.com'] } })] });

    // Act
    await requestApproval(deps, { workflowId: id, taskToken: deps.engine.issueTaskToken(), timeoutSeconds: 3600 });

    // Assess
    expect(deps.notifier.messages.map((m) => m.to)).toEqual([['ben@example.com']]);
  });

  it('fails with ValidationError when fewer approvers may decide than approvals are needed', async () => {
    // Prepare
    const { deps, id } = await reviewing({ approval: { requiredApprovals: 2, forbidAuthorApproval: true } }, { requestedBy: 'Ana@example.com' });

    // Act
    const attempt = requestApproval(deps, { workflowId: id, taskToken: deps.engine.issueTaskToken(), timeoutSeconds: 3600 });

    // Assess
    await expect(attempt).rejects.toThrow(new ValidationError('api needs 2 approval(s) but only 1 approver(s) may decide; add approvers to upkeep.yaml'));
    expect(deps.approvals.all()).toEqual([]);
    expect(deps.notifier.messages).toEqual([]);
  });

  it('asks nobody when the workflow was cancelled while the step was on its way', async () => {
    // Prepare
    const { deps, id } = await reviewing({}, { stage: 'CANCELLED' });

    // Act
    const result = await requestApproval(deps, { workflowId: id, taskToken: deps.engine.issueTaskToken(), timeoutSeconds: 86_400 });

    // Assess
    expect(result).toEqual({ requested: 0 });
    expect((await deps.workflows.get(id)).stage).toBe('CANCELLED');
    expect(deps.approvals.all(id)).toEqual([]);
    expect(deps.notifier.messages).toEqual([]);
  });

  it('starts a new round with new items on a redrive, leaving the first round\'s items behind', async () => {
    // Prepare
    const { deps, id } = await reviewing();
    const first = deps.engine.issueTaskToken();
    await requestApproval(deps, { workflowId: id, taskToken: first, timeoutSeconds: 86_400 });
    deps.clock.advance(600);
    const second = deps.engine.issueTaskToken();

    // Act
    await requestApproval(deps, { workflowId: id, taskToken: second, timeoutSeconds: 86_400 });

    // Assess
    const wf = await deps.workflows.get(id);
    expect(wf.approvalRound).toBe(2);
    expect(wf.approvalDeadline).toBe('2025-01-16T12:10:00.000Z');
    const items = deps.approvals.all(id);
    expect(items.filter((a) => a.taskToken === second)).toHaveLength(4);
    expect(items.filter((a) => a.taskToken === second && a.csrfBinding === API_BINDING).map((a) => a.secretHash).sort())
      .toEqual(TEST_APPROVERS.map((a) => apiApprovalHash(id, 2, a)).sort());
    expect(deps.notifier.ofKind('approval-request')).toHaveLength(4);
  });
});
