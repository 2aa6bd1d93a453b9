import { canonicalInstant, keySafeName } from '../../../functions/adapters/aws/dynamo-values.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../functions/core/errors.js';
import type { Advisory } from '../../../functions/core/types.js';
import type { ComponentRecord, ComponentStore, NewComponent, SeenVersion } from '../../../functions/ports/component-store.js';
import type { Page, PageRequest } from '../../../functions/ports/page.js';
import { clone, pageOf, roundTrip } from './in-memory-paging.js';

/**
 * {@link ComponentStore} in memory with the DynamoDB adapter's semantics: register once
 * (`created: false` and nothing written for a second), optimistic locking on `rev`,
 * an idempotent `quarantine` that bumps `rev` only when it adds, seen versions recorded once,
 * components listed by name and versions in the byte order of their strings.
 *
 * @example
 * ```ts
 * const components = new InMemoryComponentStore();
 * await components.register(aNewComponent({ name: 'api', current: '1.4.0' }));
 * await components.quarantine('api', '1.5.0', at);
 * ```
 */
export class InMemoryComponentStore implements ComponentStore {
  readonly #components = new Map<string, ComponentRecord>();
  readonly #versions = new Map<string, SeenVersion>();
  readonly #interleaved: ((stored: ComponentRecord) => ComponentRecord)[] = [];

  public async register(component: NewComponent): Promise<{ readonly created: boolean; readonly component: ComponentRecord }> {
    keySafeName(component.name, 'name');
    await roundTrip();
    const existing = this.#components.get(component.name);
    if (existing !== undefined) return { created: false, component: clone(existing) };
    const record = clone({ ...component, rev: 1 });
    this.#components.set(component.name, record);
    return { created: true, component: clone(record) };
  }

  public async get(name: string): Promise<ComponentRecord> {
    await roundTrip();
    return clone(this.#stored(name));
  }

  public async list(page?: PageRequest): Promise<Page<ComponentRecord>> {
    await roundTrip();
    return pageOf([...this.#components.values()], (c) => c.name, 'asc', 'components', page);
  }

  public async update(component: ComponentRecord): Promise<ComponentRecord> {
    if (!Number.isInteger(component.rev) || component.rev < 1) {
      throw new ValidationError(`rev must be the positive integer read with the component, got ${String(component.rev)}`);
    }
    await roundTrip();
    const interleaved = this.#interleaved.shift();
    if (interleaved !== undefined && this.#components.has(component.name)) {
      const before = this.#stored(component.name);
      this.#components.set(component.name, clone({ ...interleaved(clone(before)), rev: before.rev + 1 }));
    }
    const stored = this.#stored(component.name);
    if (stored.rev !== component.rev) {
      throw new ConflictError(`component ${component.name} was changed by someone else (read rev ${component.rev}, now ${stored.rev}); read it again and retry`, {
        context: { component: component.name, expectedRev: component.rev, actualRev: stored.rev },
      });
    }
    const next = clone({ ...component, rev: component.rev + 1 });
    this.#components.set(component.name, next);
    return clone(next);
  }

  public async quarantine(name: string, version: string, at: string): Promise<ComponentRecord> {
    const updatedAt = canonicalInstant(at, 'at');
    await roundTrip();
    const stored = this.#stored(name);
    if (stored.quarantined.includes(version)) return clone(stored);
    const next = { ...stored, quarantined: [...stored.quarantined, version], rev: stored.rev + 1, updatedAt };
    this.#components.set(name, next);
    return clone(next);
  }

  public async recordVersion(seen: SeenVersion): Promise<{ readonly created: boolean; readonly version: SeenVersion }> {
    await roundTrip();
    const key = `${seen.component}#${seen.version}`;
    const existing = this.#versions.get(key);
    if (existing !== undefined) return { created: false, version: clone(existing) };
    this.#versions.set(key, clone(seen));
    return { created: true, version: clone(seen) };
  }

  public async getVersion(component: string, version: string): Promise<SeenVersion | undefined> {
    await roundTrip();
    const seen = this.#versions.get(`${component}#${version}`);
    return seen === undefined ? undefined : clone(seen);
  }

  public async listVersions(component: string, page?: PageRequest): Promise<Page<SeenVersion>> {
    await roundTrip();
    const mine = [...this.#versions.values()].filter((v) => v.component === component);
    return pageOf(mine, (v) => v.version, 'asc', `versions:${component}`, page);
  }

  public async setAdvisories(component: string, version: string, advisories: readonly Advisory[], at: string): Promise<SeenVersion> {
    const checkedAt = canonicalInstant(at, 'at');
    await roundTrip();
    const key = `${component}#${version}`;
    const seen = this.#versions.get(key);
    if (seen === undefined) throw new NotFoundError(`version ${version} of ${component} was never seen`, { context: { component, version } });
    const next = clone({ ...seen, advisories, advisoriesCheckedAt: checkedAt });
    this.#versions.set(key, next);
    return clone(next);
  }

  public async restore(component: ComponentRecord, replacingRev?: number): Promise<void> {
    keySafeName(component.name, 'name');
    await roundTrip();
    const stored = this.#components.get(component.name);
    if (replacingRev === undefined ? stored !== undefined : stored?.rev !== replacingRev) {
      throw new ConflictError(`component ${component.name} is stored at rev ${String(stored?.rev)}; restore expected ${String(replacingRev ?? 'none')}`);
    }
    this.#components.set(component.name, clone(component));
  }

  /**
   * Makes the next `update` lose a race: just before it is applied, another writer stores
   * `change(stored)` (at the next rev), so the caller gets `ConflictError`.
   */
  public interleaveWrite(change: (stored: ComponentRecord) => ComponentRecord): void {
    this.#interleaved.push(change);
  }

  /** A component as stored now, or undefined (a test's view; no round trip). */
  public peek(name: string): ComponentRecord | undefined {
    const stored = this.#components.get(name);
    return stored === undefined ? undefined : clone(stored);
  }

  #stored(name: string): ComponentRecord {
    const stored = this.#components.get(name);
    if (stored === undefined) throw new NotFoundError(`component ${name} is not registered`, { context: { component: name } });
    return stored;
  }
}
