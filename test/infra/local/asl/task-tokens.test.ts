import { describe, expect, it } from 'vitest';
import { TaskDoesNotExistError } from '../../../../infra/local/asl/errors.js';
import { LocalStateMachine } from '../../../../infra/local/asl/local-state-machine.js';
import type { LocalStateMachineOptions } from '../../../../infra/local/asl/local-state-machine.js';
import { TaskTokenRegistry } from '../../../../infra/local/asl/task-token-registry.js';
import type { JsonValue } from '../../../../infra/local/asl/types.js';
import { fixture, until } from './helpers.js';

interface ApprovalRequest {
  readonly workflowId: string;
  readonly taskToken: string;
}

/** The approval fixture with a request-approval function that records what it was sent. */
function approvals(options: Partial<LocalStateMachineOptions> = {}): { machine: LocalStateMachine; requests: ApprovalRequest[] } {
  const requests: ApprovalRequest[] = [];
  const machine = new LocalStateMachine(fixture('approval'), {
    name: 'approvals',
    substitutions: { RequestApprovalFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:request-approval' },
    handlers: {
      functions: {
        'request-approval': (input) => {
          requests.push(input as unknown as ApprovalRequest);
          return { sent: true };
        },
      },
    },
    ...options,
  });
  return { machine, requests };
}

const input = (approvalTimeoutSeconds = 3600): JsonValue => ({ workflowId: 'wf-1', approvalTimeoutSeconds });

describe('Class: LocalStateMachine (task tokens)', () => {
  it('issues an unguessable $$.Task.Token to the function and completes with the sendTaskSuccess output', async () => {
    // Prepare
    const { machine, requests } = approvals();
    const { executionArn } = await machine.startExecution({ input: input() });
    await until(() => requests.length === 1);
    const token = requests[0]!.taskToken;
    // Act
    expect(machine.describeExecution(executionArn)).toMatchObject({ status: 'RUNNING', currentState: 'Request approval' });
    machine.sendTaskSuccess(token, { by: 'ops@example.com' });
    const done = await machine.waitForExecution(executionArn);
    // Assess
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: { outcome: 'APPROVED', by: 'ops@example.com' } });
    expect(requests[0]!.workflowId).toBe('wf-1');
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(machine.taskTokens.listPending()).toEqual([]);
  });

  it('gives every task its own token', async () => {
    const { machine, requests } = approvals();
    await Promise.all([machine.startExecution({ input: input() }), machine.startExecution({ input: input() })]);
    await until(() => requests.length === 2);
    expect(requests[0]!.taskToken).not.toBe(requests[1]!.taskToken);
    expect(machine.taskTokens.listPending()).toHaveLength(2);
  });

  it('routes sendTaskFailure to the Catch that names its error', async () => {
    const { machine, requests } = approvals();
    const { executionArn } = await machine.startExecution({ input: input() });
    await until(() => requests.length === 1);
    machine.sendTaskFailure(requests[0]!.taskToken, 'ApprovalRejected', 'too risky');
    expect(await machine.waitForExecution(executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: { outcome: 'REJECTED', error: 'ApprovalRejected', cause: 'too risky' },
    });
  });

  it('ends an unanswered task with States.Timeout after its TimeoutSecondsPath, compressed', async () => {
    // Prepare: one hour, scaled by 1e-4, is 360 ms.
    const { machine, requests } = approvals({ time: { timeoutScale: 1e-4 } });
    // Act
    const { executionArn } = await machine.startExecution({ input: input(3600) });
    const done = await machine.waitForExecution(executionArn);
    // Assess
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: { outcome: 'EXPIRED', error: 'States.Timeout' } });
    expect(() => machine.sendTaskSuccess(requests[0]!.taskToken, {})).toThrow(TaskDoesNotExistError);
  });

  it('throws TaskDoesNotExist for a token settled twice and for an unknown token', async () => {
    const { machine, requests } = approvals();
    const { executionArn } = await machine.startExecution({ input: input() });
    await until(() => requests.length === 1);
    const token = requests[0]!.taskToken;
    machine.sendTaskSuccess(token, { by: 'a' });
    expect(() => machine.sendTaskSuccess(token, { by: 'b' })).toThrow(expect.objectContaining({ name: 'TaskDoesNotExist' }));
    expect(() => machine.sendTaskFailure(token, 'ApprovalRejected')).toThrow(TaskDoesNotExistError);
    expect(() => machine.sendTaskHeartbeat(token)).toThrow(TaskDoesNotExistError);
    expect(() => machine.sendTaskSuccess('not-a-token', {})).toThrow(TaskDoesNotExistError);
    expect((await machine.waitForExecution(executionArn)).output).toEqual({ outcome: 'APPROVED', by: 'a' });
  });

  it('fails a callback task that misses its HeartbeatSeconds, unless heartbeats arrive', async () => {
    // Prepare
    const definition = {
      StartAt: 'Wait for callback',
      States: {
        'Wait for callback': {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { 'token.$': '$$.Task.Token' },
          TimeoutSeconds: 600,
          HeartbeatSeconds: 1,
          End: true,
        },
      },
    };
    const tokens: string[] = [];
    const machine = new LocalStateMachine(definition, {
      name: 'heartbeats',
      time: { timeoutScale: 0.05 },
      handlers: { resources: { 'arn:aws:states:::sqs:sendMessage': (message) => void tokens.push((message as { token: string }).token) } },
    });
    // Act
    const silent = await machine.startExecution({ name: 'silent' });
    const chatty = await machine.startExecution({ name: 'chatty' });
    await until(() => tokens.length === 2);
    const beats = setInterval(() => machine.sendTaskHeartbeat(tokens[1]!), 10);
    await new Promise((resolve) => setTimeout(resolve, 150));
    clearInterval(beats);
    machine.sendTaskSuccess(tokens[1]!, 'done');
    // Assess
    expect(await machine.waitForExecution(silent.executionArn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    expect(await machine.waitForExecution(chatty.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: 'done' });
  });

  it('shares one registry between machines, like task tokens of one account', async () => {
    const shared = new TaskTokenRegistry();
    const a = approvals({ taskTokens: shared });
    const { executionArn } = await a.machine.startExecution({ input: input() });
    await until(() => a.requests.length === 1);
    expect(shared.listPending()).toEqual([{ executionArn, stateName: 'Request approval' }]);
    shared.sendTaskSuccess(a.requests[0]!.taskToken, { by: 'x' });
    expect((await a.machine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });
});

describe('Method: startExecution with startAt (resume)', () => {
  it('re-enters the approval state after a restart with the saved state input and a new token', async () => {
    // Prepare: the first process reaches the approval, and the state input is saved.
    const before = approvals();
    const original = await before.machine.startExecution({ name: 'api-2.0.0', input: input() });
    await until(() => before.requests.length === 1);
    const entered = before.machine.getExecutionHistory(original.executionArn).find((e) => e.type === 'StateEntered' && e.stateName === 'Request approval');
    const savedInput = JSON.parse(JSON.stringify(entered?.input)) as JsonValue;
    // Act: a new process (fresh registry and executions) resumes at the approval state.
    const after = approvals();
    const resumed = await after.machine.startExecution({ name: 'api-2.0.0', input: savedInput, startAt: 'Request approval' });
    await until(() => after.requests.length === 1);
    const oldToken = before.requests[0]!.taskToken;
    const newToken = after.requests[0]!.taskToken;
    after.machine.sendTaskSuccess(newToken, { by: 'ops' });
    const done = await after.machine.waitForExecution(resumed.executionArn);
    // Assess
    expect(resumed.executionArn).toBe(original.executionArn);
    expect(newToken).not.toBe(oldToken);
    expect(() => after.machine.sendTaskSuccess(oldToken, {})).toThrow(TaskDoesNotExistError);
    expect(done).toMatchObject({ status: 'SUCCEEDED', startAt: 'Request approval', output: { outcome: 'APPROVED', by: 'ops' } });
    expect(after.machine.getExecutionHistory(resumed.executionArn)[1]).toMatchObject({ type: 'StateEntered', stateName: 'Request approval', input: savedInput });
    before.machine.stopExecution(original.executionArn);
  });

  it('refuses a startAt that is not a top-level state', async () => {
    await expect(approvals().machine.startExecution({ startAt: 'Nowhere' })).rejects.toThrow(/startAt must be a top-level state .* got "Nowhere"/);
  });
});
