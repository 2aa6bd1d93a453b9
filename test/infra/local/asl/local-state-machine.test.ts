import { describe, expect, it } from 'vitest';
import { ExecutionAlreadyExistsError, ExecutionDoesNotExistError } from '../../../../infra/local/asl/errors.js';
import { LocalStateMachine } from '../../../../infra/local/asl/local-state-machine.js';
import type { ExecutionEvent, JsonValue } from '../../../../infra/local/asl/types.js';
import { fixture, namedError, until } from './helpers.js';

const GREET_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:greet';

function greeter(onEvent?: (event: ExecutionEvent) => void): LocalStateMachine {
  return new LocalStateMachine(fixture('happy-path'), {
    name: 'greeter',
    substitutions: { GreetFunctionArn: GREET_ARN },
    handlers: { functions: { greet: (input) => ({ hello: (input as { who: string }).who }) } },
    ...(onEvent === undefined ? {} : { onEvent }),
  });
}

describe('Class: LocalStateMachine', () => {
  describe('Method: startExecution', () => {
    it('runs Pass, Task and Choice states to Succeed with the handler result', async () => {
      // Prepare
      const machine = greeter();
      // Act
      const { executionArn } = await machine.startExecution({ name: 'big', input: { name: 'Ada', count: 12 } });
      const done = await machine.waitForExecution(executionArn);
      // Assess
      expect(done).toMatchObject({ status: 'SUCCEEDED', output: { hello: 'Ada' }, name: 'big', startAt: 'Prepare' });
      expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:greeter:big');
    });

    it('ends in FAILED with the Fail state error when the Choice takes the default branch', async () => {
      const machine = greeter();
      const { executionArn } = await machine.startExecution({ input: { name: 'Bo', count: 2 } });
      expect(await machine.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'TooSmall', cause: 'count is under 10' });
    });

    it('retries a TransientError with backoff, then succeeds with the lambda:invoke response shape', async () => {
      // Prepare
      const calls: number[] = [];
      const machine = new LocalStateMachine(fixture('retry-catch'), {
        name: 'flaky',
        substitutions: { FlakyFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:flaky:live' },
        time: { waitScale: 0.01 },
        handlers: {
          functions: {
            flaky: () => {
              calls.push(Date.now());
              if (calls.length < 3) throw namedError('TransientError', 'registry busy');
              return { value: 'ok' };
            },
          },
        },
      });
      // Act
      const { executionArn } = await machine.startExecution({ input: { id: 7 } });
      const done = await machine.waitForExecution(executionArn);
      // Assess
      expect(done).toMatchObject({ status: 'SUCCEEDED', output: { id: 7, result: { value: 'ok', status: 200 } } });
      const [first = 0, second = 0, third = 0] = calls;
      // IntervalSeconds 2, BackoffRate 2, scaled by 0.01: pauses of 20 ms then 40 ms.
      expect(second - first).toBeGreaterThanOrEqual(15);
      expect(third - second).toBeGreaterThanOrEqual(35);
      const retried = machine.getExecutionHistory(executionArn).filter((e) => e.type === 'StateRetried');
      expect(retried.map((e) => e.index)).toEqual([1, 2]);
    });

    it('catches an error that is not retried into the failure path, with a Lambda-shaped cause', async () => {
      const machine = new LocalStateMachine(fixture('retry-catch'), {
        name: 'broken',
        substitutions: { FlakyFunctionArn: 'flaky' },
        handlers: { functions: { flaky: () => Promise.reject(namedError('VerificationError', 'checksum mismatch')) } },
      });
      const { executionArn } = await machine.startExecution({ input: { id: 1 } });
      const done = await machine.waitForExecution(executionArn);
      expect(done.status).toBe('FAILED');
      expect(done.error).toBe('VerificationError');
      expect(JSON.parse(done.cause ?? '')).toEqual({ errorType: 'VerificationError', errorMessage: 'checksum mismatch' });
      const states = machine.getExecutionHistory(executionArn).filter((e) => e.type === 'StateEntered').map((e) => e.stateName);
      expect(states).toEqual(['Call flaky', 'Record failure', 'Failed']);
    });

    it('fails with Lambda.ResourceNotFoundException when a dynamic FunctionName has no handler', async () => {
      const definition = {
        StartAt: 'Call',
        States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName.$': '$.fn' }, TimeoutSeconds: 5, End: true } },
      };
      const machine = new LocalStateMachine(definition, { name: 'dynamic', handlers: {} });
      const { executionArn } = await machine.startExecution({ input: { fn: 'nowhere' } });
      expect(await machine.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
    });

    it('throws ExecutionAlreadyExists for a used name with another input, and returns the running one for the same input', async () => {
      // Prepare
      let release = (): void => undefined;
      const machine = new LocalStateMachine(fixture('happy-path'), {
        name: 'names',
        substitutions: { GreetFunctionArn: GREET_ARN },
        handlers: { functions: { greet: () => new Promise((resolve) => (release = () => resolve({}))) } },
      });
      const first = await machine.startExecution({ name: 'api-1.2.3', input: { name: 'a', count: 10 } });
      // Act
      const again = await machine.startExecution({ name: 'api-1.2.3', input: { name: 'a', count: 10 } });
      const other = machine.startExecution({ name: 'api-1.2.3', input: { name: 'b', count: 10 } });
      // Assess
      expect(again).toEqual(first);
      await expect(other).rejects.toBeInstanceOf(ExecutionAlreadyExistsError);
      await expect(other).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
      await until(() => machine.describeExecution(first.executionArn).currentState === 'Greet');
      release();
      await machine.waitForExecution(first.executionArn);
      await expect(machine.startExecution({ name: 'api-1.2.3', input: { name: 'a', count: 10 } })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    });

    it('refuses an execution name AWS would refuse', async () => {
      await expect(greeter().startExecution({ name: 'has space' })).rejects.toThrow(/execution name must be 1–80 characters/);
      await expect(greeter().startExecution({ name: 'x'.repeat(81) })).rejects.toThrow(/got "x+"/);
    });

    it('completes 100 concurrent executions, none lost', async () => {
      const machine = greeter();
      const started = await Promise.all(Array.from({ length: 100 }, (_, i) => machine.startExecution({ name: `run-${i}`, input: { name: `n${i}`, count: 10 + i } })));
      const done = await Promise.all(started.map(({ executionArn }) => machine.waitForExecution(executionArn)));
      expect(done.every((d) => d.status === 'SUCCEEDED')).toBe(true);
      expect(done.map((d) => d.output)).toEqual(Array.from({ length: 100 }, (_, i) => ({ hello: `n${i}` })));
      expect(machine.listExecutions({ statusFilter: 'SUCCEEDED' })).toHaveLength(100);
    });
    it('runs Tasks inside Parallel branches and Map iterations with the same handlers', async () => {
      // Prepare
      const task = (resource: string): Record<string, JsonValue> => ({ Type: 'Task', Resource: resource, TimeoutSeconds: 5, End: true });
      const definition = {
        StartAt: 'Fan out',
        States: {
          'Fan out': {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Double', States: { Double: task('arn:aws:lambda:us-east-1:123456789012:function:double') } },
              {
                StartAt: 'Each',
                States: {
                  Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Square', States: { Square: task('arn:aws:lambda:us-east-1:123456789012:function:square') } }, End: true },
                },
              },
            ],
            End: true,
          },
        },
      };
      const machine = new LocalStateMachine(definition, {
        name: 'nested',
        handlers: {
          functions: {
            double: (input) => (input as { items: number[] }).items.map((n) => n * 2),
            square: (n) => (n as number) ** 2,
          },
        },
      });
      // Act
      const { executionArn } = await machine.startExecution({ input: { items: [1, 2, 3] } });
      // Assess
      expect(await machine.waitForExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: [[2, 4, 6], [1, 4, 9]] });
      // Events of iterations nested two levels deep reach the library's log asynchronously and
      // may be dropped by it, so only the levels it reliably forwards are asserted.
      const types = machine.getExecutionHistory(executionArn).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['ParallelBranchStarted', 'ParallelBranchSucceeded', 'MapIterationStarted']));
    });
  });

  describe('Method: getExecutionHistory', () => {
    it('records each state entered and exited with inputs, outputs and errors, and reports them as they happen', async () => {
      // Prepare
      const seen: ExecutionEvent[] = [];
      const machine = greeter((event) => seen.push(event));
      // Act
      const { executionArn } = await machine.startExecution({ name: 'traced', input: { name: 'Ada', count: 1 } });
      await machine.waitForExecution(executionArn);
      const history = machine.getExecutionHistory(executionArn);
      // Assess
      expect(history.map((e) => [e.type, e.stateName])).toEqual([
        ['ExecutionStarted', 'Prepare'],
        ['StateEntered', 'Prepare'],
        ['StateExited', 'Prepare'],
        ['StateEntered', 'Greet'],
        ['StateExited', 'Greet'],
        ['StateEntered', 'Big enough?'],
        ['StateExited', 'Big enough?'],
        ['StateEntered', 'Too small'],
        ['StateFailed', 'Too small'],
        ['ExecutionFailed', undefined],
      ]);
      const greetExit = history.find((e) => e.type === 'StateExited' && e.stateName === 'Greet');
      expect(greetExit).toMatchObject({ stateType: 'Task', input: { name: 'Ada', count: 1, prepared: { who: 'Ada', count: 1 } } });
      expect(greetExit?.output).toMatchObject({ greeting: { hello: 'Ada' } });
      expect(history.at(-1)).toMatchObject({ error: 'TooSmall', cause: 'count is under 10' });
      expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));
      expect(history.every((e, i) => i === 0 || e.timestamp >= (history[i - 1] as { timestamp: Date }).timestamp)).toBe(true);
      expect(seen.map((e) => e.id)).toEqual(history.map((e) => e.id));
      expect(seen.every((e) => e.executionArn === executionArn)).toBe(true);
    });

    it('keeps running when the event callback throws', async () => {
      const machine = greeter(() => {
        throw new Error('console broke');
      });
      const { executionArn } = await machine.startExecution({ input: { name: 'a', count: 10 } });
      expect((await machine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
    });
  });

  describe('Method: describeExecution', () => {
    it('throws ExecutionDoesNotExist for an unknown ARN', () => {
      expect(() => greeter().describeExecution('arn:aws:states:us-east-1:000000000000:execution:greeter:nope')).toThrow(ExecutionDoesNotExistError);
    });
  });

  describe('Method: stopExecution', () => {
    it('aborts a running execution with the given error and cause', async () => {
      // Prepare
      let signal: AbortSignal | undefined;
      const machine = new LocalStateMachine(fixture('happy-path'), {
        name: 'stoppable',
        substitutions: { GreetFunctionArn: GREET_ARN },
        handlers: {
          functions: {
            greet: (_input: JsonValue, context) => {
              signal = context.signal;
              return new Promise(() => undefined);
            },
          },
        },
      });
      const { executionArn } = await machine.startExecution({ input: { name: 'a', count: 10 } });
      await until(() => signal !== undefined);
      // Act
      machine.stopExecution(executionArn, { error: 'Cancelled', cause: 'operator asked' });
      const done = await machine.waitForExecution(executionArn);
      // Assess
      expect(done).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'operator asked' });
      expect(signal?.aborted).toBe(true);
      expect(machine.getExecutionHistory(executionArn).at(-1)?.type).toBe('ExecutionAborted');
      expect(machine.listExecutions({ statusFilter: 'RUNNING' })).toEqual([]);
    });
  });
});
