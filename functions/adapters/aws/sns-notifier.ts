import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import type { Notification, Notifier } from '../../ports/notifier.js';
import { toAwsUpkeepError } from './aws-errors.js';
import { traced } from './traced-client.js';

/** Options of {@link SnsNotifier}. */
export interface SnsNotifierOptions {
  /** The topic approval requests and outcome notices go to (`UPKEEP_TOPIC_ARN`). */
  readonly topicArn: string;
  /** @default - a client built from the Lambda's environment (region and credentials) */
  readonly client?: SNSClient;
}

/** SNS refuses subjects of 100 characters or more, and any with line breaks or control characters. */
const MAX_SUBJECT_CHARS = 99;

/**
 * The message attributes a subscription's filter policy can match. The names are a contract
 * with the CDK stack's subscriptions.
 */
export const SNS_ATTRIBUTES = {
  /** `approval-request`, `approval-reminder`, `outcome`, … */
  kind: 'kind',
  workflowId: 'workflowId',
  /** The addressee's email, lower-cased, on messages for one approver. */
  approver: 'approver',
} as const;

/**
 * A subject SNS accepts: control characters and line breaks become spaces, runs of spaces
 * collapse, and a long subject is cut to 99 characters ending in `…`.
 *
 * @example
 * ```ts
 * sanitiseSubject('api 1.2.4\nneeds approval'); // 'api 1.2.4 needs approval'
 * ```
 */
export function sanitiseSubject(subject: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what SNS refuses
  const flat = subject.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  const cut = chars.length <= MAX_SUBJECT_CHARS ? flat : `${chars.slice(0, MAX_SUBJECT_CHARS - 1).join('').trimEnd()}…`;
  return cut === '' ? 'Upkeep' : cut;
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/**
 * {@link Notifier} on an SNS topic with email subscriptions.
 *
 * SNS email shows plain text only, so the message body is the notification's `text` (`html` is
 * for local mode's outbox). Every message carries the attributes `kind` and, when known,
 * `workflowId`.
 *
 * An SNS topic fans out to every subscriber, so a link meant for one approver would reach all.
 * Messages with recipients (`to`) are therefore published once per recipient with an `approver`
 * attribute holding that address (lower-cased), and the CDK stack subscribes each approver with
 * the filter policy `{"approver": ["<their email, lower-cased>"]}` so each sees only their own.
 * Messages without recipients (outcome notices) carry no `approver` attribute and so reach only
 * subscriptions without that filter (the `notifications.emails` addresses, which may filter on
 * `kind`). The alternative, one topic per approver, needs no filter but a topic per person.
 *
 * Recipients are published one after the other; if one publish fails the error is thrown and a
 * retry publishes again to those already served (email is at-least-once anyway).
 *
 * @example
 * ```ts
 * const notifier = new SnsNotifier({ topicArn: process.env[ENV.topicArn]! });
 * await notifier.publish({ kind: 'approval-request', subject: 'Approve api 1.2.4?', text, to: ['ana@example.com'], workflowId });
 * ```
 */
export class SnsNotifier implements Notifier {
  readonly #topicArn: string;
  readonly #client: SNSClient;

  public constructor(options: SnsNotifierOptions) {
    this.#topicArn = options.topicArn;
    this.#client = options.client ?? traced(new SNSClient({}));
  }

  public async publish(message: Notification): Promise<void> {
    const base: Record<string, MessageAttributeValue> = { [SNS_ATTRIBUTES.kind]: text(message.kind) };
    if (message.workflowId !== undefined && message.workflowId !== '') base[SNS_ATTRIBUTES.workflowId] = text(message.workflowId);
    const subject = sanitiseSubject(message.subject);
    if (message.to === undefined) {
      await this.#send(subject, message.text, base, `publish ${message.kind} to ${this.#topicArn}`);
      return;
    }
    const recipients = [...new Set(message.to.map((address) => address.trim().toLowerCase()).filter((address) => address !== ''))];
    for (const recipient of recipients) {
      await this.#send(subject, message.text, { ...base, [SNS_ATTRIBUTES.approver]: text(recipient) }, `publish ${message.kind} for ${recipient}`);
    }
  }

  async #send(subject: string, body: string, attributes: Record<string, MessageAttributeValue>, what: string): Promise<void> {
    try {
      await this.#client.send(new PublishCommand({ TopicArn: this.#topicArn, Subject: subject, Message: body, MessageAttributes: attributes }));
    } catch (error) {
      throw toAwsUpkeepError(error, what, 'SNS');
    }
  }
}
