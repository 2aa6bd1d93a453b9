import { describe, expect, it } from 'vitest';
import { readDateTag } from '../../../../functions/core/versions/date-scheme.js';

describe('Function: readDateTag', () => {
  it.each([
    ['20240501', [2024, 5, 1, 0, 0, 0, 0], ''],
    ['2024-05-01', [2024, 5, 1, 0, 0, 0, 0], ''],
    ['2024.05.01', [2024, 5, 1, 0, 0, 0, 0], ''],
    ['2024-05-01T1200', [2024, 5, 1, 12, 0, 0, 0], ''],
    ['2024-05-01T12:00:30Z', [2024, 5, 1, 12, 0, 30, 0], ''],
    ['20240501T235959', [2024, 5, 1, 23, 59, 59, 0], ''],
    ['20240501.3', [2024, 5, 1, 0, 0, 0, 3], ''],
    ['2024-02-29-2', [2024, 2, 29, 0, 0, 0, 2], ''],
    ['release-2024-05-01', [2024, 5, 1, 0, 0, 0, 0], 'release'],
    ['nightly_20240501', [2024, 5, 1, 0, 0, 0, 0], 'nightly'],
    ['build.py3.20240501', [2024, 5, 1, 0, 0, 0, 0], 'build.py3'],
  ])('returns the date fields of %j with variant %j', (text, release, variant) => {
    // Act
    const parsed = readDateTag(text);

    // Assess
    expect(parsed).toEqual({ kind: 'date', release, prerelease: [], variant, build: '' });
  });

  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-05-01T2400', '2024-05-01T1260', '2024-05.01', '240501', 'latest', '3-2024-05-01', '0099-01-01'])(
    'returns null when %j is not a real date stamp',
    (text) => {
      // Act
      const parsed = readDateTag(text);

      // Assess
      expect(parsed).toBeNull();
    },
  );
});
