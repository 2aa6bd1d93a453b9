import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDefinitionFile, substitutePlaceholders, vetDefinition } from '../../../../infra/local/asl/definition.js';
import { StateMachineDefinitionError } from '../../../../infra/local/asl/errors.js';
import { LocalStateMachine } from '../../../../infra/local/asl/local-state-machine.js';
import { findFunction, resolveTaskTarget } from '../../../../infra/local/asl/task-resources.js';
import type { JsonValue } from '../../../../infra/local/asl/types.js';
import { fixture, fixturePath } from './helpers.js';

// asl-validator ships no types; this is the part of its API the test uses.
type AslValidator = (definition: unknown, options?: { checkArn?: boolean; checkPaths?: boolean }) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

const echo = { functions: { echo: (input: JsonValue) => input } };

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof StateMachineDefinitionError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected StateMachineDefinitionError');
}

describe('Fixtures', () => {
  const dir = fileURLToPath(new URL('../../../fixtures/asl/', import.meta.url));
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.asl.json'));

  it.each(names)('asl-validator accepts %s', (name) => {
    const definition = substitutePlaceholders(fixture(name.replace(/\.asl\.json$/, '')), {
      GreetFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:greet',
      FlakyFunctionArn: 'flaky',
      RequestApprovalFunctionArn: 'request-approval',
    });
    const result = aslValidator(definition, { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });
});

describe('Function: vetDefinition', () => {
  it('refuses JSONata, naming the field and the fix', () => {
    expect(problemsOf(() => vetDefinition(fixture('rejected/jsonata'), echo))).toEqual([
      'QueryLanguage: JSONata is not supported locally; use JSONPath (remove QueryLanguage)',
      'States.Compute.Output: Output is not supported locally (the local runner would ignore it); pass data through the state input instead',
    ]);
  });

  it('refuses Assign, which the local runner would ignore silently', () => {
    expect(problemsOf(() => vetDefinition(fixture('rejected/assign'), echo))).toEqual([
      'States.Remember.Assign: Assign is not supported locally (the local runner would ignore it); pass data through the state input instead',
    ]);
  });

  it('refuses a Task without an explicit TimeoutSeconds', () => {
    expect(problemsOf(() => vetDefinition(fixture('rejected/missing-timeout'), echo))).toEqual([
      'States.Call.TimeoutSeconds: every Task needs an explicit TimeoutSeconds (or TimeoutSecondsPath); the local runner would default to 60 s and AWS to 99999999 s',
    ]);
  });

  it('finds problems inside Parallel branches too', () => {
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Pass', Assign: { a: 1 }, End: true } } }],
        },
      },
    };
    expect(problemsOf(() => vetDefinition(definition, echo))).toEqual([expect.stringMatching(/^States\.Both\.Branches\[0\]\.States\.Inner\.Assign: /)]);
  });

  it('refuses a Task resource or FunctionName without a local handler', () => {
    const definition = {
      StartAt: 'Build',
      States: {
        Build: { Type: 'Task', Resource: 'arn:aws:states:::codebuild:startBuild.sync', TimeoutSeconds: 5, Next: 'Call' },
        Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'missing' }, TimeoutSeconds: 5, End: true },
      },
    };
    expect(problemsOf(() => vetDefinition(definition, echo))).toEqual([
      'States.Build.Resource: has no local handler; register it in handlers.functions (Lambda) or handlers.resources (other integrations)',
      'States.Call.Parameters.FunctionName: has no local handler; register it in handlers.functions',
    ]);
  });

  it('passes on the library validation errors of invalid ASL', () => {
    const definition = { StartAt: 'Nowhere', States: { Here: { Type: 'Pass', End: true } } };
    expect(problemsOf(() => vetDefinition(definition, echo))[0]).toMatch(/^\$: State machine definition is invalid/);
  });

  it('makes the LocalStateMachine constructor refuse to start', () => {
    expect(() => new LocalStateMachine(fixture('rejected/assign'), { name: 'no', handlers: echo })).toThrow(StateMachineDefinitionError);
  });
});

describe('Function: substitutePlaceholders', () => {
  it('replaces ${Name} in values and keys', () => {
    const out = substitutePlaceholders({ 'a-${X}': ['${X}:${Y}', 1, null] }, { X: 'x', Y: 'y' });
    expect(out).toEqual({ 'a-x': ['x:y', 1, null] });
  });

  it('names each placeholder that has no value', () => {
    expect(problemsOf(() => substitutePlaceholders({ States: { A: { Resource: '${Missing}' } } }, {}))).toEqual([
      '$.States.A.Resource: has no substitution; add "Missing" to the substitutions',
    ]);
  });
});

describe('Function: readDefinitionFile', () => {
  it('reads a definition file', async () => {
    expect(await readDefinitionFile(fixturePath('waits'))).toMatchObject({ StartAt: 'Wait for window' });
  });

  it('fails with the path when the file is not JSON', async () => {
    await expect(readDefinitionFile(fileURLToPath(import.meta.url))).rejects.toThrow(/definition\.test\.ts: is not JSON/);
  });
});

describe('Function: resolveTaskTarget', () => {
  const build = (): JsonValue => ({});
  const handlers = { functions: { echo: build }, resources: { 'arn:aws:states:::sqs:sendMessage': build, 'arn:aws:states:::codebuild:startBuild.sync': build } };

  it.each([
    ['arn:aws:states:::lambda:invoke', { kind: 'lambda-invoke', waitForToken: false }],
    ['arn:aws:states:::lambda:invoke.waitForTaskToken', { kind: 'lambda-invoke', waitForToken: true }],
    ['arn:aws:lambda:eu-west-1:123456789012:function:echo:prod', { kind: 'lambda', waitForToken: false, handler: build }],
    ['arn:aws:states:::codebuild:startBuild.sync', { kind: 'integration', waitForToken: false, handler: build }],
    ['arn:aws:states:::sqs:sendMessage.waitForTaskToken', { kind: 'integration', waitForToken: true, handler: build }],
    ['arn:aws:states:::sns:publish', undefined],
    ['arn:aws:lambda:eu-west-1:123456789012:function:other', undefined],
  ])('maps %s', (resource, expected) => {
    expect(resolveTaskTarget(resource, handlers)).toEqual(expected);
  });

  it.each(['echo', 'echo:live', '123456789012:function:echo', 'arn:aws:lambda:us-east-1:123456789012:function:echo'])('finds function %s', (ref) => {
    expect(findFunction(handlers, ref)).toBe(build);
  });
});
