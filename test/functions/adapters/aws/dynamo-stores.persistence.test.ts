import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoApprovalStore } from '../../../../functions/adapters/aws/dynamo-approval-store.js';
import { DynamoAuditLog } from '../../../../functions/adapters/aws/dynamo-audit-log.js';
import { DynamoWorkflowStore } from '../../../../functions/adapters/aws/dynamo-workflow-store.js';
import type { LocalDynamo } from '../../../../infra/local/dynalite.js';
import { startDynalite } from '../../../../infra/local/dynalite.js';
import { aNewWorkflow, anApproval, instant } from '../../../support/store-fixtures.js';

describe('Function: startDynalite (persistence)', () => {
  let dataDir: string;
  const running: LocalDynamo[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'upkeep-dynalite-'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((db) => db.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<LocalDynamo> {
    const db = await startDynalite({ dataDir });
    running.push(db);
    return db;
  }

  async function stop(db: LocalDynamo): Promise<void> {
    running.splice(running.indexOf(db), 1);
    await db.close();
  }

  it('keeps workflows, audit events and a pending approval across a restart with the same data directory', async () => {
    // Prepare
    const first = await start();
    const wf = aNewWorkflow({ stage: 'AWAITING_APPROVAL' });
    const { approval } = anApproval({ workflowId: wf.id });
    await new DynamoWorkflowStore(first).create(wf);
    await new DynamoAuditLog(first).append({ workflowId: wf.id, at: instant(), seq: 0, type: 'DETECTED', actor: 'scheduler', message: 'found' });
    await new DynamoApprovalStore(first).create(approval);
    await stop(first);

    // Act
    const second = await start();

    // Assess
    const workflows = new DynamoWorkflowStore(second);
    expect(second.path).toBe(join(dataDir, 'dynamodb'));
    expect(await workflows.get(wf.id)).toEqual({ ...wf, rev: 1 });
    expect((await workflows.listByStage('AWAITING_APPROVAL')).items.map((w) => w.id)).toEqual([wf.id]);
    expect(await workflows.create(aNewWorkflow())).toEqual({ id: wf.id, created: false });
    expect((await new DynamoAuditLog(second).list(wf.id)).items).toHaveLength(1);
    const used = await new DynamoApprovalStore(second).consume(approval.secretHash, {
      at: instant(60), by: approval.approver, outcome: 'APPROVED', csrfBinding: approval.csrfBinding,
    });
    expect(used.taskToken).toBe(approval.taskToken);
  });

  it('refuses a second server on a data directory in use, naming the holder', async () => {
    // Prepare
    await start();

    // Act + Assess
    await expect(startDynalite({ dataDir })).rejects.toThrow(`in use by process ${process.pid}`);
  });

  it('takes over a lock left by a process that is gone', async () => {
    // Prepare
    await start().then(stop);
    await writeFile(join(dataDir, 'dynamodb.lock'), '2147483646');

    // Act
    const db = await start();

    // Assess
    expect(await new DynamoWorkflowStore(db).findId('api', '1.5.0')).toBeUndefined();
  });
});
