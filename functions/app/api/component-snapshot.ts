import type { ComponentRecord, ComponentStore } from '../../ports/component-store.js';
import { collectPages } from '../collect-pages.js';
import { FRESH_MS } from './workflow-snapshot.js';

interface Entry {
  checkedAt: number;
  components: readonly ComponentRecord[] | undefined;
  reading: Promise<readonly ComponentRecord[]> | undefined;
}

const entries = new WeakMap<ComponentStore, Entry>();

/**
 * Every component, by name, for views polled many times a second (`GET /status`): read from
 * the store at most once per `maxStaleMs` (default {@link FRESH_MS}, as the workflow snapshot),
 * concurrent callers sharing one read. Use cases that change components read the store.
 *
 * @example
 * ```ts
 * const components = await componentSnapshot(deps.components);
 * ```
 */
export function componentSnapshot(store: ComponentStore, options: { readonly maxStaleMs?: number } = {}): Promise<readonly ComponentRecord[]> {
  let entry = entries.get(store);
  if (entry === undefined) {
    entry = { checkedAt: 0, components: undefined, reading: undefined };
    entries.set(store, entry);
  }
  const current = entry;
  if (current.components !== undefined && current.reading === undefined && Date.now() - current.checkedAt < (options.maxStaleMs ?? FRESH_MS)) {
    return Promise.resolve(current.components);
  }
  if (current.reading === undefined) {
    // Fresh as of when the read began, not when it ended.
    const started = Date.now();
    current.reading = collectPages((page) => store.list(page)).then((components) => {
      current.components = components;
      current.checkedAt = started;
      return components;
    }).finally(() => {
      current.reading = undefined;
    });
  }
  return current.reading;
}
