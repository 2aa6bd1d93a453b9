import { describe, expect, it } from 'vitest';
import {
  compareIdentifiers, compareParsed, comparePrecedence, compareText, field, firstDifference, prereleaseFrom, sameRelease,
  stripVersionPrefix,
} from '../../../../functions/core/versions/parsed-version.js';
import type { ParsedVersion } from '../../../../functions/core/versions/parsed-version.js';

function version(release: number[], prerelease: string[] = [], overrides: Partial<ParsedVersion> = {}): ParsedVersion {
  return { raw: [release.join('.'), ...prerelease].join('-'), kind: 'semver', release, prerelease, variant: '', build: '', ...overrides };
}

describe('Function: stripVersionPrefix', () => {
  it.each([
    ['v1.2.3', '1.2.3'],
    ['V2024.05', '2024.05'],
    ['  v1.0.0 ', '1.0.0'],
    ['vv1.2.3', 'vv1.2.3'],
    ['version-1', 'version-1'],
  ])('returns %j as %j', (text, expected) => {
    // Act
    const stripped = stripVersionPrefix(text);

    // Assess
    expect(stripped).toBe(expected);
  });
});

describe('Function: compareText', () => {
  it('returns code-unit order, so upper case sorts before lower case whatever the locale', () => {
    // Act
    const orders = [compareText('B', 'a'), compareText('a', 'B'), compareText('a', 'a')];

    // Assess
    expect(orders).toEqual([-1, 1, 0]);
  });
});

describe('Function: compareIdentifiers', () => {
  it.each([
    ['2', '10', -1],
    ['10', '2', 1],
    ['007', '7', 0],
    ['9007199254740993', '9007199254740992', 1],
    ['99', 'alpha', -1],
    ['alpha', '99', 1],
    ['alpha', 'beta', -1],
    ['rc', 'rc', 0],
  ] as const)('returns %j vs %j as %i', (a, b, expected) => {
    // Act
    const order = compareIdentifiers(a, b);

    // Assess
    expect(order).toBe(expected);
  });
});

describe('Function: comparePrecedence', () => {
  it.each([
    [version([1, 2, 3]), version([1, 10, 0]), -1],
    [version([2, 0, 0]), version([1, 99, 99]), 1],
    [version([1, 2]), version([1, 2, 0]), 0],
    [version([1, 2]), version([1, 2, 1]), -1],
    [version([1, 0, 0]), version([1, 0, 0], ['rc', '1']), 1],
    [version([1, 0, 0], ['rc', '1']), version([1, 0, 0]), -1],
    [version([1, 0, 0], ['alpha']), version([1, 0, 0], ['alpha', '1']), -1],
    [version([1, 0, 0], ['alpha', '1']), version([1, 0, 0], ['alpha']), 1],
    [version([1, 0, 0], ['alpha', '2']), version([1, 0, 0], ['alpha', '10']), -1],
    [version([1, 0, 0], ['rc']), version([1, 0, 0], ['rc']), 0],
  ] as const)('returns %i for case %#', (a, b, expected) => {
    // Act
    const order = comparePrecedence(a, b);

    // Assess
    expect(order).toBe(expected);
  });

  it('returns 0 when only build metadata, variant or spelling differ', () => {
    // Prepare
    const a = version([1, 2, 3], [], { raw: 'v1.2.3+a', build: 'a' });
    const b = version([1, 2, 3], [], { raw: '1.2.3-alpine', variant: 'alpine', kind: 'container' });

    // Act
    const order = comparePrecedence(a, b);

    // Assess
    expect(order).toBe(0);
  });
});

describe('Function: compareParsed', () => {
  it('returns the raw-text order when precedence is equal, so the order stays total', () => {
    // Prepare
    const plain = version([1, 2, 3], [], { raw: '1.2.3' });
    const prefixed = version([1, 2, 3], [], { raw: 'v1.2.3' });

    // Act
    const orders = [compareParsed(plain, prefixed), compareParsed(prefixed, plain), compareParsed(plain, plain)];

    // Assess
    expect(orders).toEqual([-1, 1, 0]);
  });

  it('returns the precedence order when precedence differs, whatever the raw text', () => {
    // Act
    const order = compareParsed(version([2, 0, 0], [], { raw: 'a' }), version([1, 0, 0], [], { raw: 'z' }));

    // Assess
    expect(order).toBe(1);
  });
});

describe('Function: firstDifference', () => {
  it('returns the index of the first differing field, counting missing fields as 0', () => {
    // Act
    const indexes = [
      firstDifference(version([1, 2, 3]), version([2, 2, 3])),
      firstDifference(version([1, 2]), version([1, 2, 0, 1])),
      firstDifference(version([1, 2]), version([1, 2, 0])),
    ];

    // Assess
    expect(indexes).toEqual([0, 3, -1]);
  });
});

describe('Function: field', () => {
  it('returns 0 for a field the version does not have', () => {
    // Act
    const values = [field(version([1, 2]), 1), field(version([1, 2]), 2)];

    // Assess
    expect(values).toEqual([2, 0]);
  });
});

describe('Function: sameRelease', () => {
  it('returns true when precedence and variant match, and false when the variant differs', () => {
    // Prepare
    const alpine = version([1, 2, 3], [], { raw: '1.2.3-alpine', variant: 'alpine' });
    const slim = version([1, 2, 3], [], { raw: '1.2.3-slim', variant: 'slim' });
    const alpineAgain = version([1, 2, 3], [], { raw: 'v1.2.3-alpine', variant: 'alpine' });

    // Act
    const answers = [sameRelease(alpine, alpineAgain), sameRelease(alpine, slim), sameRelease(alpine, version([1, 2, 4]))];

    // Assess
    expect(answers).toEqual([true, false, false]);
  });
});

describe('Function: prereleaseFrom', () => {
  it.each([
    [{ word: 'RC', num: '1' }, ['rc', '1']],
    [{ word: 'beta' }, ['beta']],
    [{ letter: 'b', lnum: '2' }, ['beta', '2']],
    [{}, []],
  ])('returns %j as %j', (groups, expected) => {
    // Act
    const identifiers = prereleaseFrom(groups);

    // Assess
    expect(identifiers).toEqual(expected);
  });
});
