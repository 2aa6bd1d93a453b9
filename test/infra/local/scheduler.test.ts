import { describe, expect, it } from 'vitest';
import { LocalScheduler, nextFire } from '../../../infra/local/scheduler.js';

const at = (iso: string) => new Date(iso);

describe('Function: nextFire', () => {
  it('counts rate schedules from the anchor', () => {
    expect(nextFire('rate(15 minutes)', at('2026-01-01T00:20:00Z'), at('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T00:30:00.000Z');
    expect(nextFire('rate(1 hour)', at('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(nextFire('rate(2 days)', at('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-03T00:00:00.000Z');
  });

  it('finds the next weekday morning for cron(0 6 ? * MON-FRI *)', () => {
    // 2026-01-02 is a Friday; after 06:00 the next is Monday 2026-01-05.
    expect(nextFire('cron(0 6 ? * MON-FRI *)', at('2026-01-02T07:00:00Z'))?.toISOString()).toBe('2026-01-05T06:00:00.000Z');
    expect(nextFire('cron(0 6 ? * MON-FRI *)', at('2026-01-02T05:59:00Z'))?.toISOString()).toBe('2026-01-02T06:00:00.000Z');
  });

  it('supports steps, lists, last day of month, nth weekday and years', () => {
    expect(nextFire('cron(*/20 * * * ? *)', at('2026-01-01T00:41:00Z'))?.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(nextFire('cron(0 9,17 * * ? *)', at('2026-01-01T10:00:00Z'))?.toISOString()).toBe('2026-01-01T17:00:00.000Z');
    expect(nextFire('cron(0 0 L * ? *)', at('2026-02-01T00:00:00Z'))?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(nextFire('cron(0 0 ? * MON#1 *)', at('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(nextFire('cron(0 0 ? * FRIL *)', at('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-30T00:00:00.000Z');
    expect(nextFire('cron(0 0 1 JAN ? 2025)', at('2026-01-01T00:00:00Z'))).toBeNull();
  });

  it('rejects what it cannot run with a message naming the expression', () => {
    expect(() => nextFire('every hour', new Date())).toThrow(/every hour/);
    expect(() => nextFire('cron(0 0 15W * ? *)', new Date())).toThrow(/15W/);
    expect(() => nextFire('cron(0 25 * * ? *)', new Date())).toThrow(/25/);
  });
});

describe('Class: LocalScheduler', () => {
  it('never runs two detections at once', async () => {
    // Prepare
    let running = 0;
    let overlap = false;
    const lines: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const scheduler = new LocalScheduler('rate(1 hour)', async () => {
      running++;
      overlap ||= running > 1;
      await gate;
      running--;
    }, (l) => lines.push(l));

    // Act
    const first = scheduler.fire();
    await scheduler.fire();
    release();
    await first;
    scheduler.stop();

    // Assess
    expect(overlap).toBe(false);
    expect(lines).toEqual(['detection still running; this scheduled run is skipped']);
  });
});
