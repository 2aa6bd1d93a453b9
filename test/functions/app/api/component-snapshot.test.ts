import { describe, expect, it } from 'vitest';
import { componentSnapshot } from '../../../../functions/app/api/component-snapshot.js';
import type { PageRequest } from '../../../../functions/ports/page.js';
import { InMemoryComponentStore } from '../../../support/fakes/index.js';
import { aNewComponent } from '../../../support/store-fixtures.js';

/** Counts the store's `list` calls. */
function counting(store: InMemoryComponentStore): { calls: () => number } {
  let calls = 0;
  const real = store.list.bind(store);
  store.list = (page?: PageRequest) => {
    calls += 1;
    return real(page);
  };
  return { calls: () => calls };
}

describe('Function: componentSnapshot', () => {
  it('reads the store once for concurrent callers, and not again within maxStaleMs', async () => {
    // Prepare
    const store = new InMemoryComponentStore();
    await store.register(aNewComponent({ name: 'api' }));
    const reads = counting(store);

    // Act
    const first = await Promise.all(Array.from({ length: 10 }, () => componentSnapshot(store)));
    await store.register(aNewComponent({ name: 'web' }));
    const within = await componentSnapshot(store, { maxStaleMs: 60_000 });

    // Assess
    expect(new Set(first).size).toBe(1);
    expect(first[0]?.map((c) => c.name)).toEqual(['api']);
    expect(within).toBe(first[0]);
    expect(reads.calls()).toBe(1);
  });

  it('reads the store again once maxStaleMs has passed', async () => {
    // Prepare
    const store = new InMemoryComponentStore();
    await store.register(aNewComponent({ name: 'api' }));
    await componentSnapshot(store);
    await store.register(aNewComponent({ name: 'web' }));
    await new Promise((resolve) => setTimeout(resolve, 20));

    // Act
    const after = await componentSnapshot(store, { maxStaleMs: 10 });

    // Assess
    expect(after.map((c) => c.name)).toEqual(['api', 'web']);
  });
});
