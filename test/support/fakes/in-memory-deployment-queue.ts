import { keySafeName } from '../../../functions/adapters/aws/dynamo-values.js';
import { ConflictError } from '../../../functions/core/errors.js';
import type { DeploymentQueue, StoredSlot } from '../../../functions/ports/deployment-queue.js';
import { clone, roundTrip } from './in-memory-paging.js';

/**
 * {@link DeploymentQueue} in memory with the DynamoDB adapter's rules: `get` of a slot never
 * written is `rev` 0; `put` must name the revision read (`ConflictError` otherwise). Every call
 * yields once first, so concurrent claims race as they would against the table.
 *
 * @example
 * ```ts
 * const queue = new InMemoryDeploymentQueue();
 * await queue.put({ ...(await queue.get('api')), holder: { workflowId: 'wf-1', version: '1.5.0', since: at } });
 * ```
 */
export class InMemoryDeploymentQueue implements DeploymentQueue {
  readonly #slots = new Map<string, StoredSlot>();

  public async get(component: string): Promise<StoredSlot> {
    keySafeName(component, 'component');
    await roundTrip();
    return clone(this.#slots.get(component) ?? { component, rev: 0 });
  }

  public async put(slot: StoredSlot): Promise<StoredSlot> {
    keySafeName(slot.component, 'component');
    await roundTrip();
    const stored = this.#slots.get(slot.component)?.rev ?? 0;
    if (stored !== slot.rev) throw new ConflictError(`the deployment slot of ${slot.component} changed (revision ${stored}, not ${slot.rev})`, { context: { expectedRev: slot.rev, actualRev: stored } });
    const next = clone({ ...slot, rev: slot.rev + 1 });
    this.#slots.set(slot.component, next);
    return clone(next);
  }
}
