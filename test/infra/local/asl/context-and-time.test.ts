import { describe, expect, it } from 'vitest';
import { LocalStateMachine } from '../../../../infra/local/asl/local-state-machine.js';
import type { TaskHandler } from '../../../../infra/local/asl/types.js';
import { fixture, namedError } from './helpers.js';

function builds(build: TaskHandler, timeoutScale = 0.1): LocalStateMachine {
  return new LocalStateMachine(fixture('timeouts'), {
    name: 'builds',
    time: { timeoutScale },
    handlers: { resources: { 'arn:aws:states:::codebuild:startBuild.sync': build } },
  });
}

async function run(machine: LocalStateMachine, input: object): Promise<unknown> {
  const { executionArn } = await machine.startExecution({ input: input as never });
  return (await machine.waitForExecution(executionArn)).output;
}

describe('Context object', () => {
  it('provides $$.Execution, $$.State and $$.StateMachine values', async () => {
    // Prepare
    const machine = new LocalStateMachine(fixture('context-object'), { name: 'ctx', handlers: { functions: { echo: (input) => input } } });
    const before = new Date().toISOString();
    // Act
    const { executionArn } = await machine.startExecution({ name: 'ctx-1', input: { a: 1 } });
    const done = await machine.waitForExecution(executionArn);
    // Assess
    const output = done.output as { first: Record<string, string>; second: Record<string, string> };
    expect(output.first).toMatchObject({
      executionId: executionArn,
      executionName: 'ctx-1',
      executionInput: { a: 1 },
      stateName: 'First state',
      stateMachineId: machine.stateMachineArn,
      stateMachineName: 'ctx',
    });
    expect(output.first.startTime! >= before).toBe(true);
    expect(output.first.enteredTime! >= output.first.startTime!).toBe(true);
    expect(output.second.stateName).toBe('Second state');
    expect(output.second.enteredTime! >= output.first.enteredTime!).toBe(true);
  });
});

describe('Wait states', () => {
  it('compresses a TimestampPath and a SecondsPath wait by waitScale, and records them as Wait states', async () => {
    // Prepare: one hour, then 10 minutes, at 1/20000 speed: about 210 ms.
    const machine = new LocalStateMachine(fixture('waits'), { name: 'waits', handlers: {}, time: { waitScale: 5e-5 } });
    const notBefore = new Date(Date.now() + 3_600_000).toISOString();
    // Act
    const started = Date.now();
    const { executionArn } = await machine.startExecution({ input: { notBefore, pauseSeconds: 600 } });
    const done = await machine.waitForExecution(executionArn);
    // Assess
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: { notBefore, pauseSeconds: 600, status: 'waited' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(Date.now() - started).toBeLessThan(5000);
    const entered = machine.getExecutionHistory(executionArn).filter((e) => e.type === 'StateEntered');
    expect(entered.map((e) => [e.stateName, e.stateType])).toEqual([
      ['Wait for window', 'Wait'],
      ['Pause', 'Wait'],
      ['Done', 'Pass'],
    ]);
  });

  it('measures TimestampPath waits and stamps history with the injected clock', async () => {
    // Prepare: the clock says 2030; the window opens 50 ms later by that clock.
    const now = new Date('2030-01-01T00:00:00.000Z');
    const machine = new LocalStateMachine(fixture('waits'), { name: 'clocked', handlers: {}, clock: { now: () => now } });
    // Act
    const started = Date.now();
    const { executionArn } = await machine.startExecution({ input: { notBefore: '2030-01-01T00:00:00.050Z', pauseSeconds: 0 } });
    const done = await machine.waitForExecution(executionArn);
    // Assess
    expect(done).toMatchObject({ status: 'SUCCEEDED', startDate: now, stopDate: now });
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(machine.getExecutionHistory(executionArn).every((e) => e.timestamp === now)).toBe(true);
  });

  it('caps each wait at maxWaitMs', async () => {
    const machine = new LocalStateMachine(fixture('waits'), { name: 'capped', handlers: {}, time: { maxWaitMs: 20 } });
    const started = Date.now();
    const { executionArn } = await machine.startExecution({ input: { notBefore: '2999-01-01T00:00:00Z', pauseSeconds: 86_400 } });
    expect((await machine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails the execution with States.Runtime when TimestampPath is not a timestamp', async () => {
    const machine = new LocalStateMachine(fixture('waits'), { name: 'bad-wait', handlers: {} });
    const { executionArn } = await machine.startExecution({ input: { notBefore: 'tomorrow', pauseSeconds: 1 } });
    expect(await machine.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('Task timeouts', () => {
  it('fails a task that runs past TimeoutSeconds with States.Timeout, which States.TaskFailed does not catch', async () => {
    // Prepare: TimeoutSeconds 1 at 1/10 speed is 100 ms; the build would take 10 s.
    let aborted: AbortSignal | undefined;
    const machine = builds((_input, context) => {
      aborted = context.signal;
      return new Promise((resolve) => setTimeout(resolve, 10_000).unref());
    });
    // Act
    const output = await run(machine, { mode: 'plain' });
    // Assess
    expect(output).toEqual({ outcome: 'TIMED_OUT', error: 'States.Timeout' });
    expect(aborted?.aborted).toBe(true);
  });

  it('lets States.TaskFailed catch an error the task throws', async () => {
    const output = await run(
      builds(() => Promise.reject(namedError('BuildFailed', 'tests failed'))),
      { mode: 'plain' },
    );
    expect(output).toEqual({ outcome: 'TASK_FAILED', error: 'BuildFailed' });
  });

  it('keeps a task alive while it heartbeats within HeartbeatSeconds', async () => {
    // HeartbeatSeconds 1 at 1/10 speed is 100 ms; the build heartbeats every 20 ms for 300 ms.
    const machine = builds(async (_input, context) => {
      for (let i = 0; i < 15; i++) {
        context.heartbeat();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { Build: { BuildStatus: 'SUCCEEDED' } };
    });
    const { executionArn } = await machine.startExecution({ input: { mode: 'heartbeat' } });
    expect(await machine.waitForExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: { build: { Build: { BuildStatus: 'SUCCEEDED' } } } });
  });

  it('fails a silent task with States.HeartbeatTimeout, caught by a States.Timeout catcher', async () => {
    const output = await run(
      builds(() => new Promise((resolve) => setTimeout(resolve, 10_000).unref())),
      { mode: 'heartbeat' },
    );
    expect(output).toEqual({ outcome: 'TIMED_OUT', error: 'States.HeartbeatTimeout' });
  });

  it('fails with States.Runtime when TimeoutSecondsPath does not point to a positive integer', async () => {
    const definition = {
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:echo', TimeoutSecondsPath: '$.timeout', End: true } },
    };
    const machine = new LocalStateMachine(definition, { name: 'bad-timeout', handlers: { functions: { echo: (input) => input } } });
    const { executionArn } = await machine.startExecution({ input: { timeout: 0 } });
    expect(await machine.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('Execution timeout', () => {
  it('ends an execution past its TimeoutSeconds (30 days, compressed) as TIMED_OUT', async () => {
    // Prepare: 30 days at 1e-7 is 259 ms; the 31-day Wait is not compressed.
    const machine = new LocalStateMachine(fixture('execution-timeout'), { name: 'slow', handlers: {}, time: { timeoutScale: 1e-7 } });
    // Act
    const { executionArn } = await machine.startExecution();
    const done = await machine.waitForExecution(executionArn);
    // Assess
    expect(done).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(machine.getExecutionHistory(executionArn).at(-1)?.type).toBe('ExecutionTimedOut');
  });
});
