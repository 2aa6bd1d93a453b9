import { describe, expect, it } from 'vitest';
import { SortedWorkflows } from '../../../../functions/app/api/sorted-workflows.js';
import type { WorkflowRecord } from '../../../../functions/core/workflow-types.js';

const record = (id: string, rev = 1): WorkflowRecord => ({ id, rev } as unknown as WorkflowRecord);

describe('Class: SortedWorkflows', () => {
  it('keeps workflows in descending key order as they are added, replaced and removed', () => {
    // Prepare
    const sorted = new SortedWorkflows();

    // Act
    for (const key of ['2026-01-02#b', '2026-01-03#c', '2026-01-01#a', '2026-01-02#a']) sorted.set(key, record(key));
    sorted.set('2026-01-03#c', record('2026-01-03#c', 2));
    sorted.delete('2026-01-02#b');
    sorted.delete('2026-01-09#missing');

    // Assess
    expect(sorted.size).toBe(3);
    expect(sorted.after(undefined, 10).keys).toEqual(['2026-01-03#c', '2026-01-02#a', '2026-01-01#a']);
    expect(sorted.after(undefined, 1).items).toEqual([record('2026-01-03#c', 2)]);
  });

  it('pages on after a position, whether or not a workflow is still there', () => {
    // Prepare
    const sorted = new SortedWorkflows();
    for (const key of ['5#e', '4#d', '3#c', '2#b', '1#a']) sorted.set(key, record(key));

    // Act + Assess
    expect(sorted.after('4#d', 2).keys).toEqual(['3#c', '2#b']);
    expect(sorted.after('3#zz', 2).keys).toEqual(['3#c', '2#b']);
    expect(sorted.after('1#a', 2).keys).toEqual([]);
    expect(sorted.after('9#z', 1).keys).toEqual(['5#e']);
  });
});
