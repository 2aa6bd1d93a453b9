/**
 * The one shape every versioning scheme parses into, and the precedence rules shared by all
 * of them. Keeping a single shape is what lets `auto` order a semver tag against a calendar
 * version without special cases: both are "numeric fields, then prerelease identifiers".
 */

/** Which reader understood a version string. */
export type VersionKind = 'semver' | 'calver' | 'date' | 'container';

/** -1, 0 or 1, like `Array.prototype.sort` comparators and `semver.compare`. */
export type Ordering = -1 | 0 | 1;

/** A version string as a scheme understood it. */
export interface ParsedVersion {
  /** The text exactly as given (used only to break ties, so the order stays total). */
  readonly raw: string;
  readonly kind: VersionKind;
  /**
   * Numeric fields, most significant first: `[1, 2, 3]` for `1.2.3`, `[2024, 5, 1, 0, 1]` for
   * `2024.05.01-1`. Missing trailing fields count as 0 when ordering.
   */
  readonly release: readonly number[];
  /** Prerelease identifiers (`['rc', '1']`); empty for a release. */
  readonly prerelease: readonly string[];
  /**
   * What must match before one version may replace another: the container tag suffix
   * (`alpine` in `1.2.3-alpine`) or the date-tag prefix (`nightly` in `nightly-20240501`);
   * empty when there is none.
   */
  readonly variant: string;
  /** Semver build metadata (`+build.5`), kept for display and ignored for ordering. */
  readonly build: string;
}

/** What a scheme reader returns before the caller adds the raw text. */
export type ParsedFields = Omit<ParsedVersion, 'raw'>;

const DIGITS = /^\d+$/;
const VERSION_PREFIX = /^[vV](?=\d)/;

/** Trims and drops one leading `v`/`V` when a digit follows (`v1.2.3`, `V2024.05`). */
export function stripVersionPrefix(text: string): string {
  return text.trim().replace(VERSION_PREFIX, '');
}

/** Code-unit order: deterministic, unlike `localeCompare`, which depends on the runtime's ICU. */
export function compareText(a: string, b: string): Ordering {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Semver's identifier rule: numeric identifiers compare as numbers and sort below
 * alphanumeric ones, which compare in ASCII order. Digit strings are compared by length then
 * text, so identifiers beyond `Number.MAX_SAFE_INTEGER` still order exactly.
 */
export function compareIdentifiers(a: string, b: string): Ordering {
  const aNumeric = DIGITS.test(a);
  const bNumeric = DIGITS.test(b);
  if (aNumeric && bNumeric) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    return x.length === y.length ? compareText(x, y) : (Math.sign(x.length - y.length) as Ordering);
  }
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareText(a, b);
}

/** A release sorts above its prereleases; otherwise identifiers decide, a shorter prefix first. */
function comparePrerelease(a: readonly string[], b: readonly string[]): Ordering {
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length) as Ordering;
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i += 1) {
    const order = compareIdentifiers(a[i] as string, b[i] as string);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length) as Ordering;
}

/** Numeric field `index` of a version; a field it does not have counts as 0 (`1.2` is `1.2.0`). */
export function field(version: ParsedVersion, index: number): number {
  return version.release[index] ?? 0;
}

/**
 * The index of the first numeric field that differs (missing fields count as 0), or -1.
 * The index is what makes an update major (0), minor (1) or patch (2 and beyond).
 */
export function firstDifference(a: ParsedVersion, b: ParsedVersion): number {
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i += 1) {
    if (field(a, i) !== field(b, i)) return i;
  }
  return -1;
}

/**
 * Precedence only: numeric fields, then prerelease. Build metadata, variant and spelling
 * (`v1.2.3` vs `1.2.3`) are ignored, so two different strings can have equal precedence.
 */
export function comparePrecedence(a: ParsedVersion, b: ParsedVersion): Ordering {
  const index = firstDifference(a, b);
  if (index === -1) return comparePrerelease(a.prerelease, b.prerelease);
  return field(a, index) < field(b, index) ? -1 : 1;
}

/** A total order: precedence, then the raw text, so equal-precedence strings never tie. */
export function compareParsed(a: ParsedVersion, b: ParsedVersion): Ordering {
  const order = comparePrecedence(a, b);
  return order === 0 ? compareText(a.raw, b.raw) : order;
}

/** Same precedence and same variant: the test for "this is the quarantined version". */
export function sameRelease(a: ParsedVersion, b: ParsedVersion): boolean {
  return comparePrecedence(a, b) === 0 && a.variant === b.variant;
}

const ALIASES: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', c: 'rc' };

/**
 * The prerelease suffix that calendar versions and image tags share: a word (`-rc.1`, `rc1`,
 * `-beta`, `.dev3`) or a PEP 440 letter glued to a number (`24.1b1`). Named groups `word`,
 * `num`, `letter` and `lnum` feed {@link prereleaseFrom}.
 */
export const PRERELEASE_SUFFIX = String.raw`(?:[-.]?(?<word>alpha|beta|preview|pre|rc|dev)\.?(?<num>\d+)?|(?<letter>[abc])(?<lnum>\d+))`;

/** Prerelease identifiers from the groups of {@link PRERELEASE_SUFFIX}; `a`/`b`/`c` read as alpha/beta/rc. */
export function prereleaseFrom(groups: Readonly<Record<string, string | undefined>>): string[] {
  const letter = groups.letter?.toLowerCase();
  const word = letter === undefined ? groups.word?.toLowerCase() : ALIASES[letter];
  const num = groups.num ?? groups.lnum;
  return [word, num].filter((part): part is string => part !== undefined);
}
