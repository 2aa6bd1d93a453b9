import { describe, expect, it } from 'vitest';
import { scheduleProblem } from '../../../../functions/core/config/schedule-expression.js';

describe('Function: scheduleProblem', () => {
  it.each(['rate(1 hour)', 'rate(15 minutes)', 'rate(1 minute)', 'rate(2 days)', 'cron(0 6 ? * MON-FRI *)', 'cron(0/15 * * * ? *)', 'cron(0 18 L * ? 2025-2030)', 'cron(30 2 ? JAN,JUL 6#3 *)', 'cron(0 12 15W * ? *)', 'cron(5,35 14 ? * 2L *)'])(
    'accepts %s',
    (expression) => {
      expect(scheduleProblem(expression)).toBeUndefined();
    },
  );

  it('rejects a zero rate', () => {
    expect(scheduleProblem('rate(0 minutes)')).toBe('must be rate(N unit) with N at least 1');
  });

  it('wants the singular unit only with 1', () => {
    expect(scheduleProblem('rate(1 hours)')).toContain('rate(1 hour)');
    expect(scheduleProblem('rate(5 minute)')).toContain('rate(5 minutes)');
  });

  it('rejects what is neither rate nor cron', () => {
    expect(scheduleProblem('every hour')).toContain('must be an EventBridge schedule');
    expect(scheduleProblem('rate(1 week)')).toContain('must be an EventBridge schedule');
  });

  it('counts the cron fields', () => {
    expect(scheduleProblem('cron(0 6 * * ?)')).toContain('six cron fields');
  });

  it.each([
    ['cron(60 6 ? * MON *)', 'minutes'],
    ['cron(0 24 ? * MON *)', 'hours'],
    ['cron(0 6 32 * ? *)', 'day-of-month'],
    ['cron(0 6 ? FOO * *)', 'month'],
    ['cron(0 6 ? * 8 *)', 'day-of-week'],
    ['cron(0 6 ? * MON 1969)', 'year'],
    ['cron(0/x 6 ? * MON *)', 'minutes'],
    ['cron(0/5/2 6 ? * MON *)', 'minutes'],
    ['cron(1-2-3 6 ? * MON *)', 'minutes'],
  ])('rejects %s for its %s field', (expression, field) => {
    expect(scheduleProblem(expression)).toContain(`invalid ${field} field`);
  });

  it('names allowed month names in the message', () => {
    expect(scheduleProblem('cron(0 6 ? FOO * *)')).toContain('or JAN–DEC');
  });

  it('needs "?" in exactly one day field', () => {
    expect(scheduleProblem('cron(0 6 * * MON *)')).toContain('exactly one');
    expect(scheduleProblem('cron(0 6 ? * ? *)')).toContain('exactly one');
  });
});
