import { ValidationError } from '../../core/errors.js';
import type { DeploymentQueue, StoredSlot } from '../../ports/deployment-queue.js';
import { DynamoTable, stripLayout } from './dynamo-table.js';
import type { DynamoStoreOptions, ItemKey } from './dynamo-table.js';
import { canonicalInstant, keySafeName, plain } from './dynamo-values.js';

const slotKey = (component: string): ItemKey => ({ pk: `QUEUE#${component}`, sk: 'QUEUE' });

/**
 * {@link DeploymentQueue} on the Upkeep table: one `QUEUE#<component>` item per component,
 * written with a condition on its `rev` (or on its absence, for the first write).
 *
 * @example
 * ```ts
 * const queue = new DynamoDeploymentQueue({ tableName: env.TABLE_NAME });
 * const slot = await queue.get('api');
 * ```
 */
export class DynamoDeploymentQueue implements DeploymentQueue {
  readonly #table: DynamoTable;

  public constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  public async get(component: string): Promise<StoredSlot> {
    keySafeName(component, 'component');
    const item = await this.#table.get(slotKey(component), `read the deployment slot of ${component}`);
    return item === undefined ? { component, rev: 0 } : stripLayout<StoredSlot>(item);
  }

  public async put(slot: StoredSlot): Promise<StoredSlot> {
    keySafeName(slot.component, 'component');
    if (!Number.isInteger(slot.rev) || slot.rev < 0) throw new ValidationError(`rev must be the revision read with the slot (0 for a new one), got ${String(slot.rev)}`);
    const next: StoredSlot = plain({ ...slot, rev: slot.rev + 1, ...(slot.updatedAt === undefined ? {} : { updatedAt: canonicalInstant(slot.updatedAt, 'updatedAt') }) });
    await this.#table.put(
      {
        Item: { ...slotKey(slot.component), entity: 'DEPLOYMENT_SLOT', ...next },
        ...(slot.rev === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': slot.rev } }),
      },
      `write the deployment slot of ${slot.component}`,
    );
    return next;
  }
}
