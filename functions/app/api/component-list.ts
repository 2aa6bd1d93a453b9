import type { ComponentRecord } from '../../ports/component-store.js';
import type { AppDeps } from '../app-deps.js';
import { collectPages } from '../collect-pages.js';

/** Every component, by name (a module of its own: its users need neither detection nor workflows). */
export async function allComponents(deps: Pick<AppDeps, 'components'>): Promise<ComponentRecord[]> {
  return collectPages((page) => deps.components.list(page));
}
