import { PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier, sanitiseSubject } from '../../../../functions/adapters/aws/sns-notifier.js';
import { TransientError } from '../../../../functions/core/errors.js';

const client = new SNSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const sns = mockClient(client);
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:upkeep';
const notifier = new SnsNotifier({ topicArn, client });

describe('Class: SnsNotifier', () => {
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  describe('Method: publish', () => {
    it('publishes once per recipient with the approver attribute the subscription filter matches', async () => {
      // Act
      await notifier.publish({
        kind: 'approval-request', subject: 'Approve api 1.2.4?', text: 'Open https://upkeep.example/approve/abc', html: '<p>html</p>',
        to: ['Ana@Example.com', 'bo@example.com', 'ana@example.com'], workflowId: 'wf-1',
      });

      // Assess
      const inputs = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
      expect(inputs).toHaveLength(2);
      expect(inputs.map((i) => i.MessageAttributes?.approver?.StringValue)).toEqual(['ana@example.com', 'bo@example.com']);
      expect(inputs[0]).toEqual({
        TopicArn: topicArn,
        Subject: 'Approve api 1.2.4?',
        Message: 'Open https://upkeep.example/approve/abc',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'approval-request' },
          workflowId: { DataType: 'String', StringValue: 'wf-1' },
          approver: { DataType: 'String', StringValue: 'ana@example.com' },
        },
      });
    });

    it('publishes a message without recipients once, with no approver attribute', async () => {
      await notifier.publish({ kind: 'outcome', subject: 'api 1.2.4 rolled back', text: 'alarm upkeep-api-errors' });

      const inputs = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
      expect(inputs).toHaveLength(1);
      expect(Object.keys(inputs[0]!.MessageAttributes ?? {})).toEqual(['kind']);
    });

    it('surfaces throttling as a TransientError', async () => {
      sns.on(PublishCommand).rejects(new ThrottledException({ message: 'Rate exceeded', $metadata: {} }));

      await expect(notifier.publish({ kind: 'outcome', subject: 's', text: 't' })).rejects.toBeInstanceOf(TransientError);
    });
  });
});

describe('Function: sanitiseSubject', () => {
  it('turns line breaks and control characters into single spaces', () => {
    expect(sanitiseSubject('api 1.2.4\r\nneeds\tapproval\u0007 ')).toBe('api 1.2.4 needs approval');
  });

  it('cuts a long subject below 100 characters, ending in an ellipsis', () => {
    const subject = sanitiseSubject(`Approve ${'x'.repeat(200)}`);
    expect([...subject]).toHaveLength(99);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('never sends an empty subject', () => {
    expect(sanitiseSubject('\n\n')).toBe('Upkeep');
  });
});
