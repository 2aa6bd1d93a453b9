import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/core/errors.js';
import { PRIORITIES, WEEKDAYS } from '../../../functions/core/types.js';
import type { DeploymentWindow, Freeze, Priority, Weekday } from '../../../functions/core/types.js';
import {
  activeFreeze, currentWindow, earliestAllowed, isBusinessHours, isInWindow, nextWeekend, nextWindowOpening, weekdayIn,
} from '../../../functions/core/windows.js';

const ALL_DAYS: Weekday[] = [...WEEKDAYS];

function window(days: readonly Weekday[], start: string, end: string, timezone = 'UTC', name = 'w'): DeploymentWindow {
  return { name, days, start, end, timezone };
}

function span(now: string, windows: readonly DeploymentWindow[]): [string, string] | null {
  const open = currentWindow(new Date(now), windows);
  return open === null ? null : [open.opensAt.toISOString(), open.closesAt.toISOString()];
}

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

describe('Function: isInWindow', () => {
  it('is false when no windows are configured', () => {
    // Prepare, Act & Assess
    expect(isInWindow(at('2025-06-04T10:00:00Z'), [])).toBe(false);
  });

  it('holds from the start (inclusive) to the end (exclusive) on the listed days', () => {
    // Prepare
    const windows = [window(['Wednesday'], '09:00', '17:00')];

    // Act & Assess
    expect(isInWindow(at('2025-06-04T09:00:00Z'), windows)).toBe(true);
    expect(isInWindow(at('2025-06-04T16:59:59Z'), windows)).toBe(true);
    expect(isInWindow(at('2025-06-04T17:00:00Z'), windows)).toBe(false);
    expect(isInWindow(at('2025-06-05T10:00:00Z'), windows)).toBe(false);
  });

  it('counts a window that crosses midnight on its start day', () => {
    // Prepare: Friday 22:00 to Saturday 02:00
    const windows = [window(['Friday'], '22:00', '02:00')];

    // Act & Assess
    expect(span('2025-06-07T01:00:00Z', windows)).toEqual(['2025-06-06T22:00:00.000Z', '2025-06-07T02:00:00.000Z']);
    expect(isInWindow(at('2025-06-06T01:00:00Z'), windows)).toBe(false);
  });

  it('reads an end of 24:00 as the end of the day and an end equal to the start as 24 hours', () => {
    // Prepare
    const endOfDay = [window(['Monday'], '20:00', '24:00', 'Europe/Berlin')];
    const fullDay = [window(['Monday'], '06:00', '06:00')];

    // Act & Assess
    expect(span('2025-06-02T21:59:00Z', endOfDay)).toEqual(['2025-06-02T18:00:00.000Z', '2025-06-02T22:00:00.000Z']);
    expect(span('2025-06-03T05:00:00Z', fullDay)).toEqual(['2025-06-02T06:00:00.000Z', '2025-06-03T06:00:00.000Z']);
  });

  it('keeps a 01:30–03:30 window on the New York spring-forward night to one real hour', () => {
    // Prepare: on 2025-03-09 clocks jump from 02:00 EST to 03:00 EDT (07:00Z)
    const windows = [window(['Sunday'], '01:30', '03:30', 'America/New_York')];

    // Act & Assess
    expect(span('2025-03-09T07:29:00Z', windows)).toEqual(['2025-03-09T06:30:00.000Z', '2025-03-09T07:30:00.000Z']);
    expect(isInWindow(at('2025-03-09T07:30:00Z'), windows)).toBe(false);
  });

  it('opens a window whose start does not exist at the moment the clock jumps over it', () => {
    // Prepare: 02:30 never shows in New York on 2025-03-09
    const windows = [window(['Sunday'], '02:30', '04:00', 'America/New_York')];

    // Act & Assess
    expect(span('2025-03-09T07:00:00Z', windows)).toEqual(['2025-03-09T07:00:00.000Z', '2025-03-09T08:00:00.000Z']);
    expect(isInWindow(at('2025-03-09T06:59:59Z'), windows)).toBe(false);
  });

  it('includes the repeated hour when a window spans the New York fall-back', () => {
    // Prepare: on 2025-11-02 clocks go back from 02:00 EDT to 01:00 EST (06:00Z)
    const windows = [window(['Sunday'], '01:30', '03:00', 'America/New_York')];

    // Act & Assess: 01:30 EDT to 03:00 EST is 2.5 real hours
    expect(span('2025-11-02T06:15:00Z', windows)).toEqual(['2025-11-02T05:30:00.000Z', '2025-11-02T08:00:00.000Z']);
  });

  it('uses the first occurrence of ambiguous fall-back times', () => {
    // Prepare: 01:00–01:30 happens twice on 2025-11-02 in New York
    const windows = [window(['Sunday'], '01:00', '01:30', 'America/New_York')];

    // Act & Assess
    expect(span('2025-11-02T05:10:00Z', windows)).toEqual(['2025-11-02T05:00:00.000Z', '2025-11-02T05:30:00.000Z']);
    expect(isInWindow(at('2025-11-02T06:10:00Z'), windows)).toBe(false);
  });

  it('follows Europe/Berlin across both changes', () => {
    // Prepare: 2025-03-30 02:00→03:00 at 01:00Z; 2025-10-26 03:00→02:00 at 01:00Z
    const windows = [window(['Sunday'], '02:00', '04:00', 'Europe/Berlin')];

    // Act & Assess
    expect(span('2025-03-30T01:30:00Z', windows)).toEqual(['2025-03-30T01:00:00.000Z', '2025-03-30T02:00:00.000Z']);
    expect(span('2025-10-26T00:30:00Z', windows)).toEqual(['2025-10-26T00:00:00.000Z', '2025-10-26T03:00:00.000Z']);
  });

  it('follows the 30-minute changes of Australia/Lord_Howe', () => {
    // Prepare: 2025-04-06 02:00→01:30 (+11 → +10:30); 2025-10-05 02:00→02:30 (+10:30 → +11)
    const fallBack = [window(['Sunday'], '01:45', '02:15', 'Australia/Lord_Howe')];
    const springForward = [window(['Sunday'], '02:10', '03:00', 'Australia/Lord_Howe')];

    // Act & Assess
    expect(span('2025-04-05T15:20:00Z', fallBack)).toEqual(['2025-04-05T14:45:00.000Z', '2025-04-05T15:45:00.000Z']);
    expect(span('2025-10-04T15:40:00Z', springForward)).toEqual(['2025-10-04T15:30:00.000Z', '2025-10-04T16:00:00.000Z']);
  });

  it('follows the 45-minute offsets of Pacific/Chatham', () => {
    // Prepare: 2025-09-28 02:45→03:45 (+12:45 → +13:45); 2025-04-06 03:45→02:45
    const springForward = [window(['Sunday'], '03:00', '04:00', 'Pacific/Chatham')];
    const fallBack = [window(['Sunday'], '02:00', '04:00', 'Pacific/Chatham')];

    // Act & Assess
    expect(span('2025-09-27T14:05:00Z', springForward)).toEqual(['2025-09-27T14:00:00.000Z', '2025-09-27T14:15:00.000Z']);
    expect(span('2025-04-05T13:50:00Z', fallBack)).toEqual(['2025-04-05T12:15:00.000Z', '2025-04-05T15:15:00.000Z']);
  });

  it('handles Asia/Kolkata, which is 5:30 ahead all year', () => {
    // Prepare
    const windows = [window(['Monday'], '09:00', '17:00', 'Asia/Kolkata')];

    // Act & Assess
    expect(span('2025-06-02T04:00:00Z', windows)).toEqual(['2025-06-02T03:30:00.000Z', '2025-06-02T11:30:00.000Z']);
    expect(span('2025-12-01T04:00:00Z', windows)).toEqual(['2025-12-01T03:30:00.000Z', '2025-12-01T11:30:00.000Z']);
  });

  it('rejects an unknown timezone and malformed times, naming the value', () => {
    // Prepare
    const now = at('2025-06-04T10:00:00Z');

    // Act & Assess
    expect(() => isInWindow(now, [window(ALL_DAYS, '09:00', '17:00', 'Mars/Olympus')])).toThrow(ValidationError);
    expect(() => isInWindow(now, [window(ALL_DAYS, '9:00', '17:00')])).toThrow('window "w" start must be a time "HH:MM" between 00:00 and 23:59, got "9:00"');
    expect(() => isInWindow(now, [window(ALL_DAYS, '24:00', '17:00')])).toThrow(/start must be/);
    expect(() => isInWindow(now, [window(ALL_DAYS, '09:00', '24:30')])).toThrow('window "w" end must be a time "HH:MM" between 00:00 and 23:59 (or 24:00), got "24:30"');
  });
});

