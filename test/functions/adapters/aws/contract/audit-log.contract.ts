import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../../../../functions/adapters/aws/dynamo-audit-log.js';
import { DynamoWorkflowStore } from '../../../../../functions/adapters/aws/dynamo-workflow-store.js';
import { ConflictError, ValidationError } from '../../../../../functions/core/errors.js';
import type { AuditEvent } from '../../../../../functions/core/workflow-types.js';
import type { DynamoPeer } from '../../../../support/dynamo-peer.js';
import { aNewWorkflow, instant } from '../../../../support/store-fixtures.js';

function anEvent(workflowId: string, at: string, seq: number, type = 'DETECTED'): AuditEvent {
  return { workflowId, at, seq, type, actor: 'system', message: `${type} #${seq}`, details: { seq } };
}

/** The AuditLog contract, run against one DynamoDB-compatible peer. */
export function auditLogContract(peer: () => DynamoPeer): void {
  describe('Class: DynamoAuditLog', () => {
    let audit: DynamoAuditLog;
    let tableName: string;

    beforeEach(async () => {
      tableName = await peer().newTable();
      audit = new DynamoAuditLog({ tableName, client: peer().client });
    });

    describe('Method: append', () => {
      it('never overwrites an event: re-appending the same time and seq fails and keeps the first', async () => {
        // Prepare
        const first = anEvent('wf-1', instant(), 0, 'APPROVED');
        await audit.append(first);

        // Act
        const again = audit.append({ ...first, type: 'REJECTED', actor: 'mallory' });

        // Assess
        await expect(again).rejects.toBeInstanceOf(ConflictError);
        expect((await audit.list('wf-1')).items).toEqual([first]);
      });

      it('keeps every one of 50 concurrent appends with distinct seq', async () => {
        // Prepare
        const events = Array.from({ length: 50 }, (_, seq) => anEvent('wf-2', instant(), seq));

        // Act
        await Promise.all(events.map((e) => audit.append(e)));

        // Assess
        expect((await audit.list('wf-2', { limit: 100 })).items).toEqual(events);
      });

      it('rejects an instant not written by toISOString, and a negative seq', async () => {
        await expect(audit.append(anEvent('wf-3', '2025-01-15T12:00:00Z', 0))).rejects.toBeInstanceOf(ValidationError);
        await expect(audit.append(anEvent('wf-3', instant(), -1))).rejects.toBeInstanceOf(ValidationError);
        expect((await audit.list('wf-3')).items).toEqual([]);
      });
    });

    describe('Method: list', () => {
      it('returns events oldest first (time, then seq) in pages, whatever the order they were written', async () => {
        // Prepare
        const ordered = [
          anEvent('wf-4', instant(0), 0), anEvent('wf-4', instant(0), 1), anEvent('wf-4', instant(0), 10),
          anEvent('wf-4', instant(1), 0), anEvent('wf-4', instant(60), 2),
        ];
        for (const e of [...ordered].reverse()) await audit.append(e);
        await audit.append(anEvent('wf-5', instant(0), 0));

        // Act
        const first = await audit.list('wf-4', { limit: 3 });
        const second = await audit.list('wf-4', { limit: 3, cursor: first.cursor });

        // Assess
        expect([...first.items, ...second.items]).toEqual(ordered);
        expect(second.cursor).toBeUndefined();
      });

      it('lives beside the workflow without disturbing it or its listings', async () => {
        // Prepare
        const workflows = new DynamoWorkflowStore({ tableName, client: peer().client });
        const wf = aNewWorkflow();
        await workflows.create(wf);

        // Act
        await audit.append(anEvent(wf.id, instant(), 0));

        // Assess
        expect((await workflows.get(wf.id)).rev).toBe(1);
        expect((await workflows.listRecent()).items).toHaveLength(1);
        expect((await audit.list(wf.id)).items).toHaveLength(1);
      });
    });
  });
}
