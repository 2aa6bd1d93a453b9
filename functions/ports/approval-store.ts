/** An approver's answer through a link. */
export type ApprovalOutcome = 'APPROVED' | 'REJECTED';

/**
 * A pending approval as the server holds it (`APPROVAL#<sha256 of link secret>`). It carries
 * the Step Functions task token, so it never leaves the server: APIs show {@link ApprovalView}.
 */
export interface ApprovalRequest {
  /** Lower-case hex SHA-256 of the link secret; the secret itself is never stored. */
  readonly secretHash: string;
  readonly workflowId: string;
  /** Who the link was sent to. */
  readonly approver: string;
  /** The `.waitForTaskToken` token to settle; server-side only. */
  readonly taskToken: string;
  /** What the confirmation page's POST must present (e.g. a hash of its CSRF token); server-side only. */
  readonly csrfBinding: string;
  /** ISO instants. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly consumedAt?: string;
  readonly consumedBy?: string;
  readonly outcome?: ApprovalOutcome;
  readonly reason?: string;
}

/** An approval as anything outside the server may see it: no task token, no CSRF binding. */
export type ApprovalView = Omit<ApprovalRequest, 'taskToken' | 'csrfBinding'>;

/** A new approval; the store stamps nothing else. */
export type NewApproval = Omit<ApprovalRequest, 'consumedAt' | 'consumedBy' | 'outcome' | 'reason'>;

/** Who decided, how, and when; `csrfBinding` must equal the stored one. */
export interface ConsumeApproval {
  readonly at: string;
  readonly by: string;
  readonly outcome: ApprovalOutcome;
  readonly csrfBinding: string;
  readonly reason?: string;
}

/**
 * Single-use, expiring approval links. Expiry is judged from timestamps at the moment of
 * use (a TTL, where the table has one, only cleans up later).
 *
 * @example
 * ```ts
 * const secretHash = createHash('sha256').update(linkSecret).digest('hex');
 * await approvals.create({ secretHash, workflowId, approver, taskToken, csrfBinding, createdAt, expiresAt });
 * const { taskToken } = await approvals.consume(secretHash, { at, by: approver, outcome: 'APPROVED', csrfBinding });
 * ```
 */
export interface ApprovalStore {
  /** Stores a new approval; throws `ConflictError` when one with this hash exists. */
  create(approval: NewApproval): Promise<void>;

  /** The approval without its secrets; throws `NotFoundError` when there is none. */
  get(secretHash: string): Promise<ApprovalView>;

  /**
   * Uses the approval exactly once and returns it whole (with the task token to settle).
   * Throws `NotFoundError` (unknown hash), `ConflictError` (already used — also the loser of
   * a race), `ApprovalExpiredError` (`at` is at or past `expiresAt`) or `ForbiddenError`
   * (CSRF binding differs).
   */
  consume(secretHash: string, decision: ConsumeApproval): Promise<ApprovalRequest>;
}
