import { decodeCursor, encodeCursor } from '../../../functions/adapters/aws/dynamo-cursor.js';
import { keySafeName } from '../../../functions/adapters/aws/dynamo-values.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../functions/core/errors.js';
import type { Stage } from '../../../functions/core/types.js';
import { listingScope, workflowSortKey, type WorkflowListing } from '../../../functions/core/workflow-listing.js';
import type { WorkflowRecord } from '../../../functions/core/workflow-types.js';
import type { Page, PageRequest } from '../../../functions/ports/page.js';
import type { CreateWorkflowResult, NewWorkflow, WorkflowStore } from '../../../functions/ports/workflow-store.js';
import { clone, pageOf, roundTrip } from './in-memory-paging.js';

/**
 * {@link WorkflowStore} in memory, with the DynamoDB adapter's semantics: exactly one workflow
 * per component+version (a duplicate create writes nothing and returns the owner's id),
 * optimistic locking on `rev` (`ConflictError` with `expectedRev`/`actualRev` in its context),
 * immutable `id`/`component`/`version` (`ValidationError`), listings newest first with opaque
 * cursors. Every call yields once before touching the data, so concurrent callers race.
 *
 * @example
 * ```ts
 * const workflows = new InMemoryWorkflowStore();
 * const { id } = await workflows.create(aNewWorkflow());
 * workflows.interleaveWrite((w) => ({ ...w, stage: 'CANCELLED' })); // the next update loses a race to this
 * ```
 */
export class InMemoryWorkflowStore implements WorkflowStore {
  readonly #byId = new Map<string, WorkflowRecord>();
  readonly #keys = new Map<string, string>();
  readonly #interleaved: ((stored: WorkflowRecord) => WorkflowRecord)[] = [];
  /** Every successful update, in order (for assertions on how many writes a use case made). */
  public readonly writes: WorkflowRecord[] = [];

  public async create(workflow: NewWorkflow): Promise<CreateWorkflowResult> {
    keySafeName(workflow.component, 'component');
    keySafeName(workflow.id, 'id');
    await roundTrip();
    const key = `${workflow.component}#${workflow.version}`;
    const owner = this.#keys.get(key);
    if (owner !== undefined) return { id: owner, created: false };
    if (this.#byId.has(workflow.id)) throw new ConflictError(`workflow ${workflow.id} already exists`);
    this.#keys.set(key, workflow.id);
    this.#byId.set(workflow.id, clone({ ...workflow, rev: 1 }));
    return { id: workflow.id, created: true };
  }

  public async get(id: string): Promise<WorkflowRecord> {
    await roundTrip();
    return clone(this.#stored(id));
  }

  public async retire(component: string, version: string, workflowId: string): Promise<boolean> {
    await roundTrip();
    const key = `${component}#${version}`;
    if (this.#keys.get(key) !== workflowId) return false;
    this.#keys.delete(key);
    return true;
  }

  public async findId(component: string, version: string): Promise<string | undefined> {
    await roundTrip();
    return this.#keys.get(`${component}#${version}`);
  }

  public async update(workflow: WorkflowRecord): Promise<WorkflowRecord> {
    if (!Number.isInteger(workflow.rev) || workflow.rev < 1) {
      throw new ValidationError(`rev must be the positive integer read with the workflow, got ${String(workflow.rev)}`);
    }
    await roundTrip();
    const interleaved = this.#interleaved.shift();
    if (interleaved !== undefined && this.#byId.has(workflow.id)) {
      const before = this.#stored(workflow.id);
      this.#byId.set(workflow.id, clone({ ...interleaved(clone(before)), rev: before.rev + 1 }));
    }
    const stored = this.#stored(workflow.id);
    if (stored.component !== workflow.component || stored.version !== workflow.version) {
      throw new ValidationError(`workflow ${workflow.id} is ${stored.component}@${stored.version}; component and version never change`);
    }
    if (stored.rev !== workflow.rev) {
      throw new ConflictError(`workflow ${workflow.id} was changed by someone else (read rev ${workflow.rev}, now ${stored.rev}); read it again and retry`, {
        context: { workflowId: workflow.id, expectedRev: workflow.rev, actualRev: stored.rev },
      });
    }
    const next = clone({ ...workflow, rev: workflow.rev + 1 });
    this.#byId.set(workflow.id, next);
    this.writes.push(clone(next));
    return clone(next);
  }

  public async listByStage(stage: Stage, page?: PageRequest): Promise<Page<WorkflowRecord>> {
    await roundTrip();
    const listing: WorkflowListing = { by: 'stage', stage };
    return pageOf(this.all().filter((w) => w.stage === stage), (w) => workflowSortKey(listing, w), 'desc', listingScope(listing), page);
  }

  public async listByComponent(component: string, page?: PageRequest): Promise<Page<WorkflowRecord>> {
    await roundTrip();
    const listing: WorkflowListing = { by: 'component', component };
    return pageOf(this.all().filter((w) => w.component === component), (w) => workflowSortKey(listing, w), 'desc', listingScope(listing), page);
  }

  public async listRecent(page?: PageRequest): Promise<Page<WorkflowRecord>> {
    await roundTrip();
    return pageOf(this.all(), (w) => workflowSortKey({ by: 'recent' }, w), 'desc', 'recent', page);
  }

  public cursorPosition(listing: WorkflowListing, cursor: string): string {
    const { k } = decodeCursor(listingScope(listing), cursor);
    if (typeof k !== 'string') throw new ValidationError('cursor is not valid for this listing', [{ path: 'cursor', value: cursor, message: 'must be the cursor returned by the previous page of the same listing' }]);
    return k;
  }

  public cursorAt(listing: WorkflowListing, position: string): string {
    return encodeCursor(listingScope(listing), { k: position });
  }

  public async restore(workflow: WorkflowRecord): Promise<void> {
    keySafeName(workflow.component, 'component');
    keySafeName(workflow.id, 'id');
    await roundTrip();
    const key = `${workflow.component}#${workflow.version}`;
    if (this.#keys.has(key) || this.#byId.has(workflow.id)) throw new ConflictError(`a workflow for ${key} (or with id ${workflow.id}) already exists`);
    this.#keys.set(key, workflow.id);
    this.#byId.set(workflow.id, clone(workflow));
  }

  /**
   * Makes the next `update` lose a race: just before it is applied, another writer stores
   * `change(stored)` (at the next rev), so the caller's rev is stale and it gets `ConflictError`.
   * Queue several to make several updates in a row lose.
   */
  public interleaveWrite(change: (stored: WorkflowRecord) => WorkflowRecord): void {
    this.#interleaved.push(change);
  }

  /** Every workflow as stored (a test's view; no round trip). */
  public all(): WorkflowRecord[] {
    return [...this.#byId.values()].map((w) => clone(w));
  }

  #stored(id: string): WorkflowRecord {
    const stored = this.#byId.get(id);
    if (stored === undefined) throw new NotFoundError(`workflow ${id} does not exist`, { context: { workflowId: id } });
    return stored;
  }
}
