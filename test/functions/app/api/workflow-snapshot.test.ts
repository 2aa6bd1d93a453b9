import { describe, expect, it } from 'vitest';
import { OVERLAP_MS, keepsSnapshot, snapshotPage, workflowSnapshot } from '../../../../functions/app/api/workflow-snapshot.js';
import { ValidationError } from '../../../../functions/core/errors.js';
import type { Stage } from '../../../../functions/core/types.js';
import type { WorkflowListing } from '../../../../functions/core/workflow-listing.js';
import type { WorkflowRecord } from '../../../../functions/core/workflow-types.js';
import type { Page, PageRequest } from '../../../../functions/ports/page.js';
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

const STAGES: readonly Stage[] = ['DETECTED', 'AWAITING_APPROVAL', 'SUCCEEDED', 'ROLLED_BACK'];

/** 40 workflows of three components in four stages, updated in another order than they were created, two at the same instant. */
async function aMixedStore(): Promise<InMemoryWorkflowStore> {
  const store = new InMemoryWorkflowStore();
  for (let i = 0; i < 40; i++) {
    const created = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    const updated = new Date(Date.UTC(2026, 0, 2, 0, i === 7 ? 5 : (i * 7) % 13, i % 3)).toISOString();
    await store.create({ ...workflow(i, created), component: `c${i % 3}`, version: `1.0.${i}`, stage: STAGES[i % 4] as Stage, updatedAt: updated });
  }
  return store;
}

const LISTINGS: readonly WorkflowListing[] = [
  { by: 'recent' }, ...STAGES.map((stage): WorkflowListing => ({ by: 'stage', stage })), { by: 'component', component: 'c1' }, { by: 'component', component: 'none' },
];

function fromStore(store: InMemoryWorkflowStore, listing: WorkflowListing, page: PageRequest): Promise<Page<WorkflowRecord>> {
  if (listing.by === 'stage') return store.listByStage(listing.stage, page);
  return listing.by === 'component' ? store.listByComponent(listing.component, page) : store.listRecent(page);
}

async function fromSnapshot(store: InMemoryWorkflowStore, listing: WorkflowListing, page: PageRequest): Promise<Page<WorkflowRecord>> {
  const answered = await snapshotPage(store, listing, page);
  if (answered === undefined) throw new Error('the snapshot left the page to the store');
  return answered;
}

/** Every page of a listing: ids and cursor of each. */
async function walk(list: (page: PageRequest) => Promise<Page<WorkflowRecord>>, limit: number): Promise<{ ids: string[]; cursor: string | undefined }[]> {
  const pages: { ids: string[]; cursor: string | undefined }[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit, ...(cursor === undefined ? {} : { cursor }) });
    pages.push({ ids: page.items.map((w) => w.id), cursor: page.cursor });
    cursor = page.cursor;
  } while (cursor !== undefined);
  return pages;
}

