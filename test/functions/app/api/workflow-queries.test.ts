import { describe, expect, it } from 'vitest';
import { WorkflowsQuerySchema } from '../../../../functions/app/api/api-schemas.js';
import { parseInput } from '../../../../functions/app/api/input.js';
import type { Output } from '../../../../functions/core/checks/index.js';
import { workflowDetail } from '../../../../functions/app/api/workflow-detail.js';
import { listWorkflows } from '../../../../functions/app/api/workflow-queries.js';
import { ValidationError } from '../../../../functions/core/errors.js';
import { keepsSnapshot, workflowSnapshot } from '../../../../functions/app/api/workflow-snapshot.js';
import { fakeAppDeps, type FakeAppDeps } from '../../../support/fakes/index.js';
import { aNewWorkflow } from '../../../support/store-fixtures.js';
import { givenWorkflow } from '../app-fixtures.js';

const query = (q: Record<string, string>): Output<typeof WorkflowsQuerySchema> => parseInput(WorkflowsQuerySchema, q, 'query', '(query)');

describe('Use case: workflow queries', () => {
  describe('Function: listWorkflows', () => {
    it('filters by stage and component together, and by detection time', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await givenWorkflow(deps, { component: 'api', version: '1.5.0', stage: 'AWAITING_APPROVAL', createdAt: '2025-01-10T00:00:00.000Z', updatedAt: '2025-01-10T00:00:00.000Z' });
      await givenWorkflow(deps, { component: 'web', version: '2.0.0', stage: 'AWAITING_APPROVAL', createdAt: '2025-01-12T00:00:00.000Z', updatedAt: '2025-01-12T00:00:00.000Z' });
      await givenWorkflow(deps, { component: 'api', version: '1.6.0', stage: 'SUCCEEDED', createdAt: '2025-01-14T00:00:00.000Z', updatedAt: '2025-01-14T00:00:00.000Z' });

      // Act
      const both = await listWorkflows(deps, query({ stage: 'AWAITING_APPROVAL', component: 'api' }));
      const recent = await listWorkflows(deps, query({ since: '2025-01-11T00:00:00Z', until: '2025-01-13T00:00:00Z' }));

      // Assess
      expect(both.items.map((w) => w.version)).toEqual(['1.5.0']);
      expect(recent.items.map((w) => w.version)).toEqual(['2.0.0']);
    });

    it('pages with a cursor', async () => {
      // Prepare
      const deps = fakeAppDeps();
      for (const v of ['1.5.0', '1.6.0', '1.7.0']) await givenWorkflow(deps, { version: v });

      // Act
      const first = await listWorkflows(deps, query({ limit: '2' }));
      const second = await listWorkflows(deps, query({ limit: '2', cursor: first.cursor ?? '' }));

      // Assess
      expect(first.items).toHaveLength(2);
      expect(second.items).toHaveLength(1);
      expect(second.cursor).toBeNull();
    });
  });

  describe('Function: listWorkflows from the workflow snapshot', () => {
    type Filter = Parameters<typeof listWorkflows>[1];

    /** Every page of a listing: the summaries' ids and the cursor of each. */
    async function pages(deps: Pick<FakeAppDeps, 'workflows'>, filter: Filter): Promise<{ ids: string[]; cursor: string | null }[]> {
      const all: { ids: string[]; cursor: string | null }[] = [];
      let cursor: string | null = null;
      do {
        const page = await listWorkflows(deps, { ...filter, ...(cursor === null ? {} : { cursor }) });
        all.push({ ids: page.items.map((w) => w.id), cursor: page.cursor });
        cursor = page.cursor;
      } while (cursor !== null);
      return all;
    }

    it('answers every filter with the pages and cursors the store gives, once this process keeps a snapshot', async () => {
      // Prepare
      const deps = fakeAppDeps();
      const stages = ['AWAITING_APPROVAL', 'SUCCEEDED', 'ROLLED_BACK'] as const;
      for (let i = 0; i < 30; i++) {
        await deps.workflows.create(aNewWorkflow({
          component: `svc-${i % 3}`, version: `1.0.${i}`, stage: stages[i % 3],
          createdAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(), updatedAt: new Date(Date.UTC(2025, 1, 1 + ((i * 7) % 30))).toISOString(),
        }));
      }
      const filters: Filter[] = [
        {}, { limit: 7 }, { stage: 'SUCCEEDED', limit: 3 }, { component: 'svc-1', limit: 4 }, { stage: 'AWAITING_APPROVAL', component: 'svc-0', limit: 2 },
        { since: '2025-01-10T00:00:00Z', limit: 5 }, { component: 'svc-2', since: '2025-01-10T00:00:00Z', until: '2025-01-20T00:00:00Z', limit: 2 },
      ];
      const fromStore = await Promise.all(filters.map((f) => pages(deps, f)));

      // Act
      await workflowSnapshot(deps.workflows);
      const fromSnapshot = await Promise.all(filters.map((f) => pages(deps, f)));

      // Assess
      expect(keepsSnapshot(deps.workflows)).toBe(true);
      expect(fromSnapshot).toEqual(fromStore);
      expect(fromStore[1]?.flatMap((p) => p.ids)).toHaveLength(30);
    });

    it('reads a kept snapshot, not the store, for every page', async () => {
      // Prepare
      const deps = fakeAppDeps();
      for (const v of ['1.5.0', '1.6.0', '1.7.0']) await givenWorkflow(deps, { version: v });
      await workflowSnapshot(deps.workflows);
      let reads = 0;
      const store = deps.workflows;
      const listRecent = store.listRecent.bind(store);
      store.listRecent = (page) => {
        // The snapshot's own refreshes (pages of 10 or 100) may run; the listing's pages of 2 must not.
        if (page?.limit === 2) reads += 1;
        return listRecent(page);
      };

      // Act
      const first = await listWorkflows(deps, { limit: 2 });
      const second = await listWorkflows(deps, { limit: 2, cursor: first.cursor ?? '' });

      // Assess
      expect([...first.items, ...second.items]).toHaveLength(3);
      expect(reads).toBe(0);
    });
  });

  describe('Query: WorkflowsQuerySchema', () => {
    it.each([
      [{ stage: 'NOPE' }, 'stage'],
      [{ since: 'yesterday' }, 'since'],
      [{ since: '2025-01-02T00:00:00Z', until: '2025-01-01T00:00:00Z' }, 'until'],
      [{ limit: '0' }, 'limit'],
      [{ stge: 'DEPLOYING' }, 'stge'],
    ])('refuses %j, naming %s', (q, path) => {
      expect(() => query(q)).toThrow(ValidationError);
      try {
        query(q);
      } catch (error) {
        expect((error as ValidationError).problems).toEqual([expect.objectContaining({ path, value: Object.values(q).at(-1) })]);
      }
    });
  });

  describe('Function: workflowDetail', () => {
    it('summarises the approval without the caller address, and leaves out the local checkpoint', async () => {
      // Prepare
      const deps = fakeAppDeps();
      const wf = await givenWorkflow(deps, {
        stage: 'AWAITING_APPROVAL', approvalRound: 1, approvalRequestedAt: '2025-01-15T12:00:00.000Z', approvalDeadline: '2025-01-16T12:00:00.000Z',
        approvals: [{ approver: 'ana@example.com', decision: 'APPROVED', at: '2025-01-15T12:30:00.000Z', via: 'api', sourceIp: '10.0.0.9' }],
        checkpoint: { state: 'Request approval', input: { workflowId: 'x' }, at: '2025-01-15T12:00:00.000Z' },
      });

      // Act
      const detail = await workflowDetail(deps, wf.id);

      // Assess
      expect(detail.approval).toEqual({
        round: 1, requestedAt: '2025-01-15T12:00:00.000Z', deadline: '2025-01-16T12:00:00.000Z', approvers: ['ana@example.com', 'ben@example.com'], required: 1,
        decisions: [{ approver: 'ana@example.com', decision: 'APPROVED', at: '2025-01-15T12:30:00.000Z', via: 'api' }], outcome: null, waiting: true,
      });
      expect(detail).not.toHaveProperty('checkpoint');
      expect(JSON.stringify(detail)).not.toContain('10.0.0.9');
    });
  });
});
