import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoApprovalStore } from '../../../../../functions/adapters/aws/dynamo-approval-store.js';
import {
  ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError, ValidationError,
} from '../../../../../functions/core/errors.js';
import type { ApprovalRequest } from '../../../../../functions/ports/approval-store.js';
import type { DynamoPeer } from '../../../../support/dynamo-peer.js';
import { anApproval, instant } from '../../../../support/store-fixtures.js';

/** The ApprovalStore contract, run against one DynamoDB-compatible peer. */
export function approvalStoreContract(peer: () => DynamoPeer): void {
  describe('Class: DynamoApprovalStore', () => {
    let approvals: DynamoApprovalStore;

    beforeEach(async () => {
      approvals = new DynamoApprovalStore({ tableName: await peer().newTable(), client: peer().client });
    });

    describe('Method: get', () => {
      it('shows the approval without its task token or CSRF binding', async () => {
        // Prepare
        const { approval } = anApproval();
        await approvals.create(approval);

        // Act
        const view = await approvals.get(approval.secretHash);

        // Assess
        expect(view).toMatchObject({ workflowId: approval.workflowId, approver: approval.approver, expiresAt: approval.expiresAt });
        expect(view).not.toHaveProperty('taskToken');
        expect(view).not.toHaveProperty('csrfBinding');
        expect(JSON.stringify(view)).not.toContain(approval.taskToken);
      });

      it('throws NotFoundError for an unknown link and ValidationError for something that is not a hash', async () => {
        await expect(approvals.get('0'.repeat(64))).rejects.toBeInstanceOf(NotFoundError);
        await expect(approvals.get('the-raw-secret')).rejects.toBeInstanceOf(ValidationError);
      });
    });

    describe('Method: create', () => {
      it('refuses a second approval with the same hash', async () => {
        const { approval } = anApproval();
        await approvals.create(approval);
        await expect(approvals.create({ ...approval, taskToken: 'other' })).rejects.toBeInstanceOf(ConflictError);
      });
    });

    describe('Method: consume', () => {
      it('hands out the task token to exactly one of 100 concurrent uses', async () => {
        // Prepare
        const { approval } = anApproval();
        await approvals.create(approval);
        const decide = (i: number): Promise<ApprovalRequest> => approvals.consume(approval.secretHash, {
          at: instant(60), by: `approver-${i}`, outcome: i % 2 === 0 ? 'APPROVED' : 'REJECTED', csrfBinding: approval.csrfBinding,
        });

        // Act
        const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => decide(i)));

        // Assess
        const won = outcomes.filter((o): o is PromiseFulfilledResult<ApprovalRequest> => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(won[0]!.value.taskToken).toBe(approval.taskToken);
        expect(lost.every((o) => o.reason instanceof ConflictError)).toBe(true);
        const view = await approvals.get(approval.secretHash);
        expect(view).toMatchObject({ consumedBy: won[0]!.value.consumedBy, outcome: won[0]!.value.outcome, consumedAt: instant(60) });
      });

      it('throws ApprovalExpiredError at and after the expiry, and leaves the approval unused', async () => {
        // Prepare
        const { approval } = anApproval({ expiresAt: instant(600) });
        await approvals.create(approval);
        const late = { by: 'ops@example.com', outcome: 'APPROVED' as const, csrfBinding: approval.csrfBinding };

        // Act + Assess
        await expect(approvals.consume(approval.secretHash, { ...late, at: instant(600) })).rejects.toBeInstanceOf(ApprovalExpiredError);
        await expect(approvals.consume(approval.secretHash, { ...late, at: instant(601) })).rejects.toBeInstanceOf(ApprovalExpiredError);
        expect(await approvals.get(approval.secretHash)).not.toHaveProperty('consumedAt');
      });

      it('throws ForbiddenError for a wrong CSRF binding, and the link still works with the right one', async () => {
        // Prepare
        const { approval } = anApproval();
        await approvals.create(approval);
        const decision = { at: instant(1), by: 'ops@example.com', outcome: 'REJECTED' as const, reason: 'not now' };

        // Act
        const forged = approvals.consume(approval.secretHash, { ...decision, csrfBinding: 'forged' });

        // Assess
        await expect(forged).rejects.toBeInstanceOf(ForbiddenError);
        const used = await approvals.consume(approval.secretHash, { ...decision, csrfBinding: approval.csrfBinding });
        expect(used).toMatchObject({ outcome: 'REJECTED', reason: 'not now', taskToken: approval.taskToken });
      });

      it('throws NotFoundError for an unknown link', async () => {
        const { approval } = anApproval();
        await expect(approvals.consume(approval.secretHash, {
          at: instant(), by: 'x', outcome: 'APPROVED', csrfBinding: approval.csrfBinding,
        })).rejects.toBeInstanceOf(NotFoundError);
      });
    });
  });
}