describe('Function: snapshotPage', () => {
  it('answers every listing as the store does: the same pages, in the same order, with the same cursors', async () => {
    // Prepare
    const store = await aMixedStore();
    await workflowSnapshot(store);

    for (const listing of LISTINGS) {
      for (const limit of [1, 4, 10, 100]) {
        // Act
        const expected = await walk((page) => fromStore(store, listing, page), limit);
        const actual = await walk((page) => fromSnapshot(store, listing, page), limit);

        // Assess
        expect(actual, `${JSON.stringify(listing)} by ${limit}`).toEqual(expected);
      }
    }
  });

  it('pages on from a store cursor, and the store pages on from its cursors', async () => {
    // Prepare
    const store = await aMixedStore();
    await workflowSnapshot(store);
    const listing: WorkflowListing = { by: 'component', component: 'c2' };
    const first = await store.listByComponent('c2', { limit: 3 });

    // Act
    const second = await fromSnapshot(store, listing, { limit: 3, cursor: first.cursor });
    const third = await store.listByComponent('c2', { limit: 3, cursor: second.cursor });

    // Assess
    const all = (await store.listByComponent('c2', { limit: 100 })).items.map((w) => w.id);
    expect([...first.items, ...second.items, ...third.items].map((w) => w.id)).toEqual(all.slice(0, 9));
  });

  it('carries on after the last page\'s cursor when newer workflows have appeared, repeating and skipping none', async () => {
    // Prepare
    const store = await aMixedStore();
    await workflowSnapshot(store, { maxStaleMs: 0 });
    const first = await fromSnapshot(store, { by: 'recent' }, { limit: 10 });
    for (let i = 100; i < 105; i++) await store.create(workflow(i, '2026-03-01T00:00:00.000Z'));
    await workflowSnapshot(store, { maxStaleMs: 0 });

    // Act
    const rest = await walk((page) => fromSnapshot(store, { by: 'recent' }, { ...page, cursor: page.cursor ?? first.cursor }), 10);

    // Assess
    const ids = [...first.items.map((w) => w.id), ...rest.flatMap((p) => p.ids)];
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(ids.some((id) => Number(id.slice(3)) >= 100)).toBe(false);
  });

  it('moves a workflow between stage listings when it changes stage', async () => {
    // Prepare
    const store = await aMixedStore();
    await workflowSnapshot(store, { maxStaleMs: 0 });
    const wf = await store.get('wf-1');
    await store.update({ ...wf, stage: 'SUCCEEDED', updatedAt: '2026-02-01T00:00:00.000Z' });

    // Act
    await workflowSnapshot(store, { maxStaleMs: 0 });
    const waiting = await fromSnapshot(store, { by: 'stage', stage: 'AWAITING_APPROVAL' }, { limit: 100 });
    const succeeded = await fromSnapshot(store, { by: 'stage', stage: 'SUCCEEDED' }, { limit: 100 });
    const recent = await fromSnapshot(store, { by: 'recent' }, { limit: 100 });

    // Assess
    expect(waiting.items.map((w) => w.id)).not.toContain('wf-1');
    expect(succeeded.items[0]).toMatchObject({ id: 'wf-1', rev: 2 });
    expect(recent.items[0]?.id).toBe('wf-1');
    expect(recent.items).toHaveLength(40);
  });

  it('leaves a limit the store refuses to the store, and refuses a cursor of another listing', async () => {
    // Prepare
    const store = await aMixedStore();
    await workflowSnapshot(store);
    const { cursor } = await store.listByStage('DETECTED', { limit: 1 });

    // Act + Assess
    expect(await snapshotPage(store, { by: 'recent' }, { limit: 0 })).toBeUndefined();
    expect(await snapshotPage(store, { by: 'recent' }, { limit: 101 })).toBeUndefined();
    await expect(snapshotPage(store, { by: 'stage', stage: 'SUCCEEDED' }, { cursor })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('Function: keepsSnapshot', () => {
  it('is false until something asked for a snapshot of the store, then true', async () => {
    const store = await aMixedStore();

    const before = keepsSnapshot(store);
    await workflowSnapshot(store);

    expect(before).toBe(false);
    expect(keepsSnapshot(store)).toBe(true);
  });
});

describe('Staleness of workflowSnapshot', () => {
  it('shows a write at the first refresh after maxStaleMs, and not before', async () => {
    // Prepare
    const store = new InMemoryWorkflowStore();
    await store.create(workflow(1, '2026-01-01T00:00:00.000Z'));
    await workflowSnapshot(store);
    await store.create(workflow(2, '2026-01-01T00:01:00.000Z'));

    // Act
    const within = await workflowSnapshot(store, { maxStaleMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await workflowSnapshot(store, { maxStaleMs: 10 });

    // Assess
    expect(within.workflows.map((w) => w.id)).toEqual(['wf-1']);
    expect(after.workflows.map((w) => w.id).sort()).toEqual(['wf-1', 'wf-2']);
  });

  it('catches a write that lands after one stamped later, within the overlap', async () => {
    // Prepare: wf-2 is seen first; wf-1's update, stamped before it, lands afterwards
    const store = new InMemoryWorkflowStore();
    await store.create(workflow(1, '2026-01-01T00:00:00.000Z'));
    await store.create(workflow(2, '2026-01-01T00:00:10.000Z'));
    for (let i = 3; i < 30; i++) await store.create(workflow(i, '2025-12-01T00:00:00.000Z'));
    await workflowSnapshot(store, { maxStaleMs: 0 });
    const late = new Date(Date.parse('2026-01-01T00:00:10.000Z') - OVERLAP_MS + 1).toISOString();
    await store.update({ ...(await store.get('wf-1')), stage: 'SUCCEEDED', updatedAt: late });

    // Act
    const snapshot = await workflowSnapshot(store, { maxStaleMs: 0 });

    // Assess
    expect(snapshot.workflows.find((w) => w.id === 'wf-1')?.stage).toBe('SUCCEEDED');
    expect((await fromSnapshot(store, { by: 'stage', stage: 'SUCCEEDED' }, {})).items.map((w) => w.id)).toEqual(['wf-1']);
  });
});
