import { describe, expect, it } from 'vitest';
import { lines, valid, withComponent } from './helpers.js';

const inline = { version: 0.2, phases: { build: { commands: ['npm test'] } } };

describe('Schema: SimulationSchema', () => {
  it('defaults a path buildspec', () => {
    expect(valid(withComponent({ simulation: { buildspec: 'ci/buildspec.yml' } })).components[0]?.simulation).toEqual({
      buildspec: 'ci/buildspec.yml', timeout: '30m', suites: ['unit'], minPassRate: 1, environment: {}, secrets: {},
    });
  });

  it('accepts an inline buildspec with CodeBuild sections passed through', () => {
    const buildspec = {
      version: '0.2',
      env: { variables: { CI: 'true' }, shell: 'bash' },
      phases: { install: { 'runtime-versions': { nodejs: 20 }, commands: ['npm ci'] }, build: { commands: ['npm test'], 'on-failure': 'CONTINUE', finally: ['echo done'] } },
      reports: { unit: { files: ['junit.xml'], 'file-format': 'JUNITXML' } },
      artifacts: { files: ['**/*'] },
    };
    const config = valid(withComponent({ simulation: { buildspec, image: 'aws/codebuild/standard:7.0', secrets: { NPM_TOKEN: 'upkeep/npm' }, benchmark: { metric: 'rps', unit: 'req/s', higherIsBetter: true } } }));

    expect(config.components[0]?.simulation?.benchmark).toEqual({ metric: 'rps', unit: 'req/s', higherIsBetter: true, tolerancePercent: 10, file: 'benchmark.json' });
  });

  it('catches a misspelt phase key and a missing commands list', () => {
    expect(lines(withComponent({ simulation: { buildspec: { ...inline, phases: { build: { comands: ['x'] } } } } }))).toEqual([
      'components[0].simulation.buildspec.phases.build.commands: `commands` is required',
      'components[0].simulation.buildspec.phases.build.comands: `comands` is not a known key here; did you mean `commands`?',
    ]);
  });

  it('explains the buildspec version, phases and commands', () => {
    expect(lines(withComponent({ simulation: { buildspec: { version: 0.1, phases: {} } } }))).toEqual([
      'components[0].simulation.buildspec.version: `version` must be 0.2 (the only buildspec version CodeBuild runs)',
      'components[0].simulation.buildspec.phases: `phases` must declare at least one phase (install, pre_build, build, post_build)',
    ]);
    expect(lines(withComponent({ simulation: { buildspec: { ...inline, phases: { build: { commands: 'npm test' } } } } }))).toEqual([
      'components[0].simulation.buildspec.phases.build.commands: `commands` must be a list of shell commands',
    ]);
  });

  it('says the buildspec version is required', () => {
    expect(lines(withComponent({ simulation: { buildspec: { phases: inline.phases } } }))).toEqual([
      'components[0].simulation.buildspec.version: `version` is required; set it to one of 0.2, "0.2"',
    ]);
  });

  it('says what a buildspec may be when it is neither', () => {
    expect(lines(withComponent({ simulation: { buildspec: 3 } }))).toEqual([
      'components[0].simulation.buildspec: `buildspec` must be a string or a mapping (key: value lines), got a whole number',
    ]);
  });

  it('refuses a path that leaves the checkout, and out-of-range limits', () => {
    expect(lines(withComponent({ simulation: { buildspec: '../../etc/passwd', timeout: '1m', minPassRate: 2, suites: ['smoke'], benchmark: { metric: '', unit: 'ms', tolerancePercent: -1 } } }))).toEqual([
      'components[0].simulation.buildspec: `buildspec` must be a path relative to the repository root, such as "buildspec.yml" (no leading "/" and no "..")',
      'components[0].simulation.timeout: `timeout` must be between 5m and 36h (CodeBuild runs builds for 5m to 36h)',
      'components[0].simulation.minPassRate: `minPassRate` must be between 0.0 and 1.0',
      'components[0].simulation.suites[0]: `suites[0]` must be one of "unit", "integration", "performance", "regression", "compatibility", "security"',
      'components[0].simulation.benchmark.metric: `metric` must not be empty',
      'components[0].simulation.benchmark.tolerancePercent: `tolerancePercent` must be between 0 and 100',
    ]);
  });
});
