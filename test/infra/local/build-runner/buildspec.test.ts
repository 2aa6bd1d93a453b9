import { describe, expect, it } from 'vitest';
import { BuildSetupError } from '../../../../infra/local/build-runner/errors.js';
import { buildspecLocation, parseBuildspec } from '../../../../infra/local/build-runner/buildspec.js';
import { globToRegExp } from '../../../../infra/local/build-runner/glob.js';
import { buildspec } from './helpers.js';

describe('Function: buildspecLocation', () => {
  it('reads an empty override as the source\'s buildspec.yml, one line as a path, YAML as inline', () => {
    // Act / Assess
    expect(buildspecLocation('')).toEqual({ kind: 'file', path: 'buildspec.yml' });
    expect(buildspecLocation('ci/buildspec.yml')).toEqual({ kind: 'file', path: 'ci/buildspec.yml' });
    expect(buildspecLocation('version: 0.2\nphases:\n  build:\n    commands: [make]\n').kind).toBe('inline');
  });

  it('refuses a path that leaves the source', () => {
    // Act / Assess
    expect(() => buildspecLocation('../../etc/buildspec.yml')).toThrow(BuildSetupError);
  });
});

describe('Function: parseBuildspec', () => {
  it('reads phases in CodeBuild order with their on-failure, reports and artifacts', () => {
    // Prepare
    const text = buildspec({
      env: { variables: { A: '1' }, 'secrets-manager': { T: 'tok:key' } },
      phases: { post_build: { commands: ['c'] }, install: { 'on-failure': 'CONTINUE', commands: ['a'], finally: ['f'] } },
      reports: { unit: { files: ['**/*.xml'], 'base-directory': 'out', 'file-format': 'junitxml' } },
      artifacts: { files: ['dist/*'], 'discard-paths': 'yes' },
    });

    // Act
    const spec = parseBuildspec(text, 'buildspec.yml');

    // Assess
    expect(spec.phases).toEqual([
      { type: 'INSTALL', commands: ['a'], finally: ['f'], onFailure: 'CONTINUE' },
      { type: 'POST_BUILD', commands: ['c'], finally: [], onFailure: 'ABORT' },
    ]);
    expect(spec.variables).toEqual({ A: '1' });
    expect(spec.secrets).toEqual({ T: 'tok:key' });
    expect(spec.reports).toEqual([{ group: 'unit', files: ['**/*.xml'], baseDirectory: 'out', fileFormat: 'JUNITXML' }]);
    expect(spec.artifacts).toEqual({ files: ['dist/*'], baseDirectory: '.', discardPaths: true });
  });

  it('names the problem when the buildspec is not version 0.2 or misspells a phase key', () => {
    // Act / Assess
    expect(() => parseBuildspec('version: 0.1\nphases:\n  build:\n    commands: [make]\n', 'buildspec.yml')).toThrow(/^buildspec.yml is not a valid buildspec: version: must be 0.2/);
    expect(() => parseBuildspec('version: 0.2\nphases:\n  build:\n    comands: [make]\n', 'x.yml')).toThrow(/x.yml is not a valid buildspec: phases.build/);
    expect(() => parseBuildspec('version: [0.2\n', 'x.yml')).toThrow(/^x.yml is not valid YAML/);
  });
});

describe('Function: globToRegExp', () => {
  it.each([
    ['**/*.xml', 'a.xml', true],
    ['**/*.xml', 'a/b/c.xml', true],
    ['reports/*.xml', 'reports/a/b.xml', false],
    ['reports/**', 'reports/a/b.xml', true],
    ['test-?.{xml,json}', 'test-1.json', true],
    ['./dist/*', 'dist/app.js', true],
    ['*.xml', 'a.xmlx', false],
  ] as const)('%s matches %s: %s', (glob, path, expected) => {
    // Act / Assess
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
