// One module of semver, not its index: the whole package would be most of a Lambda bundle's own code.
import parse from 'semver/functions/parse.js';
import type { ParsedFields } from './parsed-version.js';

/**
 * Reads strict semver 2.0.0 (`1.2.3`, `1.2.3-rc.1+build.5`) after the caller has removed a
 * `v`/`V` prefix. Loose forms (`1.2`, `=1.2.3`) are refused on purpose: `auto` then offers the
 * string to the calendar and date readers instead of guessing missing fields.
 *
 * @example
 * ```ts
 * readSemver('1.2.3-rc.1'); // { kind: 'semver', release: [1, 2, 3], prerelease: ['rc', '1'], … }
 * ```
 */
export function readSemver(text: string): ParsedFields | null {
  // The `v` prefix is already gone; a second one (`vv1.2.3`) must not be accepted by semver.
  if (!/^\d/.test(text)) return null;
  const parsed = parse(text);
  if (parsed === null) return null;
  return {
    kind: 'semver',
    release: [parsed.major, parsed.minor, parsed.patch],
    prerelease: parsed.prerelease.map(String),
    variant: '',
    build: parsed.build.join('.'),
  };
}
