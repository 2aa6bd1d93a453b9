import type { AuditEvent } from '../core/workflow-types.js';
import type { Page, PageRequest } from './page.js';

/**
 * The append-only record of what happened to each workflow, who did it, and why. An event
 * is identified by workflow + `at` + `seq` and can never be overwritten.
 *
 * @example
 * ```ts
 * await audit.append({ workflowId: id, at: now.toISOString(), seq: 3, type: 'APPROVED', actor: 'ops@example.com', message: 'looks good' });
 * const { items } = await audit.list(id);
 * ```
 */
export interface AuditLog {
  /**
   * Appends one event. `at` must be an ISO instant as `Date#toISOString` writes it (so that
   * events sort by time); `seq` orders events within a millisecond. Throws `ConflictError`
   * when an event with the same workflow, `at` and `seq` exists, `ValidationError` on a bad
   * `at` or `seq`.
   */
  append(event: AuditEvent): Promise<void>;

  /** The workflow's events, oldest first. */
  list(workflowId: string, page?: PageRequest): Promise<Page<AuditEvent>>;
}
