import { describe, expect, it } from 'vitest';
import { lines, minimal, valid } from './helpers.js';

const window = { name: 'nights', days: ['Mon'], start: '22:00', end: '05:00', timezone: 'Europe/Berlin' };
const freeze = { name: 'year-end', from: '2025-12-20', to: '2026-01-04', timezone: 'Europe/Berlin' };

describe('Schema: WindowSchema', () => {
  it('reads three-letter days as full names', () => {
    expect(valid({ ...minimal(), windows: [{ ...window, days: ['Mon', 'Sunday'] }] }).windows[0]?.days).toEqual(['Monday', 'Sunday']);
  });

  it('accepts 24:00 as an end and a window that crosses midnight', () => {
    expect(valid({ ...minimal(), windows: [{ ...window, start: '00:00', end: '24:00' }, { ...window, name: 'b' }] }).windows).toHaveLength(2);
  });

  it('refuses a bad day, clock, zone and an empty window, with fixes', () => {
    const found = lines({ ...minimal(), windows: [{ ...window, days: ['Moonday', 'Mon', 'Mon'], start: '24:00', end: '9:00', timezone: 'Europe/Berlinn' }, { ...window, name: 'x', start: '05:00', end: '05:00' }, { ...window, name: 'y', days: [] }] });

    expect(found).toEqual([
      expect.stringMatching(/^windows\[0\]\.days\[0\]: .*did you mean "Monday"\?$/),
      'windows[0].start: `start` must be a time as "HH:MM" on a 24-hour clock, such as "09:00"; quote it in YAML',
      'windows[0].end: `end` must be a time as "HH:MM" on a 24-hour clock, such as "17:30" (or "24:00" for the end of the day); quote it in YAML',
      'windows[0].timezone: `timezone` must be an IANA time zone such as "Europe/Berlin", "America/New_York" or "UTC"; did you mean "Europe/Berlin"?',
      expect.stringMatching(/^windows\[1\]\.end: `end` must differ from start/),
      'windows[2].days: `days` must list at least one day, such as [Monday, Tuesday]',
    ]);
  });

  it('refuses a repeated day and a zone with no likely match', () => {
    expect(lines({ ...minimal(), windows: [{ ...window, days: ['Mon', 'Monday'], timezone: 'Nowhere' }] })).toEqual([
      'windows[0].days: `days` must not repeat a day',
      'windows[0].timezone: `timezone` must be an IANA time zone such as "Europe/Berlin", "America/New_York" or "UTC"',
    ]);
  });
});

describe('Schema: FreezeSchema', () => {
  it('accepts dates, instants and a one-day freeze, defaulting to UTC', () => {
    const config = valid({
      ...minimal(),
      freezes: [freeze, { name: 'launch', from: '2025-06-01T18:00:00Z', to: '2025-06-02T06:00+02:00' }, { name: 'one-day', from: '2025-05-01', to: '2025-05-01', allow: ['CRITICAL'] }],
    });

    expect(config.freezes.map((f) => [f.timezone, f.allow])).toEqual([['Europe/Berlin', []], ['UTC', []], ['UTC', ['CRITICAL']]]);
  });

  it('orders a date against an instant in the freeze zone', () => {
    // 2025-06-02 starts at 2025-06-01T22:00Z in Berlin (summer time), so a freeze ending then is empty.
    expect(lines({ ...minimal(), freezes: [{ name: 'x', from: '2025-06-02', to: '2025-06-01T22:00:00Z', timezone: 'Europe/Berlin' }] })).toEqual([
      'freezes[0].to: `to` must come after from (to is exclusive; a date in to means the end of that day)',
    ]);
    expect(valid({ ...minimal(), freezes: [{ name: 'x', from: '2025-06-02', to: '2025-06-01T22:00:01Z', timezone: 'Europe/Berlin' }] }).freezes).toHaveLength(1);
  });

  it('refuses a day that does not exist and an instant without a zone', () => {
    expect(lines({ ...minimal(), freezes: [{ name: 'x', from: '2025-02-30', to: '2025-03-01T10:00' }] })).toEqual([
      expect.stringMatching(/^freezes\[0\]\.from: `from` must be a date "2025-12-20" or an instant with a zone/),
      expect.stringMatching(/^freezes\[0\]\.to: `to` must be a date/),
    ]);
  });

  it('does not judge the order when the zone is bad', () => {
    expect(lines({ ...minimal(), freezes: [{ ...freeze, timezone: 'Mars/Base' }] })).toEqual([expect.stringMatching(/^freezes\[0\]\.timezone/)]);
  });
});

describe('Schema: DetectionSchema', () => {
  it('validates the schedule and its limits', () => {
    expect(lines({ ...minimal(), detection: { schedule: 'cron(0 6 * * MON *)', concurrencyPerHost: 0, shards: 1.5, timeout: '10m' } })).toEqual([
      expect.stringMatching(/^detection\.schedule: `schedule` must have "\?"/),
      'detection.concurrencyPerHost: `concurrencyPerHost` must be at least 1',
      'detection.shards: `shards` must be a whole number, got a fraction',
      'detection.timeout: `timeout` must be between 1s and 5m',
    ]);
  });
});
