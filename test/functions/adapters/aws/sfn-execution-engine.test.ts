import {
  DescribeExecutionCommand, ExecutionAlreadyExists, InvalidToken, SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand,
  TaskDoesNotExist, TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnExecutionEngine } from '../../../../functions/adapters/aws/sfn-execution-engine.js';
import { ApprovalExpiredError, ConflictError, NotFoundError, TransientError } from '../../../../functions/core/errors.js';

const client = new SFNClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const sfn = mockClient(client);
const $metadata = {};
const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:upkeep-update';
const executionArn = 'arn:aws:states:eu-west-1:123456789012:execution:upkeep-update:api-1_2_4-k3x9abcd';
const engine = new SfnExecutionEngine({ stateMachineArn, client });

describe('Class: SfnExecutionEngine', () => {
  beforeEach(() => {
    sfn.reset();
  });

  describe('Method: startExecution', () => {
    it('starts the state machine with the input as JSON and returns the same ARN when AWS treats a repeat as idempotent', async () => {
      // Prepare: AWS answers a repeat with the same name and input, while running, with the same ARN.
      sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date('2025-03-03T10:00:00Z') });

      // Act
      const first = await engine.startExecution({ name: 'api-1_2_4-k3x9abcd', input: { workflowId: 'k3x9abcd' } });
      const again = await engine.startExecution({ name: 'api-1_2_4-k3x9abcd', input: { workflowId: 'k3x9abcd' } });

      // Assess
      expect(first).toEqual({ executionArn, name: 'api-1_2_4-k3x9abcd', status: 'RUNNING', startDate: '2025-03-03T10:00:00.000Z' });
      expect(again.executionArn).toBe(first.executionArn);
      expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn, name: 'api-1_2_4-k3x9abcd', input: '{"workflowId":"k3x9abcd"}' });
    });

    it('keeps the name ExecutionAlreadyExists for a name reused with another input', async () => {
      sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata }));

      const start = engine.startExecution({ name: 'api-1_2_4-k3x9abcd', input: { workflowId: 'other' } });

      await expect(start).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
      await expect(start).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('Method: sendTaskSuccess', () => {
    it('sends the output as JSON', async () => {
      sfn.on(SendTaskSuccessCommand).resolves({});

      await engine.sendTaskSuccess('token-1', { approvedBy: 'ana@example.com' });

      expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input).toEqual({ taskToken: 'token-1', output: '{"approvedBy":"ana@example.com"}' });
    });

    it('keeps the name TaskDoesNotExist for a used token, and never puts the token in the message', async () => {
      sfn.on(SendTaskSuccessCommand).rejects(new TaskDoesNotExist({ message: 'Task does not exist', $metadata }));

      const send = engine.sendTaskSuccess('secret-token', {});

      await expect(send).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
      await expect(send).rejects.toBeInstanceOf(NotFoundError);
      await expect(send).rejects.not.toThrow(/secret-token/);
    });

    it('maps a timed-out task to TaskTimedOut (an ApprovalExpiredError) and a malformed token to InvalidToken', async () => {
      sfn.on(SendTaskSuccessCommand).rejectsOnce(new TaskTimedOut({ message: 'Task Timed Out', $metadata })).rejectsOnce(new InvalidToken({ message: 'Invalid Token', $metadata }));

      const timedOut = engine.sendTaskSuccess('t', {});
      await expect(timedOut).rejects.toMatchObject({ name: 'TaskTimedOut' });
      await expect(timedOut).rejects.toBeInstanceOf(ApprovalExpiredError);
      await expect(engine.sendTaskSuccess('t', {})).rejects.toMatchObject({ name: 'InvalidToken' });
    });
  });

  describe('Method: sendTaskFailure', () => {
    it('cuts the error and cause to the lengths Step Functions accepts', async () => {
      sfn.on(SendTaskFailureCommand).resolves({});

      await engine.sendTaskFailure('t', 'E'.repeat(300), 'c'.repeat(40_000));

      const input = sfn.commandCalls(SendTaskFailureCommand)[0]!.args[0].input;
      expect(input.error).toHaveLength(256);
      expect(input.cause).toHaveLength(32_768);
    });
  });

  describe('Method: describeExecution', () => {
    it('returns status and dates, and surfaces throttling as TransientError', async () => {
      sfn.on(DescribeExecutionCommand)
        .resolvesOnce({ executionArn, name: 'api', status: 'SUCCEEDED', startDate: new Date('2025-03-03T10:00:00Z'), stopDate: new Date('2025-03-03T10:30:00Z'), stateMachineArn })
        .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }));

      await expect(engine.describeExecution(executionArn)).resolves.toEqual({
        executionArn, name: 'api', status: 'SUCCEEDED', startDate: '2025-03-03T10:00:00.000Z', stopDate: '2025-03-03T10:30:00.000Z',
      });
      await expect(engine.describeExecution(executionArn)).rejects.toBeInstanceOf(TransientError);
    });
  });

  describe('Method: executionUrl', () => {
    it('links the console of the execution\'s own region', () => {
      expect(engine.executionUrl(executionArn)).toBe(
        `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${executionArn}`,
      );
    });
  });
});
