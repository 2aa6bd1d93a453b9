import { describe, expect, it } from 'vitest';
import { classifyPriority } from '../../../functions/core/priority.js';
import type { Advisory, AdvisorySeverity, Priority, VersionComparison } from '../../../functions/core/types.js';

const NOW = new Date('2025-06-01T00:00:00Z');

/** A patch update 1.2.3 → 1.2.4 released three days ago; tests override what they exercise. */
function comparison(overrides: Partial<VersionComparison> = {}): VersionComparison {
  return {
    component: 'api',
    current: '1.2.3',
    available: '1.2.4',
    updateAvailable: true,
    updateType: 'patch',
    distance: { majors: 0, minors: 0, patches: 1, releases: 1, daysSinceRelease: 3 },
    breaking: { breaking: false, reasons: [] },
    recommendation: 'Update api from 1.2.3 to 1.2.4.',
    release: { version: '1.2.4' },
    skipped: [],
    ...overrides,
  };
}

function advisory(overrides: Partial<Advisory> = {}): Advisory {
  return { id: 'GHSA-1', severity: 'CRITICAL', summary: 'Remote code execution', ...overrides };
}

function daysBefore(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

describe('Function: classifyPriority', () => {
  describe('security advisories', () => {
    it('returns CRITICAL when a critical advisory affects the current version and the candidate fixes it', () => {
      // Prepare
      const input = { comparison: comparison(), advisories: [advisory({ affected: '<1.2.4' })] };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('CRITICAL');
      expect(result.reasons[0]).toBe('Advisory GHSA-1 (CRITICAL, "Remote code execution") affects 1.2.3, and 1.2.4 fixes it.');
    });

    it.each<[AdvisorySeverity, Priority]>([
      ['HIGH', 'CRITICAL'],
      ['MODERATE', 'HIGH'],
      ['LOW', 'MEDIUM'],
    ])('returns %s → %s when the candidate fixes the advisory', (severity, expected) => {
      // Prepare
      const input = { comparison: comparison(), advisories: [advisory({ severity, affected: '>=1.0.0 <1.2.4' })] };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe(expected);
    });

    it.each<[AdvisorySeverity, Priority]>([
      ['CRITICAL', 'HIGH'],
      ['HIGH', 'HIGH'],
      ['MODERATE', 'MEDIUM'],
      ['LOW', 'LOW'],
    ])('lowers a %s advisory to %s when nothing says whether the candidate fixes it', (severity, expected) => {
      // Prepare
      const input = { comparison: comparison(), advisories: [advisory({ severity })] };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe(expected);
      expect(result.reasons).toContain(
        `Advisory GHSA-1 (${severity}, "Remote code execution") affects 1.2.3; whether 1.2.4 fixes it is not known.`,
      );
    });

    it('notes but does not raise an advisory that the candidate release lists too', () => {
      // Prepare
      const listed = advisory();
      const input = { comparison: comparison({ release: { version: '1.2.4', advisories: [listed] } }), advisories: [listed] };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('LOW');
      expect(result.reasons).toContain(
        'Advisory GHSA-1 (CRITICAL, "Remote code execution") affects 1.2.3, but 1.2.4 is affected too, so updating does not fix it.',
      );
    });

    it.each([
      // The advisory applies but updating does not fix it: noted, raises nothing.
      ['its semver range still covers the candidate', '1.2.3', '<2.0.0', 2],
      // The advisory does not apply: not even mentioned.
      ['its semver range excludes the current version', '1.2.3', '<1.0.0', 1],
      ['its list does not name the current version', '2024.01.02', '2023.12.01', 1],
    ])('raises nothing for an advisory when %s', (_case, current, affected, reasons) => {
      // Prepare
      const input = { comparison: comparison({ current }), advisories: [advisory({ affected })] };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('LOW');
      expect(result.reasons).toHaveLength(reasons);
    });

    it('matches container variants against a semver range', () => {
      // Prepare
      const input = {
        comparison: comparison({ current: '1.2.3-alpine', available: '1.2.4-alpine' }),
        advisories: [advisory({ affected: '<1.2.4' })],
      };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('CRITICAL');
    });

    it.each([
      ['1.3.0', 'CRITICAL', 'is past the fix on its own major line'],
      ['3.0.0', 'CRITICAL', 'is past every fix'],
      ['2.0.0', 'LOW', 'is below the fix on its major line'],
      ['1.2.4', 'LOW', 'is below every fix'],
    ])('reads semver fixedIn for candidate %s (%s: it %s)', (candidate, expected) => {
      // Prepare
      const input = {
        comparison: comparison({ available: candidate }),
        advisories: [advisory({ fixedIn: ['1.2.5', '2.0.1'] })],
      };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe(expected);
    });

    it('takes a semver range as given when the versions are not semver, and cannot tell whether the candidate fixes it', () => {
      // Prepare
      const input = {
        comparison: comparison({ current: '2024.01.02', available: '2024.03.01' }),
        advisories: [advisory({ affected: '<2.0.0' })],
      };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('HIGH');
      expect(result.reasons[0]).toContain('whether 2024.03.01 fixes it is not known');
    });

    it.each([
      ['the candidate is named in fixedIn', { affected: '2024.01.02', fixedIn: ['v2024.03.01'] }, 'CRITICAL'],
      ['the affected list omits the candidate', { affected: '2023.12.01, 2024.01.02' }, 'CRITICAL'],
      ['the affected list names the candidate', { affected: '2024.01.02, 2024.03.01' }, 'LOW'],
    ])('reads non-semver lists as given when %s', (_case, lists: Partial<Advisory>, expected) => {
      // Prepare
      const input = { comparison: comparison({ current: '2024.01.02', available: '2024.03.01' }), advisories: [advisory(lists)] };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe(expected);
    });

    it('takes the current release advisories as given and counts each advisory once', () => {
      // Prepare
      const known = advisory({ affected: '<1.0.0', fixedIn: ['1.2.4'] });
      const input = { comparison: comparison(), currentRelease: { version: '1.2.3', advisories: [known] }, advisories: [known] };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('CRITICAL');
      expect(result.reasons.filter((reason) => reason.startsWith('Advisory GHSA-1'))).toHaveLength(1);
    });
  });

  describe('standing of the current version', () => {
    it.each([
      ['yanked', { yanked: true }, '1.2.3 has been yanked by its publisher.'],
      ['deprecated with a message', { deprecated: 'use 2.x' }, '1.2.3 is deprecated: use 2.x'],
      ['deprecated without a message', { deprecated: true }, '1.2.3 is deprecated by its publisher.'],
    ])('returns HIGH when the current version is %s', (_case, standing, reason) => {
      // Prepare
      const input = { comparison: comparison(), currentRelease: { version: '1.2.3', ...standing } };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result).toEqual({ priority: 'HIGH', reasons: [reason, '1.2.3 → 1.2.4 is a patch update.'] });
    });

    it('does not treat an empty deprecation message as a deprecation', () => {
      // Prepare
      const input = { comparison: comparison(), currentRelease: { version: '1.2.3', deprecated: '' } };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('LOW');
    });
  });

  describe('distance and age', () => {
    it('returns HIGH when the candidate is two majors ahead', () => {
      // Prepare
      const distance = { majors: 2, minors: 0, patches: 0, releases: 4, daysSinceRelease: null };
      const input = { comparison: comparison({ available: '3.0.0', updateType: 'major', distance }) };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result).toEqual({
        priority: 'HIGH',
        reasons: ['1.2.3 is 2 major versions behind 3.0.0 (HIGH from 2).', '1.2.3 → 3.0.0 is a major update, which may break callers.'],
      });
    });

    it('returns MEDIUM when the current version is many releases behind', () => {
      // Prepare
      const distance = { majors: 0, minors: 0, patches: 10, releases: 10, daysSinceRelease: 3 };

      // Act
      const result = classifyPriority({ comparison: comparison({ available: '1.2.13', distance }) }, NOW);

      // Assess
      expect(result.priority).toBe('MEDIUM');
      expect(result.reasons[0]).toBe('1.2.3 is 10 releases behind 1.2.13 (MEDIUM from 10).');
    });

    it('returns MEDIUM when the candidate has waited long to be applied', () => {
      // Prepare
      const distance = { majors: 0, minors: 0, patches: 1, releases: 1, daysSinceRelease: 120 };

      // Act
      const result = classifyPriority({ comparison: comparison({ distance }) }, NOW);

      // Assess
      expect(result.priority).toBe('MEDIUM');
      expect(result.reasons[0]).toBe('1.2.4 came out 120 days ago and is not yet applied (MEDIUM from 90).');
    });

    it.each([
      [800, 'HIGH', '1.2.3 was released 800 days ago and is very stale (HIGH from 730).'],
      [400, 'MEDIUM', '1.2.3 was released 400 days ago (MEDIUM from 365).'],
    ])('grades a current version released %i days ago as %s', (days, expected, reason) => {
      // Prepare
      const input = { comparison: comparison(), currentRelease: { version: '1.2.3', releasedAt: daysBefore(days) } };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe(expected);
      expect(result.reasons[0]).toBe(reason);
    });

    it.each([
      ['recent', daysBefore(10)],
      ['unreadable', 'last spring'],
    ])('raises nothing for a %s release date', (_case, releasedAt) => {
      // Prepare
      const input = { comparison: comparison(), currentRelease: { version: '1.2.3', releasedAt } };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('LOW');
    });

    it('applies overridden thresholds', () => {
      // Prepare
      const distance = { majors: 1, minors: 0, patches: 0, releases: 1, daysSinceRelease: 3 };
      const input = { comparison: comparison({ available: '2.0.0', updateType: 'major', distance }), thresholds: { majorsBehind: 1 } };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result.priority).toBe('HIGH');
      expect(result.reasons[0]).toBe('1.2.3 is 1 major version behind 2.0.0 (HIGH from 1).');
    });
  });

  describe('update type', () => {
    it.each<[VersionComparison['updateType'], string, Priority, string]>([
      ['major', '2.0.0', 'MEDIUM', '1.2.3 → 2.0.0 is a major update, which may break callers.'],
      ['minor', '1.3.0', 'MEDIUM', '1.2.3 → 1.3.0 is a minor update with new features.'],
      ['patch', '1.2.4', 'LOW', '1.2.3 → 1.2.4 is a patch update.'],
      ['prerelease', '1.3.0-rc.1', 'LOW', '1.2.3 → 1.3.0-rc.1 is a prerelease update.'],
    ])('grades a %s update', (updateType, available, expected, reason) => {
      // Act
      const result = classifyPriority({ comparison: comparison({ updateType, available }) }, NOW);

      // Assess
      expect(result).toEqual({ priority: expected, reasons: [reason] });
    });

    it('returns LOW with every fact kept when no candidate can be proposed', () => {
      // Prepare
      const input = {
        comparison: comparison({ available: null, updateAvailable: false, updateType: 'none', release: null }),
        currentRelease: { version: '1.2.3', yanked: true },
        advisories: [advisory()],
      };

      // Act
      const result = classifyPriority(input, NOW);

      // Assess
      expect(result).toEqual({
        priority: 'LOW',
        reasons: [
          'No newer version of api can be proposed, so the priority is LOW whatever else applies.',
          '1.2.3 has been yanked by its publisher.',
          'Advisory GHSA-1 (CRITICAL, "Remote code execution") affects 1.2.3, and no candidate version fixes it.',
          '1.2.3 is the newest version that may be proposed.',
        ],
      });
    });
  });
});
