import { PRERELEASE_SUFFIX, prereleaseFrom } from './parsed-version.js';
import type { ParsedFields } from './parsed-version.js';

/*
 * YYYY.MM, YYYY.0M.MICRO, YY.MM, YYYY.MM.DD.N, an optional numeric revision (`-1`, a rebuild
 * of the same release, so it sorts above the plain version) and an optional prerelease.
 * The second field is not checked as a month: pip (24.0), YYYY.WW and YY.MINOR schemes use it
 * differently, and ordering does not need to know.
 */
const CALVER = new RegExp(
  String.raw`^(?<year>\d{4}|\d{2})\.(?<second>\d{1,3})(?:\.(?<third>\d{1,9}))?(?:\.(?<fourth>\d{1,9}))?(?:-(?<revision>\d{1,9}))?` +
    `${PRERELEASE_SUFFIX}?$`,
  'i',
);

/**
 * Reads a calendar version. Fields are kept as written: a two-digit year stays two digits
 * (`24.04` sorts among `24.x`), so a project should not mix `YY` and `YYYY` tags.
 *
 * @example
 * ```ts
 * readCalver('2024.05.01-1'); // { kind: 'calver', release: [2024, 5, 1, 0, 1], prerelease: [], … }
 * ```
 */
export function readCalver(text: string): ParsedFields | null {
  const groups = CALVER.exec(text)?.groups;
  if (groups === undefined) return null;
  const { year, second, third, fourth, revision } = groups;
  return {
    kind: 'calver',
    // Fixed length, so the revision always lands in the same field whatever precision is used.
    release: [year, second, third, fourth, revision].map((field) => Number(field ?? 0)),
    prerelease: prereleaseFrom(groups),
    variant: '',
    build: '',
  };
}
