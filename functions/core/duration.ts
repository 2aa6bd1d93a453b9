/**
 * Durations as people write them in `upkeep.yaml`: `90s`, `30m`, `2h`, `3d`, `1w`, or
 * combined such as `1d12h`. ISO-8601 (`PT30M`, `P3D`) is read too.
 */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const SHORT = /^(?:\d+[smhdw])+$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Seconds in `text`, or `undefined` when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (SHORT.test(trimmed)) {
    let total = 0;
    for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) {
      total += Number(amount) * (UNIT_SECONDS[unit as string] as number);
    }
    return total;
  }
  const iso = ISO.exec(trimmed);
  if (iso === null || trimmed === 'P' || trimmed.endsWith('T')) return undefined;
  const [, w, d, h, m, s] = iso.map((part) => Number(part ?? 0));
  return (w as number) * 604_800 + (d as number) * 86_400 + (h as number) * 3600 + (m as number) * 60 + (s as number);
}

/** `parseDuration` that throws a message naming the value and the expected form. */
export function requireDuration(text: string, what: string): number {
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    throw new RangeError(`${what} must be a duration such as "30m", "2h", "3d" or "PT30M", got "${text}"`);
  }
  return seconds;
}

/** A short human rendering: `3d`, `2h30m`, `45s`. */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return '0s';
  let rest = Math.round(seconds);
  let out = '';
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
