import { describe, expect, it } from 'vitest';
import { workflowSnapshot } from '../../../../functions/app/api/workflow-snapshot.js';
import type { WorkflowRecord } from '../../../../functions/core/workflow-types.js';
import type { PageRequest } from '../../../../functions/ports/page.js';
import { InMemoryWorkflowStore } from '../../../support/fakes/index.js';

function workflow(i: number, at: string): Omit<WorkflowRecord, 'rev'> {
  return { id: `wf-${i}`, component: `c${i}`, version: '1.0.1', fromVersion: '1.0.0', stage: 'DETECTED', createdAt: at, updatedAt: at, history: [{ stage: 'DETECTED', at }] };
}

/** Counts the items `listRecent` hands out, to show how much each refresh reads. */
function counting(store: InMemoryWorkflowStore): { read: () => number } {
  let read = 0;
  const real = store.listRecent.bind(store);
  store.listRecent = async (page?: PageRequest) => {
    const result = await real(page);
    read += result.items.length;
    return result;
  };
  return { read: () => read };
}

describe('Function: workflowSnapshot', () => {
  it('reads everything once, then only what changed, and keeps the statistics current', async () => {
    // Prepare
    const store = new InMemoryWorkflowStore();
    for (let i = 0; i < 250; i++) await store.create(workflow(i, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
    const reads = counting(store);

    // Act
    const first = await workflowSnapshot(store, { maxStaleMs: 0 });
    const afterFirst = reads.read();
    const unchanged = await workflowSnapshot(store, { maxStaleMs: 0 });
    const afterUnchanged = reads.read();
    const wf = await store.get('wf-3');
    await store.update({ ...wf, stage: 'SUCCEEDED', updatedAt: '2026-02-01T00:00:00.000Z', endedAt: '2026-02-01T00:00:00.000Z' });
    const changed = await workflowSnapshot(store, { maxStaleMs: 0 });

    // Assess
    expect(first.workflows).toHaveLength(250);
    expect(afterFirst).toBe(250);
    expect(unchanged).toBe(first);
    expect(afterUnchanged - afterFirst).toBeLessThanOrEqual(10);
    expect(changed.workflows).toHaveLength(250);
    expect(changed.workflows.find((w) => w.id === 'wf-3')?.stage).toBe('SUCCEEDED');
    expect(changed.statistics.workflows.active).toBe(first.statistics.workflows.active - 1);
  });

  it('answers from memory within maxStaleMs of the last check', async () => {
    const store = new InMemoryWorkflowStore();
    await store.create(workflow(1, '2026-01-01T00:00:00.000Z'));
    await workflowSnapshot(store);
    const reads = counting(store);

    await workflowSnapshot(store, { maxStaleMs: 60_000 });

    expect(reads.read()).toBe(0);
  });

  it('shares one refresh between concurrent callers', async () => {
    const store = new InMemoryWorkflowStore();
    for (let i = 0; i < 30; i++) await store.create(workflow(i, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
    const reads = counting(store);

    const results = await Promise.all(Array.from({ length: 20 }, () => workflowSnapshot(store)));

    expect(new Set(results).size).toBe(1);
    expect(reads.read()).toBe(30);
  });
});
