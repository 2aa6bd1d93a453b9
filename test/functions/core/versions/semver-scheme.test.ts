import { describe, expect, it } from 'vitest';
import { readSemver } from '../../../../functions/core/versions/semver-scheme.js';

describe('Function: readSemver', () => {
  it('returns fields, prerelease identifiers and build metadata when the text is strict semver', () => {
    // Act
    const parsed = readSemver('1.22.3-rc.10+build.5');

    // Assess
    expect(parsed).toEqual({ kind: 'semver', release: [1, 22, 3], prerelease: ['rc', '10'], variant: '', build: 'build.5' });
  });

  it('returns an empty prerelease and build when the text is a plain release', () => {
    // Act
    const parsed = readSemver('0.0.1');

    // Assess
    expect(parsed).toEqual({ kind: 'semver', release: [0, 0, 1], prerelease: [], variant: '', build: '' });
  });

  it.each(['1.2', '=1.2.3', 'v1.2.3', 'vv1.2.3', '01.2.3', '1.2.3.4', 'latest', '', '1.2.3-'])(
    'returns null when %j is not strict semver',
    (text) => {
      // Act
      const parsed = readSemver(text);

      // Assess
      expect(parsed).toBeNull();
    },
  );
});