describe('Function: nextWindowOpening', () => {
  it('is null when no windows are configured or none ever opens', () => {
    // Prepare, Act & Assess
    expect(nextWindowOpening(at('2025-06-04T10:00:00Z'), [])).toBeNull();
    expect(nextWindowOpening(at('2025-06-04T10:00:00Z'), [window([], '09:00', '17:00')])).toBeNull();
  });

  it('gives the next opening, not the window open now', () => {
    // Prepare
    const windows = [window(['Wednesday', 'Saturday'], '09:00', '17:00')];

    // Act
    const next = nextWindowOpening(at('2025-06-04T10:00:00Z'), windows);

    // Assess
    expect(next?.toISOString()).toBe('2025-06-07T09:00:00.000Z');
  });

  it('gives the earliest opening across windows in different zones', () => {
    // Prepare
    const windows = [window(['Thursday'], '02:00', '04:00', 'America/New_York'), window(['Thursday'], '02:00', '04:00', 'Europe/Berlin')];

    // Act
    const next = nextWindowOpening(at('2025-06-04T10:00:00Z'), windows);

    // Assess
    expect(next?.toISOString()).toBe('2025-06-05T00:00:00.000Z');
  });
});

describe('Function: activeFreeze', () => {
  const holidays: Freeze = { name: 'holidays', from: '2025-12-20', to: '2026-01-02', timezone: 'Europe/Berlin', allow: ['CRITICAL'] };

  it('reads dates as whole days in the freeze timezone', () => {
    // Prepare, Act & Assess: Berlin is UTC+1 in winter; `to` is the end of 2 January
    expect(activeFreeze(at('2025-12-19T22:59:59Z'), [holidays], 'LOW')).toBeNull();
    expect(activeFreeze(at('2025-12-19T23:00:00Z'), [holidays], 'LOW')).toBe(holidays);
    expect(activeFreeze(at('2026-01-02T22:59:59Z'), [holidays], 'LOW')).toBe(holidays);
    expect(activeFreeze(at('2026-01-02T23:00:00Z'), [holidays], 'LOW')).toBeNull();
  });

  it('lets through the priorities the freeze allows', () => {
    // Prepare, Act & Assess
    expect(activeFreeze(at('2025-12-24T12:00:00Z'), [holidays], 'CRITICAL')).toBeNull();
  });

  it('reads instants with an offset as given and local date-times in the freeze timezone', () => {
    // Prepare
    const launch: Freeze = { name: 'launch', from: '2025-06-04T08:00:00+02:00', to: '2025-06-04T18:30', timezone: 'Asia/Kolkata' };

    // Act & Assess: from 06:00Z; to 18:30 IST = 13:00Z
    expect(activeFreeze(at('2025-06-04T05:59:59Z'), [launch], 'HIGH')).toBeNull();
    expect(activeFreeze(at('2025-06-04T12:59:59.999Z'), [launch], 'HIGH')).toBe(launch);
    expect(activeFreeze(at('2025-06-04T13:00:00Z'), [launch], 'HIGH')).toBeNull();
  });

  it('gives the overlapping freeze that ends last', () => {
    // Prepare
    const short: Freeze = { name: 'short', from: '2025-06-01', to: '2025-06-05', timezone: 'UTC' };
    const long: Freeze = { name: 'long', from: '2025-06-03', to: '2025-06-30', timezone: 'UTC' };

    // Act & Assess
    expect(activeFreeze(at('2025-06-04T10:00:00Z'), [short, long], 'LOW')).toBe(long);
    expect(activeFreeze(at('2025-06-04T10:00:00Z'), [long, short], 'LOW')).toBe(long);
  });

  it.each(['20.12.2025', '2025-02-30', '2025-13-01T00:00Z', '2025-01-01T24:00'])('rejects the bound "%s", naming it', (bad) => {
    // Prepare
    const freeze: Freeze = { name: 'bad', from: bad, to: '2026-01-01', timezone: 'UTC' };

    // Act & Assess
    expect(() => activeFreeze(at('2025-06-04T10:00:00Z'), [freeze], 'LOW')).toThrow(`freeze "bad" from must be an ISO date`);
  });
});

