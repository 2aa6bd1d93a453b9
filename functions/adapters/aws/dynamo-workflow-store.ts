import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Stage } from '../../core/types.js';
import { listingScope, type WorkflowListing } from '../../core/workflow-listing.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';
import type { Page, PageRequest } from '../../ports/page.js';
import type { CreateWorkflowResult, NewWorkflow, WorkflowStore } from '../../ports/workflow-store.js';
import { decodeCursor, encodeCursor } from './dynamo-cursor.js';
import { DynamoTable, stripLayout } from './dynamo-table.js';
import type { DynamoStoreOptions, Item, ItemKey } from './dynamo-table.js';
import { canonicalInstant, keySafeName, plain } from './dynamo-values.js';
import { INDEX } from './table-definition.js';

const metaKey = (id: string): ItemKey => ({ pk: `WF#${id}`, sk: 'META' });
const uniqueKey = (component: string, version: string): ItemKey => ({ pk: `KEY#${component}#${version}`, sk: 'KEY' });

/** The index behind a listing: its partition key attribute and value, and its sort key attribute. */
function indexOf(listing: WorkflowListing): { readonly pk: string; readonly pkValue: string; readonly sk: string } {
  if (listing.by === 'stage') return { pk: 'stagePk', pkValue: `STAGE#${listing.stage}`, sk: 'stageSk' };
  if (listing.by === 'component') return { pk: 'componentPk', pkValue: `COMP#${listing.component}`, sk: 'componentSk' };
  return { pk: 'kindPk', pkValue: 'WF', sk: 'kindSk' };
}

/** The `KEY#<component>#<version>` item: who owns the pair, and the first record (to repair a half-done create). */
interface KeyItem {
  readonly workflowId: string;
  readonly initial: WorkflowRecord;
}

/**
 * {@link WorkflowStore} on the Upkeep DynamoDB table, with single-item conditional writes
 * only (dynalite has no transactions). Creation claims `KEY#<component>#<version>` first;
 * only the winner goes on to write `WF#<id>`/`META`.
 *
 * @example
 * ```ts
 * const workflows = new DynamoWorkflowStore({ tableName: env.TABLE_NAME });
 * const { id, created } = await workflows.create(newWorkflow);
 * ```
 */
export class DynamoWorkflowStore implements WorkflowStore {
  readonly #table: DynamoTable;

  public constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  public async create(workflow: NewWorkflow): Promise<CreateWorkflowResult> {
    keySafeName(workflow.component, 'component');
    keySafeName(workflow.id, 'id');
    const record: WorkflowRecord = plain({ ...workflow, rev: 1 });
    toItem(record); // validate before claiming the key: a claim must always be followed by its workflow
    const key = uniqueKey(workflow.component, workflow.version);
    try {
      await this.#table.put(
        {
          Item: { ...key, entity: 'WORKFLOW_KEY', workflowId: workflow.id, initial: record },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
        `claim ${workflow.component}@${workflow.version}`,
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const owner = await this.#table.get(key, `read owner of ${workflow.component}@${workflow.version}`);
      if (owner === undefined) throw error; // claimed, then removed: no such path today, so surface it
      const claim = owner as unknown as KeyItem;
      await this.#completeCreate(claim);
      return { id: claim.workflowId, created: false };
    }
    await this.#writeFirst(record);
    return { id: workflow.id, created: true };
  }

  public async get(id: string): Promise<WorkflowRecord> {
    const item = await this.#table.get(metaKey(id), `get workflow ${id}`);
    if (item === undefined) throw new NotFoundError(`workflow ${id} does not exist`, { context: { workflowId: id } });
    return stripLayout<WorkflowRecord>(item);
  }

  public async findId(component: string, version: string): Promise<string | undefined> {
    const item = await this.#table.get(uniqueKey(component, version), `find workflow of ${component}@${version}`);
    return item === undefined ? undefined : (item as unknown as KeyItem).workflowId;
  }

  public async update(workflow: WorkflowRecord): Promise<WorkflowRecord> {
    if (!Number.isInteger(workflow.rev) || workflow.rev < 1) {
      throw new ValidationError(`rev must be the positive integer read with the workflow, got ${String(workflow.rev)}`);
    }
    const next: WorkflowRecord = plain({ ...workflow, rev: workflow.rev + 1 });
    try {
      await this.#table.put(
        {
          Item: toItem(next),
          ConditionExpression: 'attribute_exists(pk) AND #rev = :rev AND #component = :component AND #version = :version',
          ExpressionAttributeNames: { '#rev': 'rev', '#component': 'component', '#version': 'version' },
          ExpressionAttributeValues: { ':rev': workflow.rev, ':component': workflow.component, ':version': workflow.version },
        },
        `update workflow ${workflow.id}`,
      );
      return next;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw await this.#explainFailedUpdate(workflow, error);
    }
  }

