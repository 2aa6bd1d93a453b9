import { describe, expect, it } from 'vitest';
import {
  classifyUpdate, compareVersions, isPrerelease, parseVersion, sameVariant, updateTypeBetween,
} from '../../../../functions/core/versions/index.js';
import type { VersioningScheme } from '../../../../functions/core/types.js';

describe('Function: parseVersion', () => {
  it('returns the raw text as given and the fields without the v prefix', () => {
    // Act
    const parsed = parseVersion(' V1.2.3-rc.1 ', 'semver');

    // Assess
    expect(parsed).toEqual({ raw: ' V1.2.3-rc.1 ', kind: 'semver', release: [1, 2, 3], prerelease: ['rc', '1'], variant: '', build: '' });
  });

  it.each([
    ['1.2.3', 'semver'],
    ['2024.5.1', 'semver'],
    ['v2024.05', 'calver'],
    ['24.04', 'calver'],
    ['20240501', 'date'],
    ['release-2024-05-01', 'date'],
    ['1.2.3-alpine', 'semver'],
  ])('returns kind %2$j for %1$j under auto, trying semver first', (text, kind) => {
    // Act
    const parsed = parseVersion(text, 'auto');

    // Assess
    expect(parsed?.kind).toBe(kind);
  });

  it.each([
    ['1.2', 'auto'],
    ['latest', 'auto'],
    ['2024.05', 'semver'],
    ['1.2.3', 'calver'],
    ['1.2.3', 'date'],
    ['latest', 'container'],
  ] as const)('returns null for %j under %j', (text, scheme) => {
    // Act
    const parsed = parseVersion(text, scheme);

    // Assess
    expect(parsed).toBeNull();
  });
});

describe('Function: compareVersions', () => {
  it('returns an order that sorts numerically with non-versions first', () => {
    // Prepare
    const tags = ['1.10.0', 'latest', '1.2.0', '1.2.0-rc.1', 'edge', '0.9.9'];

    // Act
    const sorted = [...tags].sort((a, b) => compareVersions(a, b, 'semver'));

    // Assess
    expect(sorted).toEqual(['edge', 'latest', '0.9.9', '1.2.0-rc.1', '1.2.0', '1.10.0']);
  });

  it.each([
    ['2024.05.01', '2024.5.2', 'auto', -1],
    ['24.10', '24.04', 'calver', 1],
    ['2024-05-01T1200', '20240501', 'date', 1],
    ['1.2.10-alpine', '1.2.9-alpine', 'container', 1],
    ['1.0.0+b', '1.0.0+a', 'semver', 1],
    ['1.2.3', 'v1.2.3', 'semver', -1],
    ['1.2.3', '1.2.3', 'semver', 0],
    ['latest', '1.0.0', 'semver', -1],
    ['1.0.0', 'latest', 'semver', 1],
    ['stable', 'latest', 'container', 1],
  ] as const)('returns %j vs %j under %j as %i', (a, b, scheme, expected) => {
    // Act
    const order = compareVersions(a, b, scheme);

    // Assess
    expect(order).toBe(expected);
  });
});

describe('Function: classifyUpdate', () => {
  it.each([
    ['1.2.3', '2.0.0', 'semver', 'major'],
    ['1.2.3', '2.0.0-rc.1', 'semver', 'major'],
    ['1.2.3', '1.3.0', 'semver', 'minor'],
    ['1.2.3', '1.2.4', 'semver', 'patch'],
    ['2.0.0-rc.1', '2.0.0-rc.2', 'semver', 'prerelease'],
    ['2.0.0-rc.1', '2.0.0', 'semver', 'prerelease'],
    ['1.2.3', '1.2.3', 'semver', 'none'],
    ['1.2.3', 'v1.2.3+build', 'semver', 'none'],
    ['1.2.4', '1.2.3', 'semver', 'none'],
    ['1.2.3', 'latest', 'semver', 'none'],
    ['latest', '1.2.3', 'semver', 'none'],
    ['2023.12', '2024.01', 'calver', 'major'],
    ['2024.04', '2024.05.1', 'calver', 'minor'],
    ['2024.05.01', '2024.05.01-1', 'calver', 'patch'],
    ['20240430', '20240501', 'date', 'minor'],
    ['2024-05-01', '2024-05-01T0900', 'date', 'patch'],
    ['1.2-alpine', '1.2.1-alpine', 'container', 'patch'],
  ] as const)('returns %4$j for %1$j → %2$j under %3$j', (from, to, scheme: VersioningScheme, expected) => {
    // Act
    const type = classifyUpdate(from, to, scheme);

    // Assess
    expect(type).toBe(expected);
  });
});

describe('Function: updateTypeBetween', () => {
  it('returns none when the target is not strictly later in precedence', () => {
    // Prepare
    const from = parseVersion('2.0.0', 'semver')!;
    const to = parseVersion('2.0.0-rc.1', 'semver')!;

    // Act
    const type = updateTypeBetween(from, to);

    // Assess
    expect(type).toBe('none');
  });
});

describe('Function: isPrerelease', () => {
  it.each([
    ['1.0.0-rc.1', 'semver', true],
    ['1.0.0', 'semver', false],
    ['24.1b1', 'calver', true],
    ['1.2.3-rc1-alpine', 'container', true],
    ['1.2.3-alpine', 'container', false],
    ['latest', 'container', false],
  ] as const)('returns %3$j for %1$j under %2$j', (text, scheme, expected) => {
    // Act
    const answer = isPrerelease(text, scheme);

    // Assess
    expect(answer).toBe(expected);
  });

  it('reads the string under auto when no scheme is given', () => {
    // Act
    const answers = [isPrerelease('v2.0.0-beta.1'), isPrerelease('2024.05')];

    // Assess
    expect(answers).toEqual([true, false]);
  });
});

describe('Function: sameVariant', () => {
  it.each([
    ['1.2.3-alpine', '1.4.0-alpine', true],
    ['1.2.3-alpine', '1.2-alpine3.19', false],
    ['1.2.3-alpine', '1.2.4', false],
    ['1.2.3', '2.0.0', true],
    ['1.2.3', 'latest', false],
    ['latest', '1.2.3', false],
  ])('returns %3$j for %1$j and %2$j as image tags', (a, b, expected) => {
    // Act
    const answer = sameVariant(a, b);

    // Assess
    expect(answer).toBe(expected);
  });

  it('returns whether the prefix matches when the scheme is date', () => {
    // Act
    const answers = [sameVariant('nightly-20240501', 'nightly-20240502', 'date'), sameVariant('nightly-20240501', 'release-20240502', 'date')];

    // Assess
    expect(answers).toEqual([true, false]);
  });
});
