/*
 * Deployment windows, freezes and business hours, in the wall-clock time of IANA zones.
 *
 * Zone maths uses `Intl.DateTimeFormat` only. Local times are resolved with one rule: **a wall
 * time maps to the first instant at which the zone's clock shows that time or later**. So a
 * time skipped by a spring-forward jump (02:30 in New York on the second Sunday of March) maps
 * to the moment of the jump (03:00 EDT), and a time repeated on a fall-back night maps to its
 * first occurrence. A window opens the first time its start shows and closes the first time its
 * end shows, so each occurrence is one unbroken stretch of real time.
 */
import { ValidationError } from './errors.js';
import { WEEKDAYS } from './types.js';
import type { DeploymentWindow, Freeze, Priority, Weekday } from './types.js';

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** How far ahead searches look before answering "no opening" (`null`). */
export const SEARCH_HORIZON_DAYS = 400;

/** Business hours: a window without a name (e.g. Monday–Friday 09:00–17:00 Europe/Berlin). */
export type BusinessHours = Omit<DeploymentWindow, 'name'>;

/** The occurrence of a window that contains a given instant. */
export interface OpenWindow {
  readonly window: DeploymentWindow;
  readonly opensAt: Date;
  readonly closesAt: Date;
}

interface Interval {
  readonly start: number;
  readonly end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timezone);
  if (cached === undefined) {
    try {
      cached = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone, hourCycle: 'h23',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch (cause) {
      throw new ValidationError(`timezone must be an IANA zone such as "Europe/Berlin", got "${timezone}"`, [], { cause });
    }
    formatters.set(timezone, cached);
  }
  return cached;
}

/** The zone's wall clock at `instant`, as milliseconds since the epoch read as if it were UTC. */
function wallAt(instant: number, timezone: string): number {
  const parts: Record<string, string> = {};
  for (const { type, value } of formatter(timezone).formatToParts(new Date(instant))) parts[type] = value;
  const utc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day),
    Number(parts.hour), Number(parts.minute), Number(parts.second));
  // formatToParts drops milliseconds; keep them so wall - instant is the exact offset.
  return utc + (instant - Math.floor(instant / SECOND_MS) * SECOND_MS);
}

