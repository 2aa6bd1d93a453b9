import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoWorkflowStore } from '../../../../../functions/adapters/aws/dynamo-workflow-store.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../../../functions/core/errors.js';
import { workflowSortKey, type WorkflowListing } from '../../../../../functions/core/workflow-listing.js';
import type { WorkflowRecord } from '../../../../../functions/core/workflow-types.js';
import type { Page } from '../../../../../functions/ports/page.js';
import type { DynamoPeer } from '../../../../support/dynamo-peer.js';
import { aNewWorkflow, instant } from '../../../../support/store-fixtures.js';

/** Every page of a listing, following cursors. */
async function collect(next: (cursor: string | undefined) => Promise<Page<WorkflowRecord>>): Promise<WorkflowRecord[]> {
  const all: WorkflowRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await next(cursor);
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return all;
}

/** The WorkflowStore contract, run against one DynamoDB-compatible peer. */
export function workflowStoreContract(peer: () => DynamoPeer): void {
  describe('Class: DynamoWorkflowStore', () => {
    let tableName: string;
    let store: DynamoWorkflowStore;

    beforeEach(async () => {
      tableName = await peer().newTable();
      store = new DynamoWorkflowStore({ tableName, client: peer().client });
    });

    describe('Method: create', () => {
      it('records a new workflow at rev 1', async () => {
        // Prepare
        const wf = aNewWorkflow();

        // Act
        const result = await store.create(wf);

        // Assess
        expect(result).toEqual({ id: wf.id, created: true });
        expect(await store.get(wf.id)).toEqual({ ...wf, rev: 1 });
        expect(await store.findId(wf.component, wf.version)).toBe(wf.id);
      });

      it('creates exactly one workflow under 200 concurrent duplicate detections', async () => {
        // Prepare
        const candidates = Array.from({ length: 200 }, () => aNewWorkflow({ component: 'web', version: '2.0.0' }));

        // Act
        const results = await Promise.all(candidates.map((wf) => store.create(wf)));

        // Assess
        const winners = results.filter((r) => r.created);
        expect(winners).toHaveLength(1);
        const id = winners[0]!.id;
        expect(new Set(results.map((r) => r.id))).toEqual(new Set([id]));
        expect((await store.get(id)).rev).toBe(1);
        expect((await store.listByComponent('web')).items.map((w) => w.id)).toEqual([id]);
      });

      it('returns the existing id and writes nothing for a later duplicate', async () => {
        // Prepare
        const first = aNewWorkflow();
        await store.create(first);
        const stored = await store.update({ ...(await store.get(first.id)), stage: 'VERIFYING', updatedAt: instant(5) });

        // Act
        const again = await store.create(aNewWorkflow({ stage: 'DETECTED' }));

        // Assess
        expect(again).toEqual({ id: first.id, created: false });
        expect(await store.get(first.id)).toEqual(stored);
      });

      it('keeps other versions of the same component apart', async () => {
        // Prepare
        const a = aNewWorkflow({ version: '1.5.0' });
        const b = aNewWorkflow({ version: '1.5.1' });

        // Act
        const results = await Promise.all([store.create(a), store.create(b)]);

        // Assess
        expect(results.map((r) => r.created)).toEqual([true, true]);
      });

      it('completes a create whose owner stopped after claiming the key', async () => {
        // Prepare: the claim is written, the workflow item is not (a crash between the two writes)
        const orphan = aNewWorkflow({ component: 'half', version: '3.0.0' });
        await peer().client.send(new PutCommand({
          TableName: tableName,
          Item: { pk: 'KEY#half#3.0.0', sk: 'KEY', workflowId: orphan.id, initial: { ...orphan, rev: 1 } },
        }));

        // Act
        const result = await store.create(aNewWorkflow({ component: 'half', version: '3.0.0' }));

        // Assess
        expect(result).toEqual({ id: orphan.id, created: false });
        expect(await store.get(orphan.id)).toEqual({ ...orphan, rev: 1 });
      });

      it('rejects a component name containing "#"', async () => {
        await expect(store.create(aNewWorkflow({ component: 'a#b' }))).rejects.toBeInstanceOf(ValidationError);
        expect(await store.findId('a', 'b#1.5.0')).toBeUndefined();
      });
    });

    describe('Method: get', () => {
      it('throws NotFoundError for an unknown id', async () => {
        await expect(store.get('nope')).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('Method: update', () => {
      it('stores the change and bumps rev', async () => {
        // Prepare
        const wf = aNewWorkflow();
        await store.create(wf);
        const read = await store.get(wf.id);

        // Act
        const written = await store.update({ ...read, stage: 'SIMULATING', updatedAt: instant(10) });

        // Assess
        expect(written.rev).toBe(2);
        expect(await store.get(wf.id)).toEqual(written);
      });

      it('lets exactly one of two concurrent updates from the same rev win', async () => {
        // Prepare
        const wf = aNewWorkflow();
        await store.create(wf);
        const read = await store.get(wf.id);

        // Act
        const outcomes = await Promise.allSettled([
          store.update({ ...read, stage: 'REJECTED', updatedAt: instant(20) }),
          store.update({ ...read, stage: 'SCHEDULED', updatedAt: instant(20) }),
        ]);

        // Assess
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
        expect((lost[0]!.reason as ConflictError).context).toMatchObject({ expectedRev: 1, actualRev: 2 });
        expect((await store.get(wf.id)).rev).toBe(2);
      });

      it('throws ConflictError for a stale rev', async () => {
        // Prepare
        const wf = aNewWorkflow();
        await store.create(wf);
        const read = await store.get(wf.id);
        await store.update({ ...read, stage: 'VERIFYING' });

        // Act + Assess
        await expect(store.update({ ...read, stage: 'FAILED' })).rejects.toBeInstanceOf(ConflictError);
        expect((await store.get(wf.id)).stage).toBe('VERIFYING');
      });

      it('throws NotFoundError for a workflow that was never created', async () => {
        await expect(store.update({ ...aNewWorkflow(), rev: 1 })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('refuses to change component or version', async () => {
        // Prepare
        const wf = aNewWorkflow();
        await store.create(wf);
        const read = await store.get(wf.id);

        // Act + Assess
        await expect(store.update({ ...read, version: '9.9.9' })).rejects.toBeInstanceOf(ValidationError);
      });
    });

    describe('Method: listByStage', () => {
      it('pages through the workflows in one stage, most recently updated first, by queries only', async () => {
        // Prepare
        const waiting = Array.from({ length: 5 }, (_, i) =>
          aNewWorkflow({ version: `2.0.${i}`, stage: 'AWAITING_APPROVAL', updatedAt: instant(i) }));
        await Promise.all([...waiting, aNewWorkflow({ version: '3.0.0', stage: 'DEPLOYING' })].map((wf) => store.create(wf)));
        const before = peer().commands.length;

        // Act
        const listed = await collect((cursor) => store.listByStage('AWAITING_APPROVAL', { limit: 2, cursor }));

        // Assess
        expect(listed.map((w) => w.version)).toEqual(['2.0.4', '2.0.3', '2.0.2', '2.0.1', '2.0.0']);
        const sent = peer().commands.slice(before);
        expect(sent.length).toBeGreaterThanOrEqual(3);
        expect(new Set(sent)).toEqual(new Set(['QueryCommand']));
      });

      it('moves a workflow to its new stage on update', async () => {
        // Prepare
        const wf = aNewWorkflow({ stage: 'AWAITING_APPROVAL' });
        await store.create(wf);

        // Act
        await store.update({ ...(await store.get(wf.id)), stage: 'SCHEDULED', updatedAt: instant(30) });

        // Assess
        expect((await store.listByStage('AWAITING_APPROVAL')).items).toEqual([]);
        expect((await store.listByStage('SCHEDULED')).items.map((w) => w.id)).toEqual([wf.id]);
      });

      it('rejects a cursor from another listing, a forged cursor and a bad limit', async () => {
        // Prepare
        await Promise.all([1, 2, 3].map((i) => store.create(aNewWorkflow({ version: `4.0.${i}` }))));
        const { cursor } = await store.listByComponent('api', { limit: 1 });

        // Act + Assess
        await expect(store.listByStage('DETECTED', { cursor })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.listByStage('DETECTED', { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.listByStage('DETECTED', { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
      });
    });

    describe('Method: listByComponent', () => {
      it('pages through one component\'s workflows, newest first', async () => {
        // Prepare
        const mine = Array.from({ length: 7 }, (_, i) => aNewWorkflow({ component: 'db', version: `5.0.${i}`, createdAt: instant(i) }));
        await Promise.all([...mine, aNewWorkflow({ component: 'other' })].map((wf) => store.create(wf)));

        // Act
        const listed = await collect((cursor) => store.listByComponent('db', { limit: 3, cursor }));

        // Assess
        expect(listed.map((w) => w.version)).toEqual(['5.0.6', '5.0.5', '5.0.4', '5.0.3', '5.0.2', '5.0.1', '5.0.0']);
      });
    });

    describe('Method: listRecent', () => {
      it('pages through all workflows, most recently updated first', async () => {
        // Prepare
        const all = Array.from({ length: 4 }, (_, i) =>
          aNewWorkflow({ component: `c${i}`, updatedAt: instant(100 - i), stage: i % 2 === 0 ? 'DETECTED' : 'SUCCEEDED' }));
        await Promise.all(all.map((wf) => store.create(wf)));

        // Act
        const listed = await collect((cursor) => store.listRecent({ limit: 3, cursor }));

        // Assess
        expect(listed.map((w) => w.component)).toEqual(['c0', 'c1', 'c2', 'c3']);
      });
    });

    describe('Methods: cursorPosition and cursorAt', () => {
      it('place a cursor at the sort key of the page\'s last workflow, and make cursors that page on as the store\'s own do', async () => {
        // Prepare
        const all = Array.from({ length: 5 }, (_, i) => aNewWorkflow({ component: 'pos', version: `6.0.${i}`, stage: 'DEPLOYING', createdAt: instant(i), updatedAt: instant(10 - i) }));
        await Promise.all(all.map((wf) => store.create(wf)));
        const listings: [WorkflowListing, (page: { limit: number; cursor?: string }) => Promise<Page<WorkflowRecord>>][] = [
          [{ by: 'recent' }, (page) => store.listRecent(page)],
          [{ by: 'stage', stage: 'DEPLOYING' }, (page) => store.listByStage('DEPLOYING', page)],
          [{ by: 'component', component: 'pos' }, (page) => store.listByComponent('pos', page)],
        ];

        for (const [listing, list] of listings) {
          // Act
          const first = await list({ limit: 2 });
          const position = store.cursorPosition(listing, first.cursor ?? '');
          const made = store.cursorAt(listing, position);

          // Assess
          expect(position).toBe(workflowSortKey(listing, first.items[1]!));
          expect(store.cursorPosition(listing, made)).toBe(position);
          expect((await list({ limit: 2, cursor: made })).items.map((w) => w.id)).toEqual((await list({ limit: 2, cursor: first.cursor })).items.map((w) => w.id));
        }
      });

      it('refuse a cursor of another listing', async () => {
        // Prepare
        await Promise.all([1, 2].map((i) => store.create(aNewWorkflow({ version: `7.0.${i}` }))));
        const { cursor } = await store.listByComponent('api', { limit: 1 });

        // Act + Assess
        expect(() => store.cursorPosition({ by: 'stage', stage: 'DETECTED' }, cursor ?? '')).toThrow(ValidationError);
        expect(() => store.cursorPosition({ by: 'recent' }, 'not-a-cursor')).toThrow(ValidationError);
      });
    });

    describe('Method: restore', () => {
      it('writes the record verbatim, rev included, and owns its component+version', async () => {
        // Prepare
        const wf: WorkflowRecord = { ...aNewWorkflow(), rev: 7 };

        // Act
        await store.restore(wf);

        // Assess
        expect(await store.get(wf.id)).toEqual(wf);
        expect(await store.findId(wf.component, wf.version)).toBe(wf.id);
        await expect(store.restore({ ...wf, id: aNewWorkflow().id })).rejects.toBeInstanceOf(ConflictError);
      });
    });
  });
}
