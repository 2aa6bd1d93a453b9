import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { SubscriptionFilter, Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SNS_ATTRIBUTES } from '../../functions/adapters/aws/sns-notifier.js';
import type { UpkeepConfig } from '../../functions/core/config/schema.js';

/** Properties of {@link ApprovalTopic}. */
export interface ApprovalTopicProps {
  readonly config: UpkeepConfig;
  /** Where messages an email endpoint cannot take go. */
  readonly deadLetterQueue: IQueue;
}

/** Roles that decide, and so get approval requests. Viewers only look. */
const DECIDING_ROLES = new Set(['approver', 'admin']);

/**
 * The SNS topic approval requests and outcome notices go out on: KMS-encrypted, TLS-only
 * (`enforceSSL`), one email subscription per approver whose filter policy
 * `{"approver": ["<email>"]}` lets through only the messages addressed to them (the
 * `SnsNotifier` sets that attribute per recipient, so one approver's link never reaches
 * another), and one per `notifications.emails` address for messages addressed to no one (outcome
 * notices). Each address confirms its subscription from the email AWS sends after deploy.
 *
 * With `notifications.topicArn` set, that topic is used as it is and nothing is created.
 *
 * @example
 * ```ts
 * const { topic } = new ApprovalTopic(this, 'Approvals', { config, deadLetterQueue });
 * ```
 */
export class ApprovalTopic extends Construct {
  public readonly topic: ITopic;
  /** The key messages are encrypted with; publishers need to use it. Undefined for an existing topic. */
  public readonly key: IKey | undefined;

  public constructor(scope: Construct, id: string, props: ApprovalTopicProps) {
    super(scope, id);
    const { config } = props;
    if (config.notifications.topicArn !== undefined) {
      this.topic = Topic.fromTopicArn(this, 'Topic', config.notifications.topicArn);
      this.key = undefined;
      return;
    }
    const key = new Key(this, 'Key', { description: 'Upkeep approval emails', enableKeyRotation: true });
    const topic = new Topic(this, 'Topic', { displayName: 'Upkeep', masterKey: key, enforceSSL: true });
    for (const approver of config.approvers.filter((a) => DECIDING_ROLES.has(a.role))) {
      const email = approver.email.toLowerCase();
      topic.addSubscription(new EmailSubscription(email, {
        filterPolicy: { [SNS_ATTRIBUTES.approver]: SubscriptionFilter.stringFilter({ allowlist: [email] }) },
        deadLetterQueue: props.deadLetterQueue,
      }));
    }
    for (const address of config.notifications.emails) {
      topic.addSubscription(new EmailSubscription(address.toLowerCase(), {
        filterPolicy: { [SNS_ATTRIBUTES.approver]: SubscriptionFilter.notExistsFilter() },
        deadLetterQueue: props.deadLetterQueue,
      }));
    }
    this.topic = topic;
    this.key = key;
  }
}