/** The first instant at which the zone's clock shows `wall` or later (see the module note). */
function instantOfWall(wall: number, timezone: string): number {
  // Offsets a day either side bracket any transition near `wall`.
  const before = wallAt(wall - DAY_MS, timezone) - (wall - DAY_MS);
  const after = wallAt(wall + DAY_MS, timezone) - (wall + DAY_MS);
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  if (wallAt(lo, timezone) >= wall) return lo;
  // The clock is monotone on [lo, hi] here and shows `wall` or later at `hi`: bisect to the second.
  while (hi - lo > SECOND_MS) {
    const mid = lo + Math.floor((hi - lo) / (2 * SECOND_MS)) * SECOND_MS;
    if (wallAt(mid, timezone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local calendar day (days since 1970-01-01) that `instant` falls on in `timezone`. */
function localDay(instant: number, timezone: string): number {
  return Math.floor(wallAt(instant, timezone) / DAY_MS);
}

function weekdayOfDay(day: number): Weekday {
  // getUTCDay counts from Sunday; WEEKDAYS starts on Monday.
  return WEEKDAYS[(new Date(day * DAY_MS).getUTCDay() + 6) % 7] as Weekday;
}

function minutesOf(text: string, what: string, allowEndOfDay: boolean): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match !== null) return Number(match[1]) * 60 + Number(match[2]);
  if (allowEndOfDay && text === '24:00') return 24 * 60;
  throw new ValidationError(`${what} must be a time "HH:MM" between 00:00 and 23:59${allowEndOfDay ? ' (or 24:00)' : ''}, got "${text}"`);
}

/** The occurrence of `window` that starts on local `day`, or null when the window is closed that day. */
function occurrence(window: DeploymentWindow, day: number): Interval | null {
  if (!window.days.includes(weekdayOfDay(day))) return null;
  const start = minutesOf(window.start, `window "${window.name}" start`, false);
  const end = minutesOf(window.end, `window "${window.name}" end`, true);
  // An end at or before the start is on the next day (equal start and end: a 24-hour window).
  const endMinutes = end > start ? end : end + 24 * 60;
  return {
    start: instantOfWall(day * DAY_MS + start * MINUTE_MS, window.timezone),
    end: instantOfWall(day * DAY_MS + endMinutes * MINUTE_MS, window.timezone),
  };
}

/**
 * The window occurrence open at `now`, or null when every window is closed.
 *
 * @example
 * ```ts
 * currentWindow(new Date('2025-06-03T20:30:00Z'), [{ name: 'nightly', days: ['Tuesday'], start: '22:00', end: '02:00', timezone: 'Europe/Berlin' }]);
 * // → { window: …, opensAt: 2025-06-03T20:00:00Z, closesAt: 2025-06-04T00:00:00Z }
 * ```
 */
export function currentWindow(now: Date, windows: readonly DeploymentWindow[]): OpenWindow | null {
  const at = now.getTime();
  for (const window of windows) {
    const today = localDay(at, window.timezone);
    // Yesterday's occurrence may run past midnight; tomorrow's matters only when a fall-back repeats midnight.
    for (let day = today - 1; day <= today + 1; day += 1) {
      const found = occurrence(window, day);
      if (found !== null && found.start <= at && at < found.end) {
        return { window, opensAt: new Date(found.start), closesAt: new Date(found.end) };
      }
    }
  }
  return null;
}

/**
 * True when `now` is inside one of `windows` (false when there are none).
 *
 * @example
 * ```ts
 * isInWindow(new Date('2025-03-09T06:45:00Z'), [{ name: 'n', days: ['Sunday'], start: '01:30', end: '03:30', timezone: 'America/New_York' }]); // true
 * ```
 */
export function isInWindow(now: Date, windows: readonly DeploymentWindow[]): boolean {
  return currentWindow(now, windows) !== null;
}

/**
 * The earliest window opening at or after `now` (an occurrence already open does not count),
 * or null when there are no windows or none opens within {@link SEARCH_HORIZON_DAYS}.
 *
 * @example
 * ```ts
 * nextWindowOpening(new Date('2025-06-02T12:00:00Z'), [{ name: 'w', days: ['Saturday'], start: '02:00', end: '06:00', timezone: 'UTC' }]);
 * // → 2025-06-07T02:00:00.000Z
 * ```
 */
export function nextWindowOpening(now: Date, windows: readonly DeploymentWindow[]): Date | null {
  const at = now.getTime();
  let best: number | null = null;
  for (const window of windows) {
    const today = localDay(at, window.timezone);
    for (let day = today - 1; day <= today + SEARCH_HORIZON_DAYS; day += 1) {
      const found = occurrence(window, day);
      if (found !== null && found.start >= at) {
        if (best === null || found.start < best) best = found.start;
        break;
      }
    }
  }
  return best === null ? null : new Date(best);
}

const FREEZE_BOUND = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:\d{2})?)?$/;

/** A freeze bound as an instant: an ISO instant, a local date-time, or a date (its start, or for `to` its end). */
function freezeBound(freeze: Freeze, which: 'from' | 'to'): number {
  const text = freeze[which];
  const match = FREEZE_BOUND.exec(text);
  const wall = match === null ? Number.NaN : Date.parse(`${match[1]}T${match[2] ?? '00:00'}Z`);
  // Date.parse rolls 2025-02-30 over to March; comparing the date back catches it.
  if (match === null || Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== match[1]) {
    throw new ValidationError(
      `freeze "${freeze.name}" ${which} must be an ISO date ("2025-12-20") or date-time ("2025-12-20T18:00", optionally with Z or an offset), got "${text}"`,
    );
  }
  if (match[3] !== undefined) return Date.parse(text);
  return instantOfWall(match[2] === undefined && which === 'to' ? wall + DAY_MS : wall, freeze.timezone);
}

