import { ValidationError } from '../../functions/core/errors.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

type DayRule = (date: Date) => boolean;

/**
 * When an EventBridge schedule expression fires next after `after` (UTC, like EventBridge
 * Scheduler's default): `rate(N unit)` counts from `anchor`; `cron(m h dom mon dow year)`
 * supports numbers, names, lists, ranges, steps, `*`, `?`, `L`, `nL` and `n#k`. Returns null
 * when a cron expression never fires again.
 */
export function nextFire(expression: string, after: Date, anchor: Date = after): Date | null {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate !== null) {
    const every = Number(rate[1]) * (UNIT_MS[rate[2] as string] as number);
    const elapsed = Math.max(0, after.getTime() - anchor.getTime());
    return new Date(anchor.getTime() + (Math.floor(elapsed / every) + 1) * every);
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  const parts = cron?.[1]?.trim().split(/\s+/);
  if (parts?.length !== 6) throw new ValidationError(`detection.schedule must be rate(...) or cron(...) with six fields, got "${expression}"`);
  const [min, hour, dom, mon, dow, year] = parts as [string, string, string, string, string, string];
  const minutes = values(min, 0, 59);
  const hours = values(hour, 0, 23);
  const months = values(mon, 1, 12, MONTHS);
  const years = year === '*' ? null : values(year, 1970, 2199);
  const day = dayRule(dom, dow);
  const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  // Walk day by day (at most ten years), then minute candidates within a matching day.
  for (let i = 0; i < 3700; i++) {
    const d = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + i));
    if ((years === null || years.has(d.getUTCFullYear())) && months.has(d.getUTCMonth() + 1) && day(d)) {
      for (const h of [...hours].sort((a, b) => a - b)) {
        for (const m of [...minutes].sort((a, b) => a - b)) {
          const at = new Date(d.getTime() + h * 3_600_000 + m * 60_000);
          if (at.getTime() >= t.getTime()) return at;
        }
      }
    }
  }
  return null;
}

function values(field: string, lo: number, hi: number, names?: readonly string[]): Set<number> {
  const out = new Set<number>();
  const num = (text: string): number => {
    const named = names?.indexOf(text.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + 1 : Number(text);
    if (!Number.isInteger(n) || n < lo || n > hi) throw new ValidationError(`cron field "${field}" has "${text}", outside ${lo}–${hi}`);
    return n;
  };
  for (const item of field.split(',')) {
    const [range = '*', step] = item.split('/');
    const [a, b] = range === '*' || range === '?' ? [lo, hi] : range.includes('-') ? range.split('-').map(num) as [number, number] : [num(range), step ? hi : num(range)];
    for (let n = a; n <= b; n += step ? Number(step) : 1) out.add(n);
  }
  return out;
}

function dayRule(dom: string, dow: string): DayRule {
  if (dom !== '?' && dom !== '*') {
    if (dom === 'L') return (d) => new Date(d.getTime() + 86_400_000).getUTCDate() === 1;
    if (/W/.test(dom)) throw new ValidationError(`cron day-of-month "${dom}" (nearest weekday) is not supported by the local scheduler; use a day list`);
    const days = values(dom, 1, 31);
    return (d) => days.has(d.getUTCDate());
  }
  if (dow === '?' || dow === '*') return () => true;
  const nth = /^(\w+)#([1-5])$/.exec(dow);
  if (nth !== null) {
    const wanted = [...values(nth[1] as string, 1, 7, DAYS)][0] as number;
    return (d) => d.getUTCDay() + 1 === wanted && Math.ceil(d.getUTCDate() / 7) === Number(nth[2]);
  }
  const last = /^(\w+)L$/.exec(dow);
  if (last !== null) {
    const wanted = [...values(last[1] as string, 1, 7, DAYS)][0] as number;
    return (d) => d.getUTCDay() + 1 === wanted && new Date(d.getTime() + 7 * 86_400_000).getUTCMonth() !== d.getUTCMonth();
  }
  const days = values(dow, 1, 7, DAYS);
  return (d) => days.has(d.getUTCDay() + 1);
}

/**
 * The EventBridge Scheduler stand-in: runs `task` on the schedule, never two at once (a run
 * still going when the next is due is skipped and reported), until `stop()`.
 */
export class LocalScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private readonly anchor = new Date();

  public constructor(
    private readonly expression: string,
    private readonly task: () => Promise<void>,
    private readonly report: (line: string) => void = () => undefined,
  ) {
    nextFire(expression, new Date());
  }

  /** Starts the schedule; `runNow` also runs the task once straight away. */
  public start(runNow = false): void {
    // Started again after a stop (`POST /api/self-update/start`): arm once, afresh.
    this.stopped = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (runNow) void this.fire();
    this.arm();
  }

  public stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** Runs the task now unless a run is already going; resolves when it ends. */
  public async fire(): Promise<void> {
    if (this.running) {
      this.report('detection still running; this scheduled run is skipped');
      return;
    }
    this.running = true;
    try {
      await this.task();
    } catch (error) {
      this.report(`detection failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }

  private arm(): void {
    if (this.stopped) return;
    const next = nextFire(this.expression, new Date(), this.anchor);
    if (next === null) return;
    // Node timers overflow past ~24.8 days: re-arm in steps.
    const delay = Math.min(next.getTime() - Date.now(), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      if (Date.now() >= next.getTime()) void this.fire();
      this.arm();
    }, Math.max(0, delay));
    this.timer.unref();
  }
}
