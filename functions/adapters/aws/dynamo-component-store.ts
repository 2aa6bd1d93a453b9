import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Advisory } from '../../core/types.js';
import type { ComponentRecord, ComponentStore, NewComponent, SeenVersion } from '../../ports/component-store.js';
import type { Page, PageRequest } from '../../ports/page.js';
import { DynamoTable, stripLayout } from './dynamo-table.js';
import type { DynamoStoreOptions, Item, ItemKey } from './dynamo-table.js';
import { canonicalInstant, keySafeName, plain } from './dynamo-values.js';
import { INDEX } from './table-definition.js';

const metaKey = (name: string): ItemKey => ({ pk: `COMP#${name}`, sk: 'META' });
const versionKey = (name: string, version: string): ItemKey => ({ pk: `COMP#${name}`, sk: `VER#${version}` });

/**
 * {@link ComponentStore} on the Upkeep table: `COMP#<name>` / `META` for the component and
 * `COMP#<name>` / `VER#<version>` for each version seen, with single-item conditional writes.
 *
 * @example
 * ```ts
 * const components = new DynamoComponentStore({ tableName: env.TABLE_NAME });
 * await components.quarantine('api', '1.5.0', clock.now().toISOString());
 * ```
 */
export class DynamoComponentStore implements ComponentStore {
  readonly #table: DynamoTable;

  public constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  public async register(component: NewComponent): Promise<{ readonly created: boolean; readonly component: ComponentRecord }> {
    keySafeName(component.name, 'name');
    const record: ComponentRecord = plain({ ...component, rev: 1 });
    try {
      await this.#table.put(
        { Item: toItem(record), ConditionExpression: 'attribute_not_exists(pk)' },
        `register component ${component.name}`,
      );
      return { created: true, component: record };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return { created: false, component: await this.get(component.name) };
    }
  }

  public async get(name: string): Promise<ComponentRecord> {
    const item = await this.#table.get(metaKey(name), `get component ${name}`);
    if (item === undefined) throw notRegistered(name);
    return stripLayout<ComponentRecord>(item);
  }

  public list(page: PageRequest = {}): Promise<Page<ComponentRecord>> {
    return this.#table.queryPage<ComponentRecord>(
      {
        IndexName: INDEX.byKind,
        KeyConditionExpression: 'kindPk = :pk',
        ExpressionAttributeValues: { ':pk': 'COMP' },
      },
      page,
      'components',
      'list components',
    );
  }

  public async update(component: ComponentRecord): Promise<ComponentRecord> {
    if (!Number.isInteger(component.rev) || component.rev < 1) {
      throw new ValidationError(`rev must be the positive integer read with the component, got ${String(component.rev)}`);
    }
    const next: ComponentRecord = plain({ ...component, rev: component.rev + 1 });
    try {
      await this.#table.put(
        {
          Item: toItem(next),
          ConditionExpression: 'attribute_exists(pk) AND #rev = :rev',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': component.rev },
        },
        `update component ${component.name}`,
      );
      return next;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const stored = await this.#table.get(metaKey(component.name), `re-read component ${component.name}`);
      if (stored === undefined) throw notRegistered(component.name);
      throw new ConflictError(
        `component ${component.name} was changed by someone else (read rev ${component.rev}, now ${String(stored.rev)}); read it again and retry`,
        { cause: error, context: { component: component.name, expectedRev: component.rev, actualRev: stored.rev } },
      );
    }
  }

  public async quarantine(name: string, version: string, at: string): Promise<ComponentRecord> {
    try {
      const item = await this.#table.update(
        {
          Key: metaKey(name),
          // list_append + NOT contains keeps the list a set without reading it first.
          UpdateExpression: 'SET #q = list_append(if_not_exists(#q, :none), :versions), #rev = #rev + :one, #updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(#q, :version)',
          ExpressionAttributeNames: { '#q': 'quarantined', '#rev': 'rev', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ':none': [], ':versions': [version], ':version': version, ':one': 1, ':at': canonicalInstant(at, 'at') },
          ReturnValues: 'ALL_NEW',
        },
        `quarantine ${name}@${version}`,
      );
      return stripLayout<ComponentRecord>(item ?? {});
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return this.get(name); // already quarantined (or NotFoundError)
    }
  }

  public async recordVersion(seen: SeenVersion): Promise<{ readonly created: boolean; readonly version: SeenVersion }> {
    const version: SeenVersion = plain(seen);
    try {
      await this.#table.put(
        {
          Item: { ...version, ...versionKey(seen.component, seen.version), entity: 'VERSION' },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
        `record version ${seen.component}@${seen.version}`,
      );
      return { created: true, version };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const stored = await this.getVersion(seen.component, seen.version);
      if (stored === undefined) throw error;
      return { created: false, version: stored };
    }
  }

  public async getVersion(component: string, version: string): Promise<SeenVersion | undefined> {
    const item = await this.#table.get(versionKey(component, version), `get version ${component}@${version}`);
    return item === undefined ? undefined : stripLayout<SeenVersion>(item);
  }

  public listVersions(component: string, page: PageRequest = {}): Promise<Page<SeenVersion>> {
    return this.#table.queryPage<SeenVersion>(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `COMP#${component}`, ':prefix': 'VER#' },
      },
      page,
      `versions:${component}`,
      `list versions of ${component}`,
    );
  }

  public async setAdvisories(component: string, version: string, advisories: readonly Advisory[], at: string): Promise<SeenVersion> {
    try {
      const item = await this.#table.update(
        {
          Key: versionKey(component, version),
          UpdateExpression: 'SET #advisories = :advisories, #checkedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#advisories': 'advisories', '#checkedAt': 'advisoriesCheckedAt' },
          ExpressionAttributeValues: { ':advisories': plain(advisories), ':at': canonicalInstant(at, 'at') },
          ReturnValues: 'ALL_NEW',
        },
        `set advisories of ${component}@${version}`,
      );
      return stripLayout<SeenVersion>(item ?? {});
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw new NotFoundError(`version ${version} of ${component} was never seen`, { context: { component, version } });
    }
  }

  public async restore(component: ComponentRecord, replacingRev?: number): Promise<void> {
    keySafeName(component.name, 'name');
    await this.#table.put(
      {
        Item: toItem(plain(component)),
        ...(replacingRev === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': replacingRev } }),
      },
      `restore component ${component.name}`,
    );
  }
}

function notRegistered(name: string): NotFoundError {
  return new NotFoundError(`component ${name} is not registered`, { context: { component: name } });
}

/** The item for a component: its record plus its place in the `by-kind` listing. */
function toItem(record: ComponentRecord): Item {
  return { ...record, ...metaKey(record.name), entity: 'COMPONENT', kindPk: 'COMP', kindSk: record.name };
}