/** Freezes that contain `at` and do not let `priority` through, with their ends. */
function blockingFreezes(at: number, freezes: readonly Freeze[], priority: Priority): { freeze: Freeze; end: number }[] {
  const blocking: { freeze: Freeze; end: number }[] = [];
  for (const freeze of freezes) {
    const end = freezeBound(freeze, 'to');
    if (freezeBound(freeze, 'from') <= at && at < end && !(freeze.allow ?? []).includes(priority)) {
      blocking.push({ freeze, end });
    }
  }
  return blocking.sort((a, b) => b.end - a.end);
}

/**
 * The freeze that stops an update of `priority` at `now`, or null. When several overlap, the one
 * that ends last, since that one decides when shipping may resume.
 *
 * @example
 * ```ts
 * activeFreeze(new Date('2025-12-24T12:00:00Z'), [{ name: 'holidays', from: '2025-12-20', to: '2026-01-02', timezone: 'Europe/Berlin', allow: ['CRITICAL'] }], 'LOW');
 * // → the holidays freeze (a CRITICAL update would get null)
 * ```
 */
export function activeFreeze(now: Date, freezes: readonly Freeze[], priority: Priority): Freeze | null {
  return blockingFreezes(now.getTime(), freezes, priority)[0]?.freeze ?? null;
}

/**
 * The earliest instant at or after `now` that is inside a window (any instant when `windows` is
 * empty) and not inside a freeze that blocks `priority`; null when there is none within
 * {@link SEARCH_HORIZON_DAYS} of `now`.
 *
 * @example
 * ```ts
 * earliestAllowed(new Date('2025-12-24T12:00:00Z'), [], [{ name: 'holidays', from: '2025-12-20', to: '2026-01-02', timezone: 'UTC' }], 'LOW');
 * // → 2026-01-03T00:00:00.000Z (a date `to` means the end of that day)
 * ```
 */
export function earliestAllowed(now: Date, windows: readonly DeploymentWindow[], freezes: readonly Freeze[], priority: Priority): Date | null {
  const limit = now.getTime() + SEARCH_HORIZON_DAYS * DAY_MS;
  let at = now.getTime();
  // Each pass moves past the end of at least one freeze, so this runs at most freezes.length + 1 times.
  for (;;) {
    const open = windows.length === 0 ? at : firstOpenAtOrAfter(at, windows);
    if (open === null || open > limit) return null;
    const blocking = blockingFreezes(open, freezes, priority)[0];
    if (blocking === undefined) return new Date(open);
    at = blocking.end;
  }
}

function firstOpenAtOrAfter(at: number, windows: readonly DeploymentWindow[]): number | null {
  if (currentWindow(new Date(at), windows) !== null) return at;
  return nextWindowOpening(new Date(at), windows)?.getTime() ?? null;
}

/**
 * The weekday `now` falls on in `timezone`.
 *
 * @example
 * ```ts
 * weekdayIn(new Date('2025-06-01T23:30:00Z'), 'Asia/Kolkata'); // 'Monday' (05:00 there)
 * ```
 */
export function weekdayIn(now: Date, timezone: string): Weekday {
  return weekdayOfDay(localDay(now.getTime(), timezone));
}

/**
 * Midnight at the start of the next Saturday in `timezone`, strictly after today (on a Saturday
 * or Sunday that is the following weekend).
 *
 * @example
 * ```ts
 * nextWeekend(new Date('2025-06-04T10:00:00Z'), 'UTC'); // 2025-06-07T00:00:00.000Z
 * ```
 */
export function nextWeekend(now: Date, timezone: string): Date {
  const today = localDay(now.getTime(), timezone);
  const saturday = WEEKDAYS.indexOf('Saturday');
  const ahead = (saturday - WEEKDAYS.indexOf(weekdayOfDay(today)) + 7) % 7 || 7;
  return new Date(instantOfWall((today + ahead) * DAY_MS, timezone));
}

/**
 * True when `now` is within business hours (same rules as a deployment window).
 *
 * @example
 * ```ts
 * isBusinessHours(new Date('2025-06-04T10:00:00Z'), { days: ['Wednesday'], start: '09:00', end: '17:00', timezone: 'Europe/Berlin' }); // true
 * ```
 */
export function isBusinessHours(now: Date, hours: BusinessHours): boolean {
  return isInWindow(now, [{ name: 'business hours', ...hours }]);
}
