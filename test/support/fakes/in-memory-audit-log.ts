import { canonicalInstant } from '../../../functions/adapters/aws/dynamo-values.js';
import { ConflictError, ValidationError } from '../../../functions/core/errors.js';
import type { AuditEvent } from '../../../functions/core/workflow-types.js';
import type { AuditLog } from '../../../functions/ports/audit-log.js';
import type { Page, PageRequest } from '../../../functions/ports/page.js';
import { clone, pageOf, roundTrip } from './in-memory-paging.js';

const MAX_SEQ = 999_999_999;
const sortKey = (e: AuditEvent): string => `${e.at}#${String(e.seq).padStart(9, '0')}`;

/**
 * {@link AuditLog} in memory with the DynamoDB adapter's rules: append-only, one event per
 * workflow + `at` + `seq` (`ConflictError` on a second), `at` exactly as `Date#toISOString`
 * writes it and `seq` an integer from 0 to 999 999 999 (`ValidationError` otherwise), listed
 * oldest first with opaque cursors.
 *
 * @example
 * ```ts
 * const audit = new InMemoryAuditLog();
 * await audit.append({ workflowId: 'wf-1', at: new Date().toISOString(), seq: 100, type: 'DETECTED', actor: 'detector', message: '…' });
 * audit.events('wf-1').map((e) => e.type); // ['DETECTED']
 * ```
 */
export class InMemoryAuditLog implements AuditLog {
  readonly #events = new Map<string, AuditEvent>();
  readonly #failures: Error[] = [];

  public async append(event: AuditEvent): Promise<void> {
    const at = canonicalInstant(event.at, 'at');
    if (at !== event.at) throw new ValidationError(`at must be written as Date#toISOString writes it (${at}), got "${event.at}"`);
    if (!Number.isInteger(event.seq) || event.seq < 0 || event.seq > MAX_SEQ) {
      throw new ValidationError(`seq must be an integer from 0 to ${MAX_SEQ}, got ${String(event.seq)}`);
    }
    await roundTrip();
    const failure = this.#failures.shift();
    if (failure !== undefined) throw failure;
    const key = `${event.workflowId}|${sortKey(event)}`;
    if (this.#events.has(key)) {
      throw new ConflictError(`workflow ${event.workflowId} already has an audit event at ${at} #${event.seq}; events are never overwritten (use the next seq)`, {
        context: { workflowId: event.workflowId, at, seq: event.seq },
      });
    }
    this.#events.set(key, clone(event));
  }

  public async list(workflowId: string, page?: PageRequest): Promise<Page<AuditEvent>> {
    await roundTrip();
    return pageOf(this.events(workflowId), sortKey, 'asc', `audit:${workflowId}`, page);
  }

  /** Makes the next `append` fail with `error` (after its validation), e.g. a `ConflictError`. */
  public failNextAppend(error: Error): void {
    this.#failures.push(error);
  }

  /** A workflow's events (or every event), oldest first — a test's view, no round trip. */
  public events(workflowId?: string): AuditEvent[] {
    return [...this.#events.values()]
      .filter((e) => workflowId === undefined || e.workflowId === workflowId)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
      .map((e) => clone(e));
  }
}
