import { ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import type {
  ApprovalRequest, ApprovalStore, ApprovalView, ConsumeApproval, NewApproval,
} from '../../ports/approval-store.js';
import { DynamoTable, stripLayout } from './dynamo-table.js';
import type { DynamoStoreOptions, Item, ItemKey } from './dynamo-table.js';
import { canonicalInstant, plain, ttlAfter } from './dynamo-values.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Days an approval stays after it expires, for people looking into what happened. */
const KEEP_DAYS = 30;

const approvalKey = (secretHash: string): ItemKey => ({ pk: `APPROVAL#${secretHash}`, sk: 'META' });

/**
 * {@link ApprovalStore} on the Upkeep table: `APPROVAL#<sha256 of link secret>` / `META`.
 * A link is used by one conditional update that checks, in DynamoDB itself, that it is
 * unused, unexpired and presented with its CSRF binding; only then is the task token handed out.
 *
 * @example
 * ```ts
 * const approvals = new DynamoApprovalStore({ tableName: env.TABLE_NAME });
 * const request = await approvals.consume(secretHash, { at, by, outcome: 'APPROVED', csrfBinding });
 * await sfn.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output }));
 * ```
 */
export class DynamoApprovalStore implements ApprovalStore {
  readonly #table: DynamoTable;

  public constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  public async create(approval: NewApproval): Promise<void> {
    const expiresAt = canonicalInstant(approval.expiresAt, 'expiresAt');
    const record: NewApproval = plain({
      ...approval,
      secretHash: checkedHash(approval.secretHash),
      createdAt: canonicalInstant(approval.createdAt, 'createdAt'),
      expiresAt,
    });
    try {
      await this.#table.put(
        {
          Item: { ...record, ...approvalKey(record.secretHash), entity: 'APPROVAL', ttl: ttlAfter(expiresAt, KEEP_DAYS) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
        `create approval for workflow ${approval.workflowId}`,
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw new ConflictError('an approval with this link secret already exists; generate a new secret', {
        cause: error,
        context: { workflowId: approval.workflowId },
      });
    }
  }

  public async get(secretHash: string): Promise<ApprovalView> {
    return toView(await this.#read(secretHash));
  }

  public async consume(secretHash: string, decision: ConsumeApproval): Promise<ApprovalRequest> {
    const at = canonicalInstant(decision.at, 'at');
    const names: Record<string, string> = {
      '#consumedAt': 'consumedAt', '#consumedBy': 'consumedBy', '#outcome': 'outcome',
      '#expiresAt': 'expiresAt', '#csrf': 'csrfBinding',
    };
    const values: Record<string, unknown> = {
      ':at': at, ':by': decision.by, ':outcome': decision.outcome, ':csrf': decision.csrfBinding,
    };
    let set = 'SET #consumedAt = :at, #consumedBy = :by, #outcome = :outcome';
    if (decision.reason !== undefined) {
      names['#reason'] = 'reason';
      values[':reason'] = decision.reason;
      set += ', #reason = :reason';
    }
    try {
      const item = await this.#table.update(
        {
          Key: approvalKey(checkedHash(secretHash)),
          UpdateExpression: set,
          // Instants are canonical ISO strings, so string order is time order.
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(#consumedAt) AND #expiresAt > :at AND #csrf = :csrf',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        },
        'consume approval',
      );
      return stripLayout<ApprovalRequest>(item ?? {});
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw await this.#whyNot(secretHash, at, decision.csrfBinding, error);
    }
  }

  async #read(secretHash: string): Promise<ApprovalRequest> {
    const item = await this.#table.get(approvalKey(checkedHash(secretHash)), 'get approval');
    if (item === undefined) throw new NotFoundError('this approval link is unknown');
    return stripLayout<ApprovalRequest>(item);
  }

  /** Which condition of a failed consume did not hold (read after the fact: dynalite returns no old item). */
  async #whyNot(secretHash: string, at: string, csrfBinding: string, cause: ConflictError): Promise<Error> {
    const stored = await this.#read(secretHash);
    const context = { workflowId: stored.workflowId };
    if (stored.consumedAt !== undefined) {
      return new ConflictError(`this approval link was already used (${stored.outcome ?? 'decided'} at ${stored.consumedAt})`, {
        cause,
        context: { ...context, consumedAt: stored.consumedAt },
      });
    }
    if (stored.expiresAt <= at) {
      return new ApprovalExpiredError(`this approval link expired at ${stored.expiresAt}`, {
        cause,
        context: { ...context, expiresAt: stored.expiresAt },
      });
    }
    if (stored.csrfBinding !== csrfBinding) {
      return new ForbiddenError('the confirmation did not come from the approval page; open the link again', { cause, context });
    }
    return cause;
  }
}

/** The approval as it may leave the server. */
function toView(request: ApprovalRequest): ApprovalView {
  const view: Item = { ...request };
  delete view.taskToken;
  delete view.csrfBinding;
  return view as unknown as ApprovalView;
}

function checkedHash(secretHash: string): string {
  if (!SHA256_HEX.test(secretHash)) {
    throw new ValidationError('secretHash must be the lower-case hex SHA-256 of the link secret (64 characters)', [
      { path: 'secretHash', value: `${secretHash.length} characters`, message: 'must be 64 lower-case hex characters' },
    ]);
  }
  return secretHash;
}
