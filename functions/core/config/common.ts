import * as z from 'zod';
import { NAME_PATTERN, NAME_RULE } from './rules.js';
import { parseDuration } from '../duration.js';
import { WEEKDAYS, type Weekday } from '../types.js';
import { closest } from './closest.js';

/**
 * Small schemas shared by the parts of `upkeep.yaml`. Messages start with "must …" or "is …"
 * because the problem reporter prefixes them with the key's name ("`url` must be …").
 */

/** A name used in keys, execution names and project names: lower-case, digits, `-` and `_`. */
export const NameSchema = z
  .string()
  .regex(NAME_PATTERN, NAME_RULE);

/** A string that must say something. */
export const TextSchema = z.string().trim().min(1, 'must not be empty');

/** A duration such as `30m`, `2h`, `1d12h` or `PT30M`, kept as written; bounds in seconds. */
export function durationSchema(bounds: { readonly min?: number; readonly max?: number; readonly why?: string } = {}): z.ZodString {
  const { min = 1, max = Number.POSITIVE_INFINITY, why = '' } = bounds;
  return z.string().superRefine((text, ctx) => {
    const seconds = parseDuration(text);
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as "30m", "2h", "3d" or "PT30M"' });
    } else if (seconds < min || seconds > max) {
      const range = max === Number.POSITIVE_INFINITY ? `at least ${describe(min)}` : `between ${describe(min)} and ${describe(max)}`;
      ctx.addIssue({ code: 'custom', message: `must be ${range}${why === '' ? '' : ` (${why})`}` });
    }
  });
}

function describe(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** `HH:MM` on a 24-hour clock; `24:00` only where an end of day is meant. */
export function clockSchema(allowEndOfDay: boolean): z.ZodString {
  const pattern = allowEndOfDay ? /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^(?:[01]\d|2[0-3]):[0-5]\d$/;
  const example = allowEndOfDay ? '"17:30" (or "24:00" for the end of the day)' : '"09:00"';
  return z.string().regex(pattern, `must be a time as "HH:MM" on a 24-hour clock, such as ${example}; quote it in YAML`);
}

/** True when `zone` is an IANA time zone this runtime knows (`UTC` included). */
export function isTimeZone(zone: string): boolean {
  // Intl.supportedValuesOf omits "UTC" and aliases such as "Etc/UTC"; constructing a formatter
  // accepts exactly the zones the window maths can later use.
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z.string().superRefine((zone, ctx) => {
  if (isTimeZone(zone)) return;
  const guess = closest(zone, Intl.supportedValuesOf('timeZone'));
  ctx.addIssue({
    code: 'custom',
    message: `must be an IANA time zone such as "Europe/Berlin", "America/New_York" or "UTC"${guess === undefined ? '' : `; did you mean "${guess}"?`}`,
  });
});

const ABBREVIATIONS = WEEKDAYS.map((day) => day.slice(0, 3));

/** A weekday by full name or three-letter abbreviation (`Mon`), read as the full name. */
export const WeekdaySchema = z
  .enum([...WEEKDAYS, ...ABBREVIATIONS] as [string, ...string[]], {
    error: () => `must be a day such as "Monday" or "Mon" (one of ${WEEKDAYS.join(', ')})`,
  })
  .transform((day): Weekday => WEEKDAYS.find((full) => full.startsWith(day)) as Weekday);

/** A list of weekdays, at least one, each at most once. */
export const WeekdaysSchema = z
  .array(WeekdaySchema)
  .min(1, 'must list at least one day, such as [Monday, Tuesday]')
  .refine((days) => new Set(days).size === days.length, { message: 'must not repeat a day' });

/** An e-mail address, loosely: the mail system is the final judge. */
export const EmailSchema = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address such as "alice@example.com"');

/** An absolute http(s) URL. */
export const HttpUrlSchema = z
  .string()
  .regex(/^https?:\/\/[^\s/]+/, 'must be an absolute URL starting with http:// or https://');

/** A path inside a repository checkout: relative, with no `..` escaping it. */
export const RelativePathSchema = z
  .string()
  .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))\S.*$/, 'must be a path relative to the repository root, such as "buildspec.yml" (no leading "/" and no "..")');

/**
 * Adds one issue per value that appears more than once, naming both positions. Reads its
 * input defensively: it also runs when other parts of the list are broken, so that one
 * report lists every problem.
 */
export function uniqueBy(
  items: unknown,
  key: (item: Record<string, unknown>) => unknown,
  ctx: z.RefinementCtx,
  field: string,
  where: string,
  base: readonly PropertyKey[] = [],
): void {
  if (!Array.isArray(items)) return;
  const first = new Map<string, number>();
  items.forEach((item: unknown, index) => {
    const value = typeof item === 'object' && item !== null ? key(item as Record<string, unknown>) : undefined;
    if (typeof value !== 'string') return;
    const earlier = first.get(value);
    if (earlier === undefined) {
      first.set(value, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [...base, index, field],
      input: value,
      message: `is a duplicate: ${where}[${earlier}] already has ${field} "${value}"; each ${field} must be unique, so rename or remove one of them`,
    });
  });
}

/** Refinement options that run a check even when other parts of the value failed. */
export const ALWAYS = { when: (): boolean => true } as const;