  public listByStage(stage: Stage, page: PageRequest = {}): Promise<Page<WorkflowRecord>> {
    return this.#table.queryPage<WorkflowRecord>(
      {
        IndexName: INDEX.byStage,
        KeyConditionExpression: 'stagePk = :pk',
        ExpressionAttributeValues: { ':pk': `STAGE#${stage}` },
        ScanIndexForward: false,
      },
      page,
      listingScope({ by: 'stage', stage }),
      `list workflows in ${stage}`,
    );
  }

  public listByComponent(component: string, page: PageRequest = {}): Promise<Page<WorkflowRecord>> {
    return this.#table.queryPage<WorkflowRecord>(
      {
        IndexName: INDEX.byComponent,
        KeyConditionExpression: 'componentPk = :pk',
        ExpressionAttributeValues: { ':pk': `COMP#${component}` },
        ScanIndexForward: false,
      },
      page,
      listingScope({ by: 'component', component }),
      `list workflows of ${component}`,
    );
  }

  public listRecent(page: PageRequest = {}): Promise<Page<WorkflowRecord>> {
    return this.#table.queryPage<WorkflowRecord>(
      {
        IndexName: INDEX.byKind,
        KeyConditionExpression: 'kindPk = :pk',
        ExpressionAttributeValues: { ':pk': 'WF' },
        ScanIndexForward: false,
      },
      page,
      listingScope({ by: 'recent' }),
      'list recent workflows',
    );
  }

  public cursorPosition(listing: WorkflowListing, cursor: string): string {
    const position = decodeCursor(listingScope(listing), cursor)[indexOf(listing).sk];
    if (typeof position !== 'string' || !position.includes('#')) {
      throw new ValidationError('cursor is not valid for this listing', [
        { path: 'cursor', value: cursor.length > 40 ? `${cursor.slice(0, 40)}…` : cursor, message: 'must be the cursor returned by the previous page of the same listing' },
      ]);
    }
    return position;
  }

  public cursorAt(listing: WorkflowListing, position: string): string {
    // The `LastEvaluatedKey` the index query returns after that item: the table's key, then the index's.
    const index = indexOf(listing);
    const id = position.slice(position.indexOf('#') + 1);
    return encodeCursor(listingScope(listing), { ...metaKey(id), [index.pk]: index.pkValue, [index.sk]: position });
  }

  public async retire(component: string, version: string, workflowId: string): Promise<boolean> {
    try {
      await this.#table.delete(
        {
          Key: uniqueKey(component, version),
          ConditionExpression: 'workflowId = :id',
          ExpressionAttributeValues: { ':id': workflowId },
        },
        `retire the claim of ${component}@${version}`,
      );
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  public async restore(workflow: WorkflowRecord): Promise<void> {
    keySafeName(workflow.component, 'component');
    keySafeName(workflow.id, 'id');
    const record: WorkflowRecord = plain(workflow);
    toItem(record); // validate before claiming the key
    await this.#table.put(
      {
        Item: { ...uniqueKey(record.component, record.version), entity: 'WORKFLOW_KEY', workflowId: record.id, initial: record },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      `restore the claim of ${record.component}@${record.version}`,
    );
    await this.#table.put({ Item: toItem(record), ConditionExpression: 'attribute_not_exists(pk)' }, `restore workflow ${record.id}`);
  }

  /**
   * The owner of a claim may have died between its two writes, leaving a key without a
   * workflow; whoever sees that finishes the create (idempotent: same record, put-if-absent).
   */
  async #completeCreate(claim: KeyItem): Promise<void> {
    const meta = await this.#table.get(metaKey(claim.workflowId), `check workflow ${claim.workflowId}`);
    if (meta === undefined) await this.#writeFirst(claim.initial);
  }

  /** Writes `WF#<id>`/`META` unless it exists; losing to a concurrent identical write is fine. */
  async #writeFirst(record: WorkflowRecord): Promise<void> {
    try {
      await this.#table.put(
        { Item: toItem(record), ConditionExpression: 'attribute_not_exists(pk)' },
        `record workflow ${record.id}`,
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  /** Why a conditional update failed: gone, immutable fields touched, or a lost race. */
  async #explainFailedUpdate(workflow: WorkflowRecord, error: ConflictError): Promise<Error> {
    const stored = await this.#table.get(metaKey(workflow.id), `re-read workflow ${workflow.id}`);
    if (stored === undefined) {
      return new NotFoundError(`workflow ${workflow.id} does not exist`, { context: { workflowId: workflow.id } });
    }
    if (stored.component !== workflow.component || stored.version !== workflow.version) {
      return new ValidationError(
        `workflow ${workflow.id} is ${String(stored.component)}@${String(stored.version)}; component and version never change`,
      );
    }
    return new ConflictError(`workflow ${workflow.id} was changed by someone else (read rev ${workflow.rev}, now ${String(stored.rev)}); read it again and retry`, {
      cause: error,
      context: { workflowId: workflow.id, expectedRev: workflow.rev, actualRev: stored.rev },
    });
  }
}

/** The item for a workflow: its record plus the keys that place it in each index. */
function toItem(record: WorkflowRecord): Item {
  // Sort keys compare as strings, so instants in them must share one format.
  const updatedAt = canonicalInstant(record.updatedAt, 'updatedAt');
  return {
    ...record,
    ...metaKey(record.id),
    entity: 'WORKFLOW',
    stagePk: `STAGE#${record.stage}`,
    stageSk: `${updatedAt}#${record.id}`,
    componentPk: `COMP#${record.component}`,
    componentSk: `${canonicalInstant(record.createdAt, 'createdAt')}#${record.id}`,
    kindPk: 'WF',
    kindSk: `${updatedAt}#${record.id}`,
  };
}
