import type { AdvisorySeverity } from '../../core/types.js';
import { isObject, str } from './json-shape.js';

const LEVELS: Readonly<Record<string, AdvisorySeverity>> = {
  CRITICAL: 'CRITICAL', HIGH: 'HIGH', MODERATE: 'MODERATE', MEDIUM: 'MODERATE', LOW: 'LOW',
};

/**
 * The severity of an OSV record: the database's own label (`database_specific.severity`, as
 * GitHub advisories carry it) first, then a CVSS score or vector. Records with neither (many
 * PYSEC entries) count as MODERATE: unknown is not the same as harmless.
 */
export function osvSeverity(vuln: Readonly<Record<string, unknown>>, affected: readonly unknown[]): AdvisorySeverity {
  for (const holder of [vuln, ...affected]) {
    if (!isObject(holder)) continue;
    for (const field of ['database_specific', 'ecosystem_specific']) {
      const specific = holder[field];
      const label = isObject(specific) ? str(specific.severity)?.toUpperCase() : undefined;
      if (label !== undefined && LEVELS[label] !== undefined) return LEVELS[label];
    }
  }
  const scores = Array.isArray(vuln.severity) ? vuln.severity : [];
  let best: number | undefined;
  for (const entry of scores) {
    const score = isObject(entry) ? str(entry.score) : undefined;
    if (score === undefined) continue;
    const value = /^\d+(\.\d+)?$/.test(score) ? Number(score) : cvssScore(score);
    if (value !== undefined) best = Math.max(best ?? 0, value);
  }
  if (best === undefined) return 'MODERATE';
  if (best >= 9) return 'CRITICAL';
  if (best >= 7) return 'HIGH';
  if (best >= 4) return 'MODERATE';
  return 'LOW';
}

const W3: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
};

/**
 * The base score of a CVSS v3.x vector (the specification's formula), or an estimate for a
 * v4.0 vector from its impact metrics (the v4 formula needs a 270-entry lookup table).
 */
export function cvssScore(vector: string): number | undefined {
  const m = Object.fromEntries(vector.split('/').map((part) => part.split(':') as [string, string]));
  if (vector.startsWith('CVSS:4')) return cvss4Estimate(m);
  if (!vector.startsWith('CVSS:3')) return undefined;
  const changed = m.S === 'C';
  const av = W3.AV?.[m.AV ?? ''];
  const ac = W3.AC?.[m.AC ?? ''];
  const ui = W3.UI?.[m.UI ?? ''];
  const pr = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 }[m.PR ?? ''];
  const [c, i, a] = [m.C, m.I, m.A].map((x) => W3.CIA?.[x ?? '']);
  if (av === undefined || ac === undefined || ui === undefined || pr === undefined || c === undefined || i === undefined || a === undefined) {
    return undefined;
  }
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
}

function cvss4Estimate(m: Readonly<Record<string, string>>): number | undefined {
  const impacts = [m.VC, m.VI, m.VA];
  if (impacts.some((x) => x === undefined)) return undefined;
  const high = impacts.filter((x) => x === 'H').length;
  const easy = m.AV === 'N' && m.AT === 'N' && m.PR === 'N' && m.UI === 'N';
  if (high === 3 && easy) return 9.3;
  if (high > 0) return easy ? 8.7 : 7.0;
  return impacts.includes('L') ? 5.3 : 2.0;
}

/** CVSS v3.1 Roundup: the smallest one-decimal number not below the input, float-safe. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}
