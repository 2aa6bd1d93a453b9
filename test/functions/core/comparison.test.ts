import { describe, expect, it } from 'vitest';
import { compareComponent } from '../../../functions/core/comparison.js';
import type { ComponentState, ReleaseInfo } from '../../../functions/core/types.js';

const NOW = new Date('2024-06-01T12:00:00Z');

function state(overrides: Partial<ComponentState> = {}): ComponentState {
  return { name: 'api', current: '1.2.3', scheme: 'semver', ...overrides };
}

function releases(...versions: string[]): ReleaseInfo[] {
  return versions.map((version) => ({ version }));
}

describe('Function: compareComponent', () => {
  describe('Behaviour: choosing the best version', () => {
    it('returns the highest newer release with its type, distance and release when updates exist', () => {
      // Prepare
      const listed = [
        { version: '1.2.2' }, { version: '1.2.5' }, { version: '3.0.0', releasedAt: '2024-05-30T12:00:00Z', checksum: 'sha256:ab' },
        { version: '1.4.0' }, { version: '1.2.3' },
      ];

      // Act
      const comparison = compareComponent(state(), listed, NOW);

      // Assess
      expect(comparison).toMatchObject({
        component: 'api', current: '1.2.3', available: '3.0.0', updateAvailable: true, updateType: 'major',
        distance: { majors: 2, minors: 2, patches: 2, releases: 3, daysSinceRelease: 2 },
        release: { version: '3.0.0', checksum: 'sha256:ab' },
        skipped: [],
      });
    });

    it('returns no update and says the component is up to date when nothing newer is listed', () => {
      // Act
      const comparison = compareComponent(state(), releases('1.0.0', '1.2.3', 'v1.2.3', '1.2.3+rebuild'), NOW);

      // Assess
      expect(comparison).toEqual({
        component: 'api', current: '1.2.3', available: null, updateAvailable: false, updateType: 'none',
        distance: { majors: 0, minors: 0, patches: 0, releases: 0, daysSinceRelease: null },
        breaking: { breaking: false, reasons: [] },
        recommendation: 'api is up to date at 1.2.3.',
        release: null,
        skipped: [],
      });
    });

    it('returns no update and names the problem when the current version cannot be read', () => {
      // Act
      const comparison = compareComponent(state({ current: 'latest' }), releases('1.0.0'), NOW);

      // Assess
      expect(comparison.available).toBeNull();
      expect(comparison.recommendation).toBe(
        'Cannot compare api: its current version "latest" is not a semver version; correct the current version or the versioning scheme.',
      );
    });

    it('returns the same best whatever order the source lists releases in', () => {
      // Prepare
      const listed = releases('1.3.0', '1.3.0+b', '1.2.4', 'v1.3.0');

      // Act
      const forward = compareComponent(state(), listed, NOW);
      const backward = compareComponent(state(), [...listed].reverse(), NOW);

      // Assess
      expect(forward.available).toBe('v1.3.0');
      expect(backward.available).toBe('v1.3.0');
    });
  });

  describe('Behaviour: what is never proposed', () => {
    it('returns skipped entries with reasons for quarantined, yanked and high-water-mark versions', () => {
      // Prepare
      const current = state({ highWaterMark: '1.3.0', quarantined: ['v1.5.0', 'not-a-version'] });
      const listed = [{ version: '1.3.0' }, { version: '1.2.9' }, { version: '1.4.0', yanked: true }, { version: '1.5.0' }, { version: '1.4.1' }];

      // Act
      const comparison = compareComponent(current, listed, NOW);

      // Assess
      expect(comparison.available).toBe('1.4.1');
      expect(comparison.skipped).toEqual([
        { version: '1.3.0', reason: 'at or below the high-water mark 1.3.0' },
        { version: '1.2.9', reason: 'at or below the high-water mark 1.3.0' },
        { version: '1.4.0', reason: 'yanked by its publisher' },
        { version: '1.5.0', reason: 'quarantined for this component (rolled back or banned)' },
      ]);
    });

    it('returns no update when the high-water mark cannot be read, failing closed', () => {
      // Act
      const comparison = compareComponent(state({ highWaterMark: 'main' }), releases('1.2.4'), NOW);

      // Assess
      expect(comparison.available).toBeNull();
      expect(comparison.skipped).toEqual([
        { version: '1.2.4', reason: 'the high-water mark "main" is not a semver version, so nothing can be shown to be above it' },
      ]);
      expect(comparison.recommendation).toBe('No update to propose for api (at 1.2.3): 1 listed version skipped; see skipped for why.');
    });

    it('returns prereleases as skipped when the current version is a release and prereleases are not allowed', () => {
      // Act
      const comparison = compareComponent(state(), releases('2.0.0-rc.1', '1.2.4-beta'), NOW);

      // Assess
      expect(comparison.available).toBeNull();
      expect(comparison.skipped.map(({ reason }) => reason)).toEqual([
        'a prerelease, and the current version is a release (set allowPrerelease to offer prereleases)',
        'a prerelease, and the current version is a release (set allowPrerelease to offer prereleases)',
      ]);
      expect(comparison.recommendation).toBe('No update to propose for api (at 1.2.3): 2 listed versions skipped; see skipped for why.');
    });

    it.each([
      ['the current version is a prerelease', state({ current: '2.0.0-rc.1' })],
      ['the component opts in', state({ allowPrerelease: true })],
    ])('returns a prerelease when %s', (_why, current) => {
      // Act
      const comparison = compareComponent(current, releases('2.0.0-rc.2'), NOW);

      // Assess
      expect(comparison.available).toBe('2.0.0-rc.2');
      expect(comparison.recommendation).toMatch(/2\.0\.0-rc\.2 is a prerelease\.$/);
    });

    it('returns strings that are not versions of the scheme as skipped', () => {
      // Act
      const comparison = compareComponent(state(), releases('latest', 'nightly', '1.2.4'), NOW);

      // Assess
      expect(comparison.available).toBe('1.2.4');
      expect(comparison.skipped).toEqual([
        { version: 'latest', reason: 'not a semver version' },
        { version: 'nightly', reason: 'not a semver version' },
      ]);
    });

    it('returns a version listed twice once, keeping the first listing', () => {
      // Prepare
      const listed = [{ version: '1.2.4', checksum: 'sha256:first' }, { version: '1.2.4', checksum: 'sha256:second' }];

      // Act
      const comparison = compareComponent(state(), listed, NOW);

      // Assess
      expect(comparison.release).toEqual({ version: '1.2.4', checksum: 'sha256:first', yanked: false });
      expect(comparison.distance.releases).toBe(1);
      expect(comparison.skipped).toEqual([]);
    });

    it('returns a version as yanked when any of its listings says so', () => {
      // Act
      const comparison = compareComponent(state(), [{ version: '1.2.4' }, { version: '1.2.4', yanked: true }], NOW);

      // Assess
      expect(comparison.available).toBeNull();
      expect(comparison.skipped).toEqual([{ version: '1.2.4', reason: 'yanked by its publisher' }]);
    });
  });

  describe('Behaviour: container tags', () => {
    it('returns only tags of the same variant and precision when the current tag has a variant', () => {
      // Prepare
      const current = state({ current: '1.2.3-alpine', scheme: 'container' });
      const listed = releases('1.3.0-alpine', '1.4.0-slim', '1.4.0', '1.4-alpine', '1.2-alpine3.19', 'latest', '1.1.0-slim');

      // Act
      const comparison = compareComponent(current, listed, NOW);

      // Assess
      expect(comparison.available).toBe('1.3.0-alpine');
      expect(comparison.updateType).toBe('minor');
      expect(comparison.skipped).toEqual([
        { version: '1.4.0-slim', reason: 'variant "slim" where the current version has variant "alpine"' },
        { version: '1.4.0', reason: 'no variant where the current version has variant "alpine"' },
        { version: '1.4-alpine', reason: '2 numeric fields where the current tag has 3' },
        { version: 'latest', reason: 'not a versioned image tag' },
      ]);
    });

    it('returns a major bump of an image tag as a breaking signal', () => {
      // Act
      const comparison = compareComponent(state({ current: '20-bookworm', scheme: 'container' }), releases('22-bookworm'), NOW);

      // Assess
      expect(comparison.breaking).toEqual({ breaking: true, reasons: ['major version bump (20-bookworm → 22-bookworm)'] });
      expect(comparison.distance.majors).toBe(2);
    });
  });

  describe('Behaviour: calendar and date schemes', () => {
    it('returns a new year as a major update without a breaking signal when the scheme is calver', () => {
      // Act
      const comparison = compareComponent(state({ current: '2023.12', scheme: 'calver' }), releases('2024.01', '2024.03.1'), NOW);

      // Assess
      expect(comparison).toMatchObject({
        available: '2024.03.1', updateType: 'major', breaking: { breaking: false, reasons: [] },
        distance: { majors: 1, minors: 2, patches: 0, releases: 2 },
      });
    });

    it('returns only the same stream when date tags carry a prefix', () => {
      // Prepare
      const current = state({ current: 'release-2024-05-01', scheme: 'date' });

      // Act
      const comparison = compareComponent(current, releases('nightly-2024-05-20', 'release-2024-05-08'), NOW);

      // Assess
      expect(comparison.available).toBe('release-2024-05-08');
      expect(comparison.updateType).toBe('patch');
      expect(comparison.skipped).toEqual([
        { version: 'nightly-2024-05-20', reason: 'variant "nightly" where the current version has variant "release"' },
      ]);
    });
  });

  describe('Behaviour: distance', () => {
    it('returns prerelease steps and repeated spellings as releases that move no field', () => {
      // Prepare
      const current = state({ current: '2.0.0-rc.1' });

      // Act
      const comparison = compareComponent(current, releases('2.0.0-rc.2', '2.0.0+a', '2.0.0+b'), NOW);

      // Assess
      expect(comparison.available).toBe('2.0.0+b');
      expect(comparison.updateType).toBe('prerelease');
      expect(comparison.distance).toEqual({ majors: 0, minors: 0, patches: 0, releases: 3, daysSinceRelease: null });
      expect(comparison.recommendation).toBe(
        'Upgrade api from 2.0.0-rc.1 to 2.0.0+b: a prerelease update, 3 releases behind. No breaking changes are signalled.',
      );
    });

    it.each([
      ['2024-05-31T12:00:00Z', 1],
      ['2024-06-02T00:00:00Z', 0],
      ['yesterday', null],
      [undefined, null],
    ])('returns daysSinceRelease for releasedAt %j as %j', (releasedAt, days) => {
      // Act
      const comparison = compareComponent(state(), [{ version: '1.2.4', releasedAt }], NOW);

      // Assess
      expect(comparison.distance.daysSinceRelease).toBe(days);
    });

    it('returns a recommendation with the steps, the age in days and no breaking signal for a patch', () => {
      // Act
      const comparison = compareComponent(state(), [{ version: '1.2.4', releasedAt: '2024-05-31T12:00:00Z' }], NOW);

      // Assess
      expect(comparison.recommendation).toBe(
        'Upgrade api from 1.2.3 to 1.2.4: a patch update, 1 release behind (+1 patch), released 1 day ago. No breaking changes are signalled.',
      );
    });
  });

  describe('Behaviour: breaking changes', () => {
    it('returns the major bump and the changelog markers of every release in the jump, skipped ones included', () => {
      // Prepare
      const listed: ReleaseInfo[] = [
        { version: '1.5.0', changelog: 'feat!: new config format' },
        { version: '2.0.0', changelog: 'BREAKING CHANGE: drops Node 18', releasedAt: '2024-05-01T12:00:00Z' },
        { version: '1.4.0', changelog: 'Removed support for XML' },
        { version: '1.3.0' },
        { version: '3.0.0-rc.1', changelog: 'BREAKING: everything' },
        { version: '1.2.2', changelog: 'BREAKING: old news' },
      ];

      // Act
      const comparison = compareComponent(state({ quarantined: ['1.5.0'] }), listed, NOW);

      // Assess
      expect(comparison.breaking).toEqual({
        breaking: true,
        reasons: [
          'major version bump (1.2.3 → 2.0.0)',
          'changelog of 1.5.0 marks a break (conventional-commit "!:")',
          'changelog of 2.0.0 marks a break (BREAKING CHANGE)',
          'changelog of 1.4.0 marks a break (removed support)',
        ],
      });
      expect(comparison.recommendation).toBe(
        'Upgrade api from 1.2.3 to 2.0.0: a major update, 3 releases behind (+1 major, +2 minor), released 31 days ago. ' +
          'Review before rolling out: breaking changes are signalled (major version bump (1.2.3 → 2.0.0); ' +
          'changelog of 1.5.0 marks a break (conventional-commit "!:"); changelog of 2.0.0 marks a break (BREAKING CHANGE); ' +
          'changelog of 1.4.0 marks a break (removed support)).',
      );
    });

    it('returns a minor bump below 1.0.0 as breaking, because semver promises nothing there', () => {
      // Act
      const comparison = compareComponent(state({ current: '0.3.1' }), releases('0.4.0'), NOW);

      // Assess
      expect(comparison.breaking.reasons).toEqual(['minor bump below 1.0.0 (0.3.1 → 0.4.0), where semver promises no compatibility']);
    });

    it('returns no breaking signal for a minor bump at or above 1.0.0', () => {
      // Act
      const comparison = compareComponent(state(), [{ version: '1.3.0', changelog: 'No breaking changes.' }], NOW);

      // Assess
      expect(comparison.breaking).toEqual({ breaking: false, reasons: [] });
    });

    it('returns no changelog markers from another variant', () => {
      // Prepare
      const current = state({ current: '1.2.3-alpine', scheme: 'container' });
      const listed = [{ version: '1.2.4-alpine' }, { version: '1.2.4-slim', changelog: 'BREAKING CHANGE: slim only' }];

      // Act
      const comparison = compareComponent(current, listed, NOW);

      // Assess
      expect(comparison.breaking.breaking).toBe(false);
    });
  });
});
