import { describe, expect, it } from 'vitest';
import { readContainerTag } from '../../../../functions/core/versions/container-scheme.js';

describe('Function: readContainerTag', () => {
  it.each([
    ['1.2.3', [1, 2, 3], [], ''],
    ['1.2.3-alpine', [1, 2, 3], [], 'alpine'],
    ['1.2-alpine3.19', [1, 2], [], 'alpine3.19'],
    ['20-bookworm-slim', [20], [], 'bookworm-slim'],
    ['1.25.0-alpine-slim', [1, 25, 0], [], 'alpine-slim'],
    ['3.13.0rc1-alpine', [3, 13, 0], ['rc', '1'], 'alpine'],
    ['1.2.3-rc.1-alpine', [1, 2, 3], ['rc', '1'], 'alpine'],
    ['8.0-preview', [8, 0], ['preview'], ''],
    ['1.2.3-rcfoo', [1, 2, 3], [], 'rcfoo'],
    ['22.04', [22, 4], [], ''],
  ])('returns the fields of %j', (text, release, prerelease, variant) => {
    // Act
    const parsed = readContainerTag(text);

    // Assess
    expect(parsed).toEqual({ kind: 'container', release, prerelease, variant, build: '' });
  });

  it.each(['latest', 'stable', 'sha-1a2b3c', 'alpine', '1.2.3+build', '1.2.3-', '-1.2', '1..2'])(
    'returns null when %j is not a versioned tag',
    (text) => {
      // Act
      const parsed = readContainerTag(text);

      // Assess
      expect(parsed).toBeNull();
    },
  );
});
