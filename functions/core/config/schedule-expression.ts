/**
 * EventBridge schedule expressions, as the detector's schedule is written: `rate(1 hour)` or
 * `cron(minutes hours day-of-month month day-of-week year)`. Checked here so a typo fails at
 * `upkeep validate`, not at `cdk deploy` or, worse, silently in local mode.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.*)\)$/;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Extra forms the field allows besides numbers, lists, ranges, `*` and `/`. */
  readonly extra?: RegExp;
}

const FIELDS: readonly Field[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, extra: /^(?:\?|L|LW|\d{1,2}W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, extra: /^(?:\?|L|\d#[1-5]|[1-7]L|[A-Z]{3}#[1-5]|[A-Z]{3}L)$/ },
  { name: 'year', min: 1970, max: 2199 },
];

/** Why `expression` is not a valid EventBridge schedule, or `undefined` when it is. */
export function scheduleProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate !== null) {
    const amount = Number(rate[1]);
    const unit = rate[2] as string;
    if (amount < 1) return 'must be rate(N unit) with N at least 1';
    // EventBridge rejects "rate(1 hours)" and "rate(5 minute)".
    const singular = unit.replace(/s$/, '');
    const wanted = amount === 1 ? singular : `${singular}s`;
    if (unit !== wanted) return `must be written rate(${amount} ${wanted}): EventBridge takes the singular unit only with 1`;
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (cron === null) {
    return 'must be an EventBridge schedule such as "rate(1 hour)", "rate(15 minutes)" or "cron(0 6 ? * MON-FRI *)"';
  }
  const parts = (cron[1] as string).trim().split(/\s+/);
  if (parts.length !== 6) {
    return `must have six cron fields (minutes hours day-of-month month day-of-week year), got ${parts.length}; e.g. "cron(0 6 ? * MON-FRI *)"`;
  }
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[index] as string, field);
    if (problem !== undefined) return problem;
  }
  const [, , dayOfMonth, , dayOfWeek] = parts;
  // EventBridge needs exactly one of the two day fields to be "?".
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'must have "?" in exactly one of day-of-month and day-of-week, e.g. "cron(0 6 ? * MON-FRI *)"';
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  const ok = text.split(',').every((item) => {
    if (field.extra?.test(item) === true) return true;
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0 || (step !== undefined && !/^\d+$/.test(step))) return false;
    if (range === '*') return true;
    const bounds = (range as string).split('-');
    return bounds.length <= 2 && bounds.every((bound) => inField(bound, field));
  });
  return ok ? undefined : `has an invalid ${field.name} field "${text}" (allowed ${field.min}–${field.max}${field.names === undefined ? '' : ` or ${field.names[0]}–${field.names.at(-1)}`}, with , - * /)`;
}

function inField(bound: string, field: Field): boolean {
  if (field.names?.includes(bound) === true) return true;
  if (!/^\d+$/.test(bound)) return false;
  const n = Number(bound);
  return n >= field.min && n <= field.max;
}
