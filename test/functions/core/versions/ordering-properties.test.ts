import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../../functions/core/versions/index.js';
import type { VersioningScheme } from '../../../../functions/core/types.js';

/*
 * Small ranges on purpose: collisions (equal fields, equal precedence with different
 * spellings) are where a hand-written order usually breaks.
 */
const small = fc.nat({ max: 3 });
const word = fc.constantFrom('alpha', 'beta', 'rc', 'dev', 'preview');
const identifier = fc.oneof(word, small.map(String), fc.constantFrom('9007199254740993', 'x-1', 'A'));
const prefix = fc.constantFrom('', 'v', 'V');

const semverCore = fc
  .record({ fields: fc.tuple(small, small, small), pre: fc.array(identifier, { maxLength: 3 }) })
  .map(({ fields, pre }) => `${fields.join('.')}${pre.length > 0 ? `-${pre.join('.')}` : ''}`);
const build = fc.array(fc.constantFrom('b', '1', 'sha'), { maxLength: 2 }).map((ids) => (ids.length > 0 ? `+${ids.join('.')}` : ''));
const semverText = fc.tuple(prefix, semverCore, build).map(([p, core, meta]) => `${p}${core}${meta}`);

const calverText = fc
  .record({ year: fc.constantFrom('24', '2024', '2025'), rest: fc.array(small, { minLength: 1, maxLength: 3 }), revision: fc.option(small), pre: fc.option(word) })
  .map(({ year, rest, revision, pre }) => `${year}.${rest.join('.')}${revision === null ? '' : `-${revision}`}${pre === null ? '' : `-${pre}`}`);

const dateText = fc
  .record({ prefix: fc.constantFrom('', 'nightly-', 'release-'), day: fc.integer({ min: 1, max: 3 }), sep: fc.constantFrom('', '-'), time: fc.constantFrom('', 'T1200', 'T0900'), counter: fc.option(small) })
  .map(({ prefix: p, day, sep, time, counter }) => `${p}2024${sep}05${sep}0${day}${time}${counter === null ? '' : `.${counter}`}`);

const containerText = fc
  .record({ fields: fc.array(small, { minLength: 1, maxLength: 3 }), pre: fc.option(fc.constantFrom('-rc.1', 'rc2', '-beta')), variant: fc.constantFrom('', '-alpine', '-slim') })
  .map(({ fields, pre, variant }) => `${fields.join('.')}${pre ?? ''}${variant}`);

const junk = fc.oneof(fc.constantFrom('latest', 'stable', '', '1.2', 'sha-1a2b'), fc.string({ maxLength: 6 }));

const SCHEMES: readonly [VersioningScheme, fc.Arbitrary<string>][] = [
  ['semver', fc.oneof(semverText, junk)],
  ['calver', fc.oneof(calverText, junk)],
  ['date', fc.oneof(dateText, junk)],
  ['container', fc.oneof(containerText, junk)],
  ['auto', fc.oneof(semverText, calverText, dateText, containerText, junk)],
];

describe('Function: compareVersions (properties)', () => {
  describe.each(SCHEMES)('Scheme: %s', (scheme, text) => {
    const compare = (a: string, b: string): number => compareVersions(a, b, scheme);

    it('returns 0 only for identical strings and the opposite sign when the arguments swap', () => {
      fc.assert(
        fc.property(text, text, (a, b) => {
          // Act
          const forward = compare(a, b);
          const backward = compare(b, a);

          // Assess
          expect([-1, 0, 1]).toContain(forward);
          expect(forward === 0).toBe(a === b);
          expect(backward + forward).toBe(0);
        }),
        { numRuns: 500 },
      );
    });

    it('returns a transitive order', () => {
      fc.assert(
        fc.property(text, text, text, (a, b, c) => {
          // Prepare
          fc.pre(compare(a, b) <= 0 && compare(b, c) <= 0);

          // Act
          const order = compare(a, c);

          // Assess
          expect(order).toBeLessThanOrEqual(0);
        }),
        { numRuns: 500 },
      );
    });

    it('returns the same sorted list whatever order the input arrives in', () => {
      fc.assert(
        fc.property(fc.array(text, { maxLength: 12 }).chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))), ([list, shuffled]) => {
          // Act
          const once = [...list].sort(compare);
          const again = [...shuffled].sort(compare);

          // Assess
          expect(again).toEqual(once);
        }),
      );
    });
  });

  it.each(['semver', 'auto'] as const)('returns the order of semver.compare whenever it is not 0, under %s', (scheme) => {
    const lowerV = semverText.map((text) => text.replace(/^V/, 'v'));
    fc.assert(
      fc.property(lowerV, lowerV, (a, b) => {
        // Prepare
        const expected = semver.compare(a, b);
        fc.pre(expected !== 0);

        // Act
        const order = compareVersions(a, b, scheme);

        // Assess
        expect(order).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns the raw-text order when semver.compare finds two spellings equal', () => {
    // Two spellings of one version: the prefix and build metadata differ, precedence does not.
    const spellings = fc.tuple(semverCore, prefix, build, prefix, build).map(([core, p1, b1, p2, b2]) => [`${p1}${core}${b1}`, `${p2}${core}${b2}`] as const);
    fc.assert(
      fc.property(spellings, ([a, b]) => {
        // Prepare
        fc.pre(a !== b);
        expect(semver.compare(a.replace(/^V/, 'v'), b.replace(/^V/, 'v'))).toBe(0);

        // Act
        const order = compareVersions(a, b, 'semver');

        // Assess
        expect(order).toBe(a < b ? -1 : 1);
      }),
    );
  });
});