describe('Function: weekdayIn', () => {
  it('gives the local weekday, which may differ from the UTC one', () => {
    // Prepare: Sunday 23:30 UTC
    const now = at('2025-06-01T23:30:00Z');

    // Act & Assess
    expect(weekdayIn(now, 'UTC')).toBe('Sunday');
    expect(weekdayIn(now, 'Asia/Kolkata')).toBe('Monday');
    expect(weekdayIn(now, 'Pacific/Chatham')).toBe('Monday');
    expect(weekdayIn(now, 'America/New_York')).toBe('Sunday');
  });
});

describe('Function: nextWeekend', () => {
  it('gives midnight starting the coming Saturday in the timezone', () => {
    // Prepare, Act & Assess: Wednesday; Berlin is UTC+2 in June, Chatham +12:45 in September
    expect(nextWeekend(at('2025-06-04T10:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2025-06-06T22:00:00.000Z');
    expect(nextWeekend(at('2025-09-24T10:00:00Z'), 'Pacific/Chatham').toISOString()).toBe('2025-09-26T11:15:00.000Z');
  });

  it('gives the following weekend when it is already the weekend', () => {
    // Prepare, Act & Assess: a Saturday and a Sunday
    expect(nextWeekend(at('2025-06-07T10:00:00Z'), 'UTC').toISOString()).toBe('2025-06-14T00:00:00.000Z');
    expect(nextWeekend(at('2025-06-08T10:00:00Z'), 'UTC').toISOString()).toBe('2025-06-14T00:00:00.000Z');
  });
});

describe('Function: isBusinessHours', () => {
  it('reads business hours in their own timezone', () => {
    // Prepare
    const hours = { days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as Weekday[], start: '09:00', end: '17:00', timezone: 'America/New_York' };

    // Act & Assess: 10:00Z is 06:00 in New York; 14:00Z is 10:00
    expect(isBusinessHours(at('2025-06-04T10:00:00Z'), hours)).toBe(false);
    expect(isBusinessHours(at('2025-06-04T14:00:00Z'), hours)).toBe(true);
    expect(isBusinessHours(at('2025-06-07T14:00:00Z'), hours)).toBe(false);
  });
});

/** Saturday 02:00–06:00 New York. */
const SATURDAY_NIGHT: DeploymentWindow = { name: 'saturday', days: ['Saturday'], start: '02:00', end: '06:00', timezone: 'America/New_York' };

describe('Function: earliestAllowed', () => {
  it('is now when nothing restricts deployment', () => {
    // Prepare, Act & Assess
    expect(iso(earliestAllowed(at('2025-06-04T10:00:00Z'), [], [], 'LOW'))).toBe('2025-06-04T10:00:00.000Z');
  });

  it('is now inside a window and the next opening outside one', () => {
    // Prepare, Act & Assess: Saturday 02:00 EDT is 06:00Z
    expect(iso(earliestAllowed(at('2025-06-07T07:00:00Z'), [SATURDAY_NIGHT], [], 'LOW'))).toBe('2025-06-07T07:00:00.000Z');
    expect(iso(earliestAllowed(at('2025-06-04T10:00:00Z'), [SATURDAY_NIGHT], [], 'LOW'))).toBe('2025-06-07T06:00:00.000Z');
  });

  it('skips windows inside a freeze that blocks the priority, but not one that allows it', () => {
    // Prepare: a freeze over the first Saturday
    const freeze: Freeze = { name: 'launch', from: '2025-06-06', to: '2025-06-08', timezone: 'America/New_York', allow: ['CRITICAL'] };

    // Act
    const low = earliestAllowed(at('2025-06-04T10:00:00Z'), [SATURDAY_NIGHT], [freeze], 'LOW');
    const critical = earliestAllowed(at('2025-06-04T10:00:00Z'), [SATURDAY_NIGHT], [freeze], 'CRITICAL');

    // Assess
    expect(iso(low)).toBe('2025-06-14T06:00:00.000Z');
    expect(iso(critical)).toBe('2025-06-07T06:00:00.000Z');
  });

  it('resumes at the end of a freeze that ends inside a window', () => {
    // Prepare
    const freeze: Freeze = { name: 'short', from: '2025-06-07T00:00:00Z', to: '2025-06-07T08:15:00Z', timezone: 'UTC' };

    // Act & Assess
    expect(iso(earliestAllowed(at('2025-06-04T10:00:00Z'), [SATURDAY_NIGHT], [freeze], 'MEDIUM'))).toBe('2025-06-07T08:15:00.000Z');
  });

  it('finds the window opening on the New York spring-forward night', () => {
    // Prepare: 02:30 does not exist on 2025-03-09; the window opens at the jump (07:00Z)
    const windows: DeploymentWindow[] = [{ name: 'n', days: ['Sunday'], start: '02:30', end: '04:00', timezone: 'America/New_York' }];

    // Act & Assess
    expect(iso(earliestAllowed(at('2025-03-08T12:00:00Z'), windows, [], 'LOW'))).toBe('2025-03-09T07:00:00.000Z');
  });

  it('is null when a freeze outlasts the search horizon or no window ever opens', () => {
    // Prepare
    const forever: Freeze = { name: 'forever', from: '2025-01-01', to: '2030-01-01', timezone: 'UTC' };
    const never: DeploymentWindow = { name: 'never', days: [], start: '02:00', end: '04:00', timezone: 'UTC' };

    // Act & Assess
    expect(earliestAllowed(at('2025-06-04T10:00:00Z'), [], [forever], 'LOW')).toBeNull();
    expect(earliestAllowed(at('2025-06-04T10:00:00Z'), [never], [], 'LOW')).toBeNull();
  });

  describe('Property', () => {
    const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const windowArb = fc.record({
      name: fc.constant('w'),
      days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }),
      start: time,
      end: fc.oneof(time, fc.constant('24:00')),
      timezone: fc.constantFrom(...ZONES),
    });
    const YEAR_MS = 365 * 86_400_000;
    const base = Date.parse('2025-01-01T00:00:00Z');
    const instant = fc.integer({ min: 0, max: YEAR_MS }).map((offset) => new Date(base + offset));
    const freezeArb = fc.record({
      name: fc.constant('f'),
      from: instant.map((d) => d.toISOString()),
      length: fc.integer({ min: 60_000, max: 20 * 86_400_000 }),
      timezone: fc.constantFrom(...ZONES),
      allow: fc.uniqueArray(fc.constantFrom(...PRIORITIES), { maxLength: 2 }),
    }).map(({ length, ...f }): Freeze => ({ ...f, to: new Date(Date.parse(f.from) + length).toISOString() }));

    function allowed(t: Date, windows: DeploymentWindow[], freezes: Freeze[], priority: Priority): boolean {
      return (windows.length === 0 || isInWindow(t, windows)) && activeFreeze(t, freezes, priority) === null;
    }

    it('is at or after now, inside a window, outside blocking freezes, and the start of that allowed stretch', () => {
      fc.assert(
        fc.property(
          instant, fc.array(windowArb, { maxLength: 3 }), fc.array(freezeArb, { maxLength: 3 }), fc.constantFrom(...PRIORITIES),
          (now, windows, freezes, priority) => {
            // Act
            const earliest = earliestAllowed(now, windows, freezes, priority);

            // Assess: with at least one day per window and freezes of at most 20 days there is always an opening
            expect(earliest).not.toBeNull();
            const t = earliest as Date;
            expect(t.getTime()).toBeGreaterThanOrEqual(now.getTime());
            expect(allowed(t, windows, freezes, priority)).toBe(true);
            if (t.getTime() > now.getTime()) {
              const before = new Date(Math.max(now.getTime(), t.getTime() - 1000));
              expect(allowed(before, windows, freezes, priority)).toBe(false);
            }
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
