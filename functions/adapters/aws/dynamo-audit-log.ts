import { ConflictError, ValidationError } from '../../core/errors.js';
import type { AuditEvent } from '../../core/workflow-types.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Page, PageRequest } from '../../ports/page.js';
import { DynamoTable } from './dynamo-table.js';
import type { DynamoStoreOptions } from './dynamo-table.js';
import { canonicalInstant, plain } from './dynamo-values.js';

/** Digits `seq` is padded to, so that sort keys order numerically. */
const SEQ_DIGITS = 9;
const MAX_SEQ = 10 ** SEQ_DIGITS - 1;

/**
 * {@link AuditLog} on the Upkeep table: `WF#<id>` / `EVT#<iso>#<seq>`, written with
 * `attribute_not_exists` so that nothing is ever overwritten, read back in key order.
 *
 * @example
 * ```ts
 * const audit = new DynamoAuditLog({ tableName: env.TABLE_NAME });
 * await audit.append({ workflowId, at, seq: 0, type: 'DETECTED', actor: 'scheduler', message: 'api 1.5.0 found' });
 * ```
 */
export class DynamoAuditLog implements AuditLog {
  readonly #table: DynamoTable;

  public constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  public async append(event: AuditEvent): Promise<void> {
    const at = canonicalInstant(event.at, 'at');
    if (at !== event.at) {
      throw new ValidationError(`at must be written as Date#toISOString writes it (${at}), got "${event.at}"`, [
        { path: 'at', value: event.at, message: `must be an ISO instant in UTC with milliseconds, such as ${at}` },
      ]);
    }
    if (!Number.isInteger(event.seq) || event.seq < 0 || event.seq > MAX_SEQ) {
      throw new ValidationError(`seq must be an integer from 0 to ${MAX_SEQ}, got ${String(event.seq)}`, [
        { path: 'seq', value: String(event.seq), message: `must be an integer from 0 to ${MAX_SEQ}` },
      ]);
    }
    const sk = `EVT#${at}#${String(event.seq).padStart(SEQ_DIGITS, '0')}`;
    try {
      await this.#table.put(
        {
          Item: { ...plain(event), pk: `WF#${event.workflowId}`, sk, entity: 'AUDIT' },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
        `append audit event ${event.type} to workflow ${event.workflowId}`,
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw new ConflictError(
        `workflow ${event.workflowId} already has an audit event at ${at} #${event.seq}; events are never overwritten (use the next seq)`,
        { cause: error, context: { workflowId: event.workflowId, at, seq: event.seq } },
      );
    }
  }

  public list(workflowId: string, page: PageRequest = {}): Promise<Page<AuditEvent>> {
    return this.#table.queryPage<AuditEvent>(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `WF#${workflowId}`, ':prefix': 'EVT#' },
        ScanIndexForward: true,
      },
      page,
      `audit:${workflowId}`,
      `list audit events of workflow ${workflowId}`,
    );
  }
}
