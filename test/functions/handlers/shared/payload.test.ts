import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../functions/core/errors.js';
import { flag, listOf, object, oneOf, optional, optionalString, payload, tagged, text, wholeNumber, WorkflowStep } from '../../../../functions/handlers/shared/payload.js';

const Detect = payload({ shard: wholeNumber({ min: 0, fallback: 0 }), shards: wholeNumber({ min: 1, max: 100, fallback: 1 }) }, (p) =>
  p.shard < p.shards ? undefined : { path: 'shard', message: 'must be below shards' });
const Outcome = payload({
  workflowId: text(),
  outcome: oneOf(['SUCCEEDED', 'FAILED'] as const),
  error: optional(object({ Error: optionalString(), Cause: optionalString() })),
});

function problemsOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
  throw new Error('no ValidationError');
}

describe('Function: payload', () => {
  it('returns the checked fields, with fallbacks, and drops keys it does not know', () => {
    expect(WorkflowStep({ workflowId: 'wf-1', extra: true }, 'verify-artifact')).toEqual({ workflowId: 'wf-1' });
    expect(Detect({}, 'detect')).toEqual({ shard: 0, shards: 1 });
    expect(Detect({ shard: 2, shards: 3 }, 'detect')).toEqual({ shard: 2, shards: 3 });
    expect(Outcome({ workflowId: 'wf-1', outcome: 'FAILED', error: { Error: 'States.Timeout' } }, 'record-outcome'))
      .toEqual({ workflowId: 'wf-1', outcome: 'FAILED', error: { Error: 'States.Timeout' } });
    expect(Outcome({ workflowId: 'wf-1', outcome: 'SUCCEEDED' }, 'record-outcome')).toEqual({ workflowId: 'wf-1', outcome: 'SUCCEEDED' });
  });

  it('names every wrong field with the value found and the rule, in one ValidationError', () => {
    expect(problemsOf(() => Outcome({ workflowId: '', outcome: 'DONE', error: { Error: 3 } }, 'record-outcome'))).toEqual([
      { path: 'workflowId', value: '""', message: 'must be a non-empty string' },
      { path: 'outcome', value: '"DONE"', message: 'must be one of SUCCEEDED, FAILED' },
      { path: 'error.Error', value: '3', message: 'must be a string' },
    ]);
    expect(problemsOf(() => Detect({ shard: 1.5, shards: 101 }, 'detect'))).toEqual([
      { path: 'shard', value: '1.5', message: 'must be a whole number at least 0' },
      { path: 'shards', value: '101', message: 'must be a whole number from 1 to 100' },
    ]);
    expect(problemsOf(() => Outcome({ workflowId: 'wf-1', outcome: 'FAILED', error: [] }, 'record-outcome'))).toEqual([{ path: 'error', value: '[]', message: 'must be an object' }]);
    expect(() => WorkflowStep({}, 'verify-artifact')).toThrow('verify-artifact: bad payload: workflowId must be a non-empty string');
  });

  it('checks the rule across fields only once every field is right', () => {
    expect(problemsOf(() => Detect({ shard: 3, shards: 3 }, 'detect'))).toEqual([{ path: 'shard', value: '3', message: 'must be below shards' }]);
    expect(problemsOf(() => Detect({ shard: -1, shards: 0 }, 'detect'))).toHaveLength(2);
  });

  it('refuses a payload that is not an object', () => {
    for (const input of [null, 'wf-1', [], undefined]) {
      expect(problemsOf(() => WorkflowStep(input, 'start-workflow'))).toEqual([{ path: '(payload)', value: input === undefined ? '(missing)' : JSON.stringify(input), message: 'must be an object' }]);
    }
  });

  it('checks flags, lists of fields, and documents by their tag, keeping a tagged document whole', () => {
    // Prepare
    const Batch = payload({ dryRun: flag(), names: optional(listOf(text())), items: listOf(object({ source: tagged<{ type: string }>('type', ['npm', 'git']) }), { min: 1 }) });

    // Act, Assess
    expect(Batch({ dryRun: false, items: [{ source: { type: 'npm', package: 'api', extra: 1 } }] }, 'list-versions'))
      .toEqual({ dryRun: false, items: [{ source: { type: 'npm', package: 'api', extra: 1 } }] });
    expect(problemsOf(() => Batch({ dryRun: 'no', names: ['a', ''], items: [{ source: { type: 'svn' } }] }, 'list-versions'))).toEqual([
      { path: 'dryRun', value: '"no"', message: 'must be true or false' },
      { path: 'names[1]', value: '""', message: 'must be a non-empty string' },
      { path: 'items[0].source.type', value: '"svn"', message: 'must be one of npm, git' },
    ]);
    expect(problemsOf(() => Batch({ dryRun: true, items: [] }, 'list-versions'))).toEqual([{ path: 'items', value: '[]', message: 'must be an array of at least 1' }]);
  });
});
