import type { Stage } from '../core/types.js';
import type { WorkflowListing } from '../core/workflow-listing.js';
import type { WorkflowRecord } from '../core/workflow-types.js';
import type { Page, PageRequest } from './page.js';

/** A workflow as first recorded; the store sets `rev` to 1. */
export type NewWorkflow = Omit<WorkflowRecord, 'rev'>;

/** What {@link WorkflowStore.create} did. */
export interface CreateWorkflowResult {
  /** The id of *the* workflow for this component+version: the new one, or the one already there. */
  readonly id: string;
  /** False when a workflow for this component+version already existed (nothing was written). */
  readonly created: boolean;
}

/**
 * Where workflows live. Exactly one workflow exists per component+version; every update
 * names the revision it read (optimistic locking).
 *
 * @example
 * ```ts
 * const { id, created } = await workflows.create(newWorkflow);
 * if (!created) return { id, duplicate: true }; // a duplicate detection starts nothing new
 * const wf = await workflows.get(id);
 * await workflows.update({ ...wf, stage: 'VERIFYING', updatedAt: clock.now().toISOString() });
 * ```
 */
export interface WorkflowStore {
  /**
   * Records a new workflow unless one already exists for its component+version, in which
   * case nothing is written and the existing id comes back with `created: false`.
   */
  create(workflow: NewWorkflow): Promise<CreateWorkflowResult>;

  /** The workflow; throws `NotFoundError` when there is none with this id. */
  get(id: string): Promise<WorkflowRecord>;

  /**
   * The id of the workflow for this component+version, or undefined when there is none. For a
   * moment while a create finishes, `get` of that id may still throw `NotFoundError`.
   */
  findId(component: string, version: string): Promise<string | undefined>;

  /**
   * Replaces the workflow with `workflow`, whose `rev` must be the revision that was read;
   * returns it stored with `rev + 1`. Throws `ConflictError` when someone else wrote first,
   * `NotFoundError` when it does not exist. `id`, `component` and `version` never change.
   */
  update(workflow: WorkflowRecord): Promise<WorkflowRecord>;

  /**
   * Workflows now in `stage`, most recently updated first (by `workflowSortKey`, descending). A
   * full page carries a cursor, so the last page may come back empty.
   */
  listByStage(stage: Stage, page?: PageRequest): Promise<Page<WorkflowRecord>>;

  /** Workflows of one component, most recently created first (by `workflowSortKey`, descending). */
  listByComponent(component: string, page?: PageRequest): Promise<Page<WorkflowRecord>>;

  /** All workflows, most recently updated first (by `workflowSortKey`, descending). */
  listRecent(page?: PageRequest): Promise<Page<WorkflowRecord>>;

  /**
   * The sort key (`workflowSortKey`) a cursor of `listing` continues after: that of the last
   * workflow of the page that returned it. With {@link cursorAt}, a copy of the workflows held
   * in memory can continue a listing the store started, and the other way round. Throws
   * `ValidationError` when `cursor` is not one of this listing's.
   */
  cursorPosition(listing: WorkflowListing, cursor: string): string;

  /** The cursor a full page of `listing` ending at the workflow with sort key `position` returns. */
  cursorAt(listing: WorkflowListing, position: string): string;

  /**
   * Frees the component+version pair held by the ended workflow `workflowId`, so the next
   * detection may start a new workflow for it (an operator released the version from
   * quarantine). The ended workflow stays readable by id and in every listing. Returns false,
   * writing nothing, when the pair is not held by that workflow.
   */
  retire(component: string, version: string, workflowId: string): Promise<boolean>;

  /**
   * Writes a workflow exactly as given, `rev` included (importing a snapshot). Throws
   * `ConflictError` when a workflow with its id, or for its component+version, exists.
   */
  restore(workflow: WorkflowRecord): Promise<void>;
}
