import type { CliIo } from './io.js';

/** ANSI styles; each is the identity when colours are off. */
export interface Paint {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const plain = (text: string): string => text;
const sgr = (open: number, close: number) => (text: string): string => `\u001b[${open}m${text}\u001b[${close}m`;

/**
 * Colours only on a terminal, and never with `NO_COLOR` set (https://no-color.org);
 * `FORCE_COLOR` (non-empty, not `0`) turns them on anyway.
 */
export function paint(io: Pick<CliIo, 'env' | 'tty'>, stream: 'out' | 'err' = 'out'): Paint {
  const env = io.env ?? {};
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  const on = forced || (io.tty?.[stream] === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb');
  if (!on) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
}

/** The colour a stage is shown in: green shipped, red failed, yellow waiting on someone, plain otherwise. */
export function stageColour(p: Paint, stage: string): (text: string) => string {
  if (stage === 'SUCCEEDED') return p.green;
  if (['FAILED', 'ROLLED_BACK', 'REJECTED', 'EXPIRED'].includes(stage)) return p.red;
  if (['AWAITING_APPROVAL', 'DEFERRED', 'SCHEDULED'].includes(stage)) return p.yellow;
  if (stage === 'CANCELLED') return p.dim;
  return p.cyan;
}

// eslint-disable-next-line no-control-regex -- measuring text without its colour codes
const ANSI = /\u001b\[[0-9;]*m/g;
const width = (text: string): number => [...text.replace(ANSI, '')].length;

/** Rows as aligned columns (the last column is not padded); `headers` are shown dimmed. */
export function table(p: Paint, headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c)))).join('  ').trimEnd();
  return [p.dim(line(headers)), ...rows.map(line)];
}

/** An instant as `2025-01-31 12:00:05Z`, readable and still exact to the second. */
export function instant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Seconds as `45s`, `3m 05s`, `2h 10m`, `3d 4h`. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** How long ago `iso` was, from `now`: `3m 05s ago`. */
export function ago(iso: string | null | undefined, now: Date = new Date()): string {
  if (iso === null || iso === undefined) return 'never';
  return `${duration((now.getTime() - Date.parse(iso)) / 1000)} ago`;
}

/** A 0–1 rate as a percentage, or `—` when there is none yet. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Runs `work` with a spinner and `label` on stderr — only when stderr is a terminal, and only
 * once it has taken longer than a moment — and clears the line when it is done. Never writes
 * to stdout, so `--json` output stays clean.
 */
export async function withProgress<T>(io: Pick<CliIo, 'tty' | 'errRaw' | 'env'>, label: string, work: () => Promise<T>): Promise<T> {
  const write = io.errRaw;
  if (write === undefined || io.tty?.err !== true || io.env?.CI) return work();
  let frame = 0;
  let shown = false;
  const timer = setInterval(() => {
    shown = true;
    write(`\r${FRAMES[frame++ % FRAMES.length] ?? ''} ${label}…`);
  }, 120);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    if (shown) write('\r\u001b[2K');
  }
}
