import type { ParsedFields } from './parsed-version.js';

/*
 * An optional word prefix (`release-`, `nightly_`), a date as YYYYMMDD, YYYY-MM-DD or
 * YYYY.MM.DD (one separator throughout), an optional ISO-like time after `T`, and an optional
 * build counter (`.2`, `-2`).
 */
const DATE_TAG = new RegExp(
  String.raw`^(?:(?<prefix>[a-z][a-z0-9]*(?:[-_.][a-z][a-z0-9]*)*)[-_.])?` +
    String.raw`(?<year>\d{4})(?<sep>[-.]?)(?<month>\d{2})\k<sep>(?<day>\d{2})` +
    String.raw`(?:T(?<hour>\d{2}):?(?<minute>\d{2})(?::?(?<second>\d{2}))?Z?)?` +
    String.raw`(?:[-_.+](?<counter>\d{1,9}))?$`,
  'i',
);

/**
 * Reads a date-stamped tag. The prefix becomes the variant, so `nightly-…` and `release-…`
 * are separate streams and one never replaces the other. Impossible dates (2024-02-30,
 * hour 25) are refused rather than rolled over.
 *
 * @example
 * ```ts
 * readDateTag('release-2024-05-01T1200'); // { kind: 'date', release: [2024, 5, 1, 12, 0, 0, 0], variant: 'release', … }
 * ```
 */
export function readDateTag(text: string): ParsedFields | null {
  const groups = DATE_TAG.exec(text)?.groups;
  if (groups === undefined) return null;
  const { prefix, year, month, day, hour, minute, second, counter } = groups;
  const fields = [year, month, day, hour, minute, second, counter].map((field) => Number(field ?? 0));
  const [y, mo, d, h, mi, s] = fields as [number, number, number, number, number, number, number];
  const instant = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const exact =
    instant.getUTCFullYear() === y && instant.getUTCMonth() === mo - 1 && instant.getUTCDate() === d &&
    instant.getUTCHours() === h && instant.getUTCMinutes() === mi && instant.getUTCSeconds() === s;
  if (!exact) return null;
  return { kind: 'date', release: fields, prerelease: [], variant: prefix ?? '', build: '' };
}
