/** An email-like message: SNS in AWS, the outbox (and a console line) locally. */
export interface Notification {
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Who it is for (approver emails); the SNS topic's subscribers in AWS. */
  readonly to?: readonly string[];
  /** What kind of message, for filtering: `approval-request`, `approval-reminder`, `outcome`. */
  readonly kind: string;
  readonly workflowId?: string;
}

/**
 * Sends messages to people.
 *
 * @example
 * ```ts
 * await notifier.publish({ kind: 'outcome', subject: 'api 1.2.4 shipped', text: '…' });
 * ```
 */
export interface Notifier {
  publish(message: Notification): Promise<void>;
}
