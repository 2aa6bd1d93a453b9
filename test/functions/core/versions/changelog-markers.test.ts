import { describe, expect, it } from 'vitest';
import { changelogMarkers } from '../../../../functions/core/versions/changelog-markers.js';

describe('Function: changelogMarkers', () => {
  it.each([
    ['BREAKING CHANGE: the config file moved', ['BREAKING CHANGE']],
    ['Breaking changes\n- the config file moved', ['BREAKING CHANGE']],
    ['BREAKING: drops the v1 API', ['BREAKING:']],
    ['feat(api)!: drop the v1 endpoints', ['conventional-commit "!:"']],
    ['Changes\n- fix!: stop retrying forever', ['conventional-commit "!:"']],
    ['This release is backwards incompatible with 1.x', ['backwards incompatible']],
    ['Incompatible changes: none of your old scripts work', ['incompatible change']],
    ['Removed support for Node 16', ['removed support']],
    ['We dropped support for Python 3.8', ['removed support']],
    ['Node 16 is no longer supported', ['no longer supported']],
  ])('returns the marker of %j', (changelog, markers) => {
    // Act
    const found = changelogMarkers(changelog);

    // Assess
    expect(found).toEqual(markers);
  });

  it('returns every marker present, in a fixed order, when a changelog has several', () => {
    // Act
    const found = changelogMarkers('feat!: new auth\n\nBREAKING CHANGE: tokens are rotated. Removed support for basic auth.');

    // Assess
    expect(found).toEqual(['BREAKING CHANGE', 'conventional-commit "!:"', 'removed support']);
  });

  it.each([
    'Bug fixes. No breaking changes.',
    'A non-breaking change to logging',
    'Upgraded without breaking changes',
    'no breaking: nothing to do',
    'This is not backwards incompatible',
    'No incompatible changes in this release',
    'fix: retry on 503 (see https://example.com/a!: b)',
    '',
  ])('returns nothing when %j only mentions breaks to deny them', (changelog) => {
    // Act
    const found = changelogMarkers(changelog);

    // Assess
    expect(found).toEqual([]);
  });
});
