import { describe, expect, it } from 'vitest';
import { WorkflowsQuerySchema } from '../../../../functions/app/api/api-schemas.js';
import { parseInput } from '../../../../functions/app/api/input.js';
import { listWorkflows, workflowDetail } from '../../../../functions/app/api/workflow-queries.js';
import { ValidationError } from '../../../../functions/core/errors.js';
import { fakeAppDeps } from '../../../support/fakes/index.js';
import { givenWorkflow } from '../app-fixtures.js';

const query = (q: Record<string, string>): ReturnType<typeof WorkflowsQuerySchema.parse> => parseInput(WorkflowsQuerySchema, q, 'query', '(query)');

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
