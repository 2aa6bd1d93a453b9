import * as z from 'zod';
import { PRIORITIES, WEEKDAYS } from '../types.js';
import { NameSchema, TextSchema, TimeZoneSchema, isTimeZone, WeekdaysSchema, clockSchema, durationSchema } from './common.js';
import { scheduleProblem } from './schedule-expression.js';

/** A recurring deployment window in the wall-clock time of `timezone`. */
export const WindowSchema = z
  .object({
    name: NameSchema,
    days: WeekdaysSchema,
    start: clockSchema(false),
    /** Exclusive; `24:00` is the end of the day; an end before the start crosses midnight. */
    end: clockSchema(true),
    /** Required: a window without a zone is read wrongly by half the people who see it. */
    timezone: TimeZoneSchema,
  })
  .strict()
  .refine((w) => w.start !== w.end, {
    message: 'must differ from start (an empty window never opens); for a whole day use start "00:00" and end "24:00"',
    path: ['end'],
  });

/** Business hours, for the `business_hours` policy condition. */
export const BusinessHoursSchema = z
  .object({
    days: WeekdaysSchema.default([...WEEKDAYS.slice(0, 5)]),
    start: clockSchema(false).default('09:00'),
    end: clockSchema(true).default('17:00'),
    timezone: TimeZoneSchema.default('UTC'),
  })
  .strict();

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** A real calendar day: `2025-02-30` matches the pattern but is no date. */
function realDay(year: string, month: string, day: string): boolean {
  const at = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return at.getUTCFullYear() === Number(year) && at.getUTCMonth() === Number(month) - 1 && at.getUTCDate() === Number(day);
}

function isMoment(text: string): boolean {
  const match = DATE.exec(text) ?? INSTANT.exec(text);
  return match !== null && realDay(match[1] as string, match[2] as string, match[3] as string);
}

const moment = z.string().refine(isMoment, {
  message: 'must be a date "2025-12-20" or an instant with a zone such as "2025-12-20T18:00:00Z" or "2025-12-20T18:00+01:00"; quote it in YAML',
});

/** The offset of `timeZone` from UTC at `atMs`, in milliseconds. */
function zoneOffsetMs(atMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(atMs);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - atMs;
}

/** Milliseconds of a freeze bound: a date starts (`from`) or ends (`to`) in `timeZone`. */
function boundMs(text: string, end: boolean, timeZone: string): number {
  if (!DATE.test(text)) return Date.parse(text);
  const midnightUtc = Date.parse(`${text}T00:00:00Z`) + (end ? 86_400_000 : 0);
  return midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
}

/** A period when nothing ships, unless its priority is let through. */
export const FreezeSchema = z
  .object({
    name: NameSchema,
    /** A date is midnight in `timezone`; an instant carries its own zone. */
    from: moment,
    /** Exclusive; a date means the end of that day in `timezone`. */
    to: moment,
    timezone: TimeZoneSchema.default('UTC'),
    reason: TextSchema.optional(),
    /** Priorities that may still ship during the freeze, e.g. [CRITICAL]. */
    allow: z.array(z.enum(PRIORITIES)).default([]),
  })
  .strict()
  // A bad bound or zone is reported on its own; the order is only judged between good ones.
  .refine((f) => !(isMoment(f.from) && isMoment(f.to) && isTimeZone(f.timezone)) || boundMs(f.from, false, f.timezone) < boundMs(f.to, true, f.timezone), {
    message: 'must come after from (to is exclusive; a date in to means the end of that day)',
    path: ['to'],
  });

/** How and how often the detector looks for new versions. */
export const DetectionSchema = z
  .object({
    /** EventBridge syntax: `rate(1 hour)` or `cron(0 6 ? * MON-FRI *)`. */
    schedule: z
      .string()
      .superRefine((text, ctx) => {
        const problem = scheduleProblem(text);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('rate(1 hour)'),
    /** Requests in flight to one registry host at a time: politeness to registries. */
    concurrencyPerHost: z.number().int().min(1).max(64).default(8),
    /** Components are split into this many shards, each checked by its own invocation. */
    shards: z.number().int().min(1).max(100).default(1),
    /** How long one source may take to answer. */
    timeout: durationSchema({ max: 300 }).default('30s'),
  })
  .strict();

export type WindowConfig = z.infer<typeof WindowSchema>;
export type FreezeConfig = z.infer<typeof FreezeSchema>;
export type BusinessHoursConfig = z.infer<typeof BusinessHoursSchema>;
export type DetectionConfig = z.infer<typeof DetectionSchema>;
