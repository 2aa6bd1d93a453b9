import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareComponent } from '../../../functions/core/comparison.js';
import type { ComponentState, ReleaseInfo, VersioningScheme } from '../../../functions/core/types.js';
import { comparePrecedence, parseVersion, sameRelease } from '../../../functions/core/versions/index.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const small = fc.nat({ max: 3 });

const semverText = fc
  .record({ fields: fc.tuple(small, small, small), pre: fc.option(fc.constantFrom('rc.1', 'beta', 'alpha.2')), build: fc.option(fc.constantFrom('b1', 'b2')) })
  .map(({ fields, pre, build }) => `${fields.join('.')}${pre === null ? '' : `-${pre}`}${build === null ? '' : `+${build}`}`);
const containerText = fc
  .record({ fields: fc.array(small, { minLength: 2, maxLength: 3 }), pre: fc.option(fc.constantFrom('-rc.1', 'rc2')), variant: fc.constantFrom('', '-alpine', '-slim') })
  .map(({ fields, pre, variant }) => `${fields.join('.')}${pre ?? ''}${variant}`);
const calverText = fc
  .record({ year: fc.constantFrom('2023', '2024'), rest: fc.array(small, { minLength: 1, maxLength: 2 }), pre: fc.option(fc.constantFrom('rc1', '-beta')) })
  .map(({ year, rest, pre }) => `${year}.${rest.join('.')}${pre ?? ''}`);

function scenario(scheme: VersioningScheme, version: fc.Arbitrary<string>): fc.Arbitrary<{ state: ComponentState; releases: ReleaseInfo[] }> {
  const listed = fc.oneof({ weight: 9, arbitrary: version }, { weight: 1, arbitrary: fc.constantFrom('latest', 'main') });
  return fc.record({
    state: fc.record(
      {
        name: fc.constant('api'),
        current: version,
        scheme: fc.constant(scheme),
        allowPrerelease: fc.boolean(),
        highWaterMark: version,
        quarantined: fc.array(version, { maxLength: 3 }),
      },
      { requiredKeys: ['name', 'current', 'scheme'] },
    ),
    releases: fc.array(fc.record({ version: listed, yanked: fc.boolean() }, { requiredKeys: ['version'] }), { maxLength: 12 }),
  });
}

describe('Function: compareComponent (properties)', () => {
  it.each([
    ['semver', semverText],
    ['container', containerText],
    ['calver', calverText],
    ['auto', fc.oneof(semverText, calverText)],
  ] as const)('never proposes a downgrade or a forbidden version under %s', (scheme, version) => {
    fc.assert(
      fc.property(scenario(scheme, version), ({ state, releases }) => {
        // Act
        const comparison = compareComponent(state, releases, NOW);

        // Assess
        const current = parseVersion(state.current, scheme)!;
        if (comparison.available === null) {
          expect(comparison.updateType).toBe('none');
          return;
        }
        const available = parseVersion(comparison.available, scheme)!;
        expect(comparePrecedence(available, current)).toBe(1);
        expect(comparison.updateType).not.toBe('none');
        expect(available.variant).toBe(current.variant);
        expect(comparison.release?.yanked).not.toBe(true);
        if (state.highWaterMark !== undefined) {
          expect(comparePrecedence(available, parseVersion(state.highWaterMark, scheme)!)).toBe(1);
        }
        for (const banned of state.quarantined ?? []) {
          expect(sameRelease(available, parseVersion(banned, scheme)!)).toBe(false);
        }
        if (available.prerelease.length > 0) {
          expect(state.allowPrerelease === true || current.prerelease.length > 0).toBe(true);
        }
        expect(comparison.skipped.map((entry) => entry.version)).not.toContain(comparison.available);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns the best proposal whatever order releases are listed in, and lists every newer release it passes over', () => {
    fc.assert(
      fc.property(
        scenario('semver', semverText).chain(({ state, releases }) =>
          fc.tuple(fc.constant(state), fc.constant(releases), fc.shuffledSubarray(releases, { minLength: releases.length }))),
        ([state, releases, shuffled]) => {
          // Act
          const comparison = compareComponent(state, releases, NOW);
          const again = compareComponent(state, shuffled, NOW);

          // Assess
          expect(again.available).toBe(comparison.available);
          const current = parseVersion(state.current, 'semver')!;
          const passedOver = releases.filter(({ version }) => {
            const parsed = parseVersion(version, 'semver');
            return parsed === null || (comparePrecedence(parsed, current) > 0 && version !== comparison.available);
          });
          const skipped = new Set(comparison.skipped.map((entry) => entry.version));
          const unexplained = passedOver.filter(({ version }) => {
            if (skipped.has(version)) return false;
            // Not skipped, so it was offerable: then it must not beat the proposal.
            return comparison.available === null || comparePrecedence(parseVersion(version, 'semver')!, parseVersion(comparison.available, 'semver')!) > 0;
          });
          expect(unexplained).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
