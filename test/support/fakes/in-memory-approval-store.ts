import { canonicalInstant } from '../../../functions/adapters/aws/dynamo-values.js';
import {
  ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError, ValidationError,
} from '../../../functions/core/errors.js';
import type {
  ApprovalRequest, ApprovalStore, ApprovalView, ConsumeApproval, NewApproval,
} from '../../../functions/ports/approval-store.js';
import { clone, roundTrip } from './in-memory-paging.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * {@link ApprovalStore} in memory with the DynamoDB adapter's rules: a hash is created once
 * (`ConflictError`), must be a lower-case hex SHA-256 (`ValidationError`), and is consumed
 * exactly once; a failed consume reports, in this order, `ConflictError` (already used — also
 * the loser of a race), `ApprovalExpiredError` (`at` at or past `expiresAt`) and
 * `ForbiddenError` (CSRF binding differs), and leaves the approval unused.
 *
 * @example
 * ```ts
 * const approvals = new InMemoryApprovalStore();
 * await approvals.create(approval);
 * const { taskToken } = await approvals.consume(approval.secretHash, { at, by: 'link', outcome: 'APPROVED', csrfBinding });
 * ```
 */
export class InMemoryApprovalStore implements ApprovalStore {
  readonly #items = new Map<string, ApprovalRequest>();

  public async create(approval: NewApproval): Promise<void> {
    const record: NewApproval = clone({
      ...approval,
      secretHash: checkedHash(approval.secretHash),
      createdAt: canonicalInstant(approval.createdAt, 'createdAt'),
      expiresAt: canonicalInstant(approval.expiresAt, 'expiresAt'),
    });
    await roundTrip();
    if (this.#items.has(record.secretHash)) {
      throw new ConflictError('an approval with this link secret already exists; generate a new secret', { context: { workflowId: approval.workflowId } });
    }
    this.#items.set(record.secretHash, record);
  }

  public async get(secretHash: string): Promise<ApprovalView> {
    checkedHash(secretHash);
    await roundTrip();
    const { taskToken: _token, csrfBinding: _csrf, ...view } = this.#stored(secretHash);
    return clone(view);
  }

  public async consume(secretHash: string, decision: ConsumeApproval): Promise<ApprovalRequest> {
    const at = canonicalInstant(decision.at, 'at');
    checkedHash(secretHash);
    await roundTrip();
    const stored = this.#stored(secretHash);
    const context = { workflowId: stored.workflowId };
    if (stored.consumedAt !== undefined) {
      throw new ConflictError(`this approval link was already used (${stored.outcome ?? 'decided'} at ${stored.consumedAt})`, { context: { ...context, consumedAt: stored.consumedAt } });
    }
    if (stored.expiresAt <= at) throw new ApprovalExpiredError(`this approval link expired at ${stored.expiresAt}`, { context: { ...context, expiresAt: stored.expiresAt } });
    if (stored.csrfBinding !== decision.csrfBinding) throw new ForbiddenError('the confirmation did not come from the approval page; open the link again', { context });
    const used: ApprovalRequest = clone({
      ...stored, consumedAt: at, consumedBy: decision.by, outcome: decision.outcome, ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
    });
    this.#items.set(secretHash, used);
    return clone(used);
  }

  /** Every approval as stored, task tokens included (a test's view; no round trip). */
  public all(workflowId?: string): ApprovalRequest[] {
    return [...this.#items.values()].filter((a) => workflowId === undefined || a.workflowId === workflowId).map((a) => clone(a));
  }

  #stored(secretHash: string): ApprovalRequest {
    const stored = this.#items.get(secretHash);
    if (stored === undefined) throw new NotFoundError('this approval link is unknown');
    return stored;
  }
}

function checkedHash(secretHash: string): string {
  if (!SHA256_HEX.test(secretHash)) {
    throw new ValidationError('secretHash must be the lower-case hex SHA-256 of the link secret (64 characters)', [
      { path: 'secretHash', value: `${secretHash.length} characters`, message: 'must be 64 lower-case hex characters' },
    ]);
  }
  return secretHash;
}
