import { describe, expect, it } from 'vitest';
import { readCalver } from '../../../../functions/core/versions/calver-scheme.js';

describe('Function: readCalver', () => {
  it.each([
    ['2024.05', [2024, 5, 0, 0, 0]],
    ['2024.5.1', [2024, 5, 1, 0, 0]],
    ['24.04', [24, 4, 0, 0, 0]],
    ['24.0', [24, 0, 0, 0, 0]],
    ['2024.05.01.3', [2024, 5, 1, 3, 0]],
    ['2024.05.01-1', [2024, 5, 1, 0, 1]],
  ])('returns the fields of %j with the revision in the last field', (text, release) => {
    // Act
    const parsed = readCalver(text);

    // Assess
    expect(parsed).toEqual({ kind: 'calver', release, prerelease: [], variant: '', build: '' });
  });

  it.each([
    ['24.1b1', ['beta', '1']],
    ['2024.1a2', ['alpha', '2']],
    ['2024.1c1', ['rc', '1']],
    ['2024.05.0rc1', ['rc', '1']],
    ['2024.05-rc.1', ['rc', '1']],
    ['2024.05-RC2', ['rc', '2']],
    ['2024.05.1-beta', ['beta']],
    ['2024.05.1.dev3', ['dev', '3']],
    ['2024.05-preview', ['preview']],
  ])('returns the prerelease of %j as %j', (text, prerelease) => {
    // Act
    const parsed = readCalver(text);

    // Assess
    expect(parsed?.prerelease).toEqual(prerelease);
  });

  it.each(['1.2', '100.2', '2024', '20240501', '2024.05.x', '2024.05.1-alpine', '2024-05-01', '2024.1234'])(
    'returns null when %j is not a calendar version',
    (text) => {
      // Act
      const parsed = readCalver(text);

      // Assess
      expect(parsed).toBeNull();
    },
  );
});
