import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, requireDuration } from '../../../../functions/core/duration.js';
import { ApprovalExpiredError, ConflictError, UpkeepError, ValidationError } from '../../../../functions/core/errors.js';

// duration.ts and errors.ts are read by the config; their tests live here until their owners add mirrored ones.
describe('Function: parseDuration', () => {
  it.each([
    ['90s', 90], ['30m', 1800], ['2h', 7200], ['3d', 259_200], ['1w', 604_800], ['1d12h', 129_600], [' 5m ', 300],
    ['PT30M', 1800], ['P3D', 259_200], ['P1W', 604_800], ['PT1H30M15S', 5415], ['P1DT2H', 93_600],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', 'P1DT', '5', '5 minutes', 'm5', '1.5h', 'PT-1M'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('Function: requireDuration', () => {
  it('returns seconds, or throws naming the value and the form', () => {
    expect(requireDuration('1m', 'deadline')).toBe(60);
    expect(() => requireDuration('soon', 'deadline')).toThrow('deadline must be a duration such as "30m", "2h", "3d" or "PT30M", got "soon"');
  });
});

describe('Function: formatDuration', () => {
  it.each([[0, '0s'], [-5, '0s'], [45, '45s'], [9000, '2h30m'], [259_200, '3d'], [90_061, '1d1h1m1s'], [59.6, '1m']])('renders %d as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('Class: UpkeepError', () => {
  it('names itself after its class and keeps context and cause', () => {
    const cause = new Error('socket closed');
    const error = new ConflictError('workflow wf-1 was changed', { context: { rev: 3 }, cause });

    expect([error.name, error.message, error.context, error.cause]).toEqual(['ConflictError', 'workflow wf-1 was changed', { rev: 3 }, cause]);
    expect(error).toBeInstanceOf(UpkeepError);
  });

  it('has empty context and no cause by default', () => {
    const error = new ApprovalExpiredError('too late');

    expect([error.context, 'cause' in error]).toEqual([{}, false]);
  });
});

describe('Class: ValidationError', () => {
  it('carries its problems, none by default', () => {
    const problem = { path: 'a', value: '1', message: '`a` must be a string' };

    expect(new ValidationError('bad', [problem]).problems).toEqual([problem]);
    expect(new ValidationError('bad').problems).toEqual([]);
    expect(new ValidationError('bad', [], { cause: 'x' }).cause).toBe('x');
  });
});
