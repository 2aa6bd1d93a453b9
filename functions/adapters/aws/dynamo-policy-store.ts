import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { Policy } from '../../core/policy/policy-schema.js';
import type { PolicyStore, PolicyWrite, StoredPolicy } from '../../ports/policy-store.js';
import { DynamoTable, stripLayout } from './dynamo-table.js';
import type { DynamoStoreOptions, ItemKey } from './dynamo-table.js';
import { canonicalInstant, keySafeName, plain } from './dynamo-values.js';
import { INDEX } from './table-definition.js';

const policyKey = (name: string): ItemKey => ({ pk: `POLICY#${name}`, sk: 'META' });

/**
 * {@link PolicyStore} on the Upkeep table: `POLICY#<name>` / `META`, listed through the
 * `by-kind` index (`POLICY` / `<name>`), every write conditional on the revision read.
 *
 * @example
 * ```ts
 * const policies = new DynamoPolicyStore({ tableName: env.TABLE_NAME });
 * const all = (await policies.list()).map((stored) => stored.policy);
 * ```
 */
export class DynamoPolicyStore implements PolicyStore {
  readonly #table: DynamoTable;

  public constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  public async put(policy: Policy, write: PolicyWrite): Promise<StoredPolicy> {
    keySafeName(policy.name, 'name');
    const expected = write.expectedRev;
    const stored: StoredPolicy = plain({
      policy,
      rev: (expected ?? 0) + 1,
      updatedAt: canonicalInstant(write.at, 'at'),
      updatedBy: write.by,
    });
    try {
      await this.#table.put(
        {
          Item: { ...stored, ...policyKey(policy.name), entity: 'POLICY', kindPk: 'POLICY', kindSk: policy.name },
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'attribute_exists(pk) AND #rev = :rev',
                ExpressionAttributeNames: { '#rev': 'rev' },
                ExpressionAttributeValues: { ':rev': expected },
              }),
        },
        `put policy ${policy.name}`,
      );
      return stored;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw await this.#whyNot(policy.name, expected, error);
    }
  }

  public async get(name: string): Promise<StoredPolicy> {
    const item = await this.#table.get(policyKey(name), `get policy ${name}`);
    if (item === undefined) throw new NotFoundError(`policy ${name} does not exist`, { context: { policy: name } });
    return stripLayout<StoredPolicy>(item);
  }

  public async list(): Promise<readonly StoredPolicy[]> {
    const all: StoredPolicy[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#table.queryPage<StoredPolicy>(
        { IndexName: INDEX.byKind, KeyConditionExpression: 'kindPk = :pk', ExpressionAttributeValues: { ':pk': 'POLICY' } },
        { limit: 100, cursor },
        'policies',
        'list policies',
      );
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return all;
  }

  public async setEnabled(name: string, enabled: boolean, write: PolicyWrite): Promise<StoredPolicy> {
    const names: Record<string, string> = { '#policy': 'policy', '#enabled': 'enabled', '#rev': 'rev', '#at': 'updatedAt' };
    const values: Record<string, unknown> = { ':enabled': enabled, ':one': 1, ':at': canonicalInstant(write.at, 'at') };
    let set = 'SET #policy.#enabled = :enabled, #rev = #rev + :one, #at = :at';
    if (write.by !== undefined) {
      names['#by'] = 'updatedBy';
      values[':by'] = write.by;
      set += ', #by = :by';
    }
    let condition = 'attribute_exists(pk)';
    if (write.expectedRev !== undefined) {
      values[':rev'] = write.expectedRev;
      condition += ' AND #rev = :rev';
    }
    try {
      const item = await this.#table.update(
        {
          Key: policyKey(name),
          UpdateExpression: set,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        },
        `${enabled ? 'enable' : 'disable'} policy ${name}`,
      );
      return stripLayout<StoredPolicy>(item ?? {});
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw await this.#whyNot(name, write.expectedRev ?? -1, error);
    }
  }

  public async restore(stored: StoredPolicy, replacingRev?: number): Promise<void> {
    keySafeName(stored.policy.name, 'name');
    await this.#table.put(
      {
        Item: { ...plain(stored), ...policyKey(stored.policy.name), entity: 'POLICY', kindPk: 'POLICY', kindSk: stored.policy.name },
        ...(replacingRev === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': replacingRev } }),
      },
      `restore policy ${stored.policy.name}`,
    );
  }

  /** Why a conditional write failed: it exists already, it does not exist, or the revision moved on. */
  async #whyNot(name: string, expectedRev: number | undefined, cause: ConflictError): Promise<Error> {
    const stored = await this.#table.get(policyKey(name), `re-read policy ${name}`);
    if (expectedRev === undefined) {
      return new ConflictError(`policy ${name} already exists; name the revision you read to replace it`, {
        cause,
        context: { policy: name, actualRev: stored?.rev },
      });
    }
    if (stored === undefined) return new NotFoundError(`policy ${name} does not exist`, { context: { policy: name } });
    return new ConflictError(`policy ${name} was changed by someone else (read rev ${expectedRev}, now ${String(stored.rev)}); read it again and retry`, {
      cause,
      context: { policy: name, expectedRev, actualRev: stored.rev },
    });
  }
}
