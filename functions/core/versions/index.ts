/**
 * Version parsing and ordering for every `VersioningScheme`. Pure: no I/O, no clock.
 *
 * - `semver`: strict semver 2.0.0 (via the `semver` package), with an optional `v`/`V` prefix.
 * - `calver`: `YYYY.MM`, `YYYY.M.MICRO`, `YY.MM`, `YYYY.MM.DD-N` and PEP 440-style prereleases.
 * - `date`: `20240501`, `2024-05-01`, `2024-05-01T1200`, `release-2024-05-01`, `20240501.2`.
 * - `container`: image tags `1.2.3`, `1.2.3-alpine`, `20-bookworm-slim`; `latest` is not a version.
 * - `auto`: each string on its own: semver first, then calendar, then date.
 *
 * Update types for calendar schemes follow the field that changed: the year (first field) is
 * `major`, the second field (month or minor) is `minor`, anything finer (day, micro, time,
 * revision) is `patch`. A prerelease of the same fields moving on is `prerelease`.
 */
import type { UpdateType, VersioningScheme } from '../types.js';
import { readCalver } from './calver-scheme.js';
import { readContainerTag } from './container-scheme.js';
import { readDateTag } from './date-scheme.js';
import { compareParsed, comparePrecedence, compareText, firstDifference, stripVersionPrefix } from './parsed-version.js';
import type { Ordering, ParsedFields, ParsedVersion } from './parsed-version.js';
import { readSemver } from './semver-scheme.js';

export type { Ordering, ParsedVersion, VersionKind } from './parsed-version.js';
export { compareParsed, comparePrecedence, field, firstDifference, sameRelease } from './parsed-version.js';

type Reader = (text: string) => ParsedFields | null;

const READERS: Readonly<Record<VersioningScheme, readonly Reader[]>> = {
  auto: [readSemver, readCalver, readDateTag],
  semver: [readSemver],
  calver: [readCalver],
  date: [readDateTag],
  container: [readContainerTag],
};

/**
 * Reads `text` under `scheme`; `null` when it is not a version of that scheme.
 *
 * @example
 * ```ts
 * parseVersion('v1.2.3-rc.1', 'semver')?.prerelease; // ['rc', '1']
 * parseVersion('latest', 'container');               // null
 * parseVersion('2024.05', 'auto')?.kind;             // 'calver'
 * ```
 */
export function parseVersion(text: string, scheme: VersioningScheme): ParsedVersion | null {
  const stripped = stripVersionPrefix(text);
  for (const read of READERS[scheme]) {
    const fields = read(stripped);
    if (fields !== null) return { raw: text, ...fields };
  }
  return null;
}

/**
 * A total order over any strings: versions by precedence, ties (build metadata, `v` prefix,
 * variant) broken by the raw text, and strings that are not versions below every version,
 * among themselves in text order. Suitable for `Array.prototype.sort`.
 *
 * @example
 * ```ts
 * ['1.10.0', 'latest', '1.2.0'].sort((a, b) => compareVersions(a, b, 'semver')); // ['latest', '1.2.0', '1.10.0']
 * compareVersions('2024.05.01', '2024.5.2', 'auto');                               // -1
 * ```
 */
export function compareVersions(a: string, b: string, scheme: VersioningScheme): Ordering {
  const x = parseVersion(a, scheme);
  const y = parseVersion(b, scheme);
  if (x !== null && y !== null) return compareParsed(x, y);
  if (x === null && y === null) return compareText(a, b);
  return x === null ? -1 : 1;
}

/**
 * The update type of moving from `from` to `to`, which must be strictly later in precedence.
 * Field 0 changing is `major`, field 1 `minor`, any later field `patch`; only the prerelease
 * changing is `prerelease`; anything else is `none`.
 */
export function updateTypeBetween(from: ParsedVersion, to: ParsedVersion): UpdateType {
  if (comparePrecedence(to, from) <= 0) return 'none';
  const index = firstDifference(from, to);
  if (index === -1) return 'prerelease';
  return index === 0 ? 'major' : index === 1 ? 'minor' : 'patch';
}

/**
 * What kind of update going from `from` to `to` is; `none` when `to` is not newer or either
 * string is not a version of `scheme`.
 *
 * @example
 * ```ts
 * classifyUpdate('1.2.3', '2.0.0-rc.1', 'semver');   // 'major'
 * classifyUpdate('2.0.0-rc.1', '2.0.0', 'semver');   // 'prerelease'
 * classifyUpdate('2024.04', '2024.05.1', 'calver');  // 'minor'
 * classifyUpdate('1.2.3', '1.2.3', 'semver');        // 'none'
 * ```
 */
export function classifyUpdate(from: string, to: string, scheme: VersioningScheme): UpdateType {
  const x = parseVersion(from, scheme);
  const y = parseVersion(to, scheme);
  return x === null || y === null ? 'none' : updateTypeBetween(x, y);
}

/**
 * True when `text` is a prerelease under `scheme` (`1.0.0-rc.1`, `24.1b1`, `1.2.3-rc1-alpine`).
 *
 * @example
 * ```ts
 * isPrerelease('1.0.0-rc.1', 'semver'); // true
 * isPrerelease('latest', 'container');   // false
 * ```
 */
export function isPrerelease(text: string, scheme: VersioningScheme = 'auto'): boolean {
  return (parseVersion(text, scheme)?.prerelease.length ?? 0) > 0;
}

/**
 * True when both strings are versions of `scheme` with the same variant: the image-tag suffix
 * for `container`, the prefix for `date`. Semver and calendar versions have no variant.
 *
 * @example
 * ```ts
 * sameVariant('1.2.3-alpine', '1.4.0-alpine');    // true
 * sameVariant('1.2.3-alpine', '1.2-alpine3.19');  // false
 * sameVariant('1.2.3', 'latest');                 // false
 * ```
 */
export function sameVariant(a: string, b: string, scheme: VersioningScheme = 'container'): boolean {
  const x = parseVersion(a, scheme);
  const y = parseVersion(b, scheme);
  return x !== null && y !== null && x.variant === y.variant;
}
