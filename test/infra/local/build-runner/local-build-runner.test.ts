import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildInProgressError, LocalBuildRunner } from '../../../../infra/local/build-runner/index.js';
import type { BuildProject } from '../../../../infra/local/build-runner/index.js';
import { build, buildspec, createRepo, gitSource, isAlive, passingSpec, request, writeJUnit } from './helpers.js';

const REPO_BUILDSPEC = buildspec({
  phases: {
    install: { commands: ['echo "installing $(cat VERSION)"'] },
    build: { commands: [writeJUnit('reports/unit/a.xml', { passed: 3, skipped: 1 }), writeJUnit('reports/integration.xml', { passed: 2 }), 'mkdir -p dist && cp VERSION dist/VERSION'] },
  },
  reports: {
    'unit-tests': { files: ['**/*.xml'], 'base-directory': 'reports/unit' },
    integration: { files: ['reports/integration.xml'] },
  },
  artifacts: { files: ['dist/**/*'] },
});

let root: string;
let url: string;
let project: BuildProject;
const runners: LocalBuildRunner[] = [];
const newRunner = (overrides: Partial<BuildProject> = {}): LocalBuildRunner => {
  const runner = new LocalBuildRunner({ dataDir: join(root, 'data'), workDir: join(root, 'work'), projects: () => Promise.resolve({ ...project, ...overrides }), killGraceMs: 200 });
  runners.push(runner);
  return runner;
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'upkeep-build-runner-'));
  url = await createRepo(root, 'api', [
    { tag: 'v1.0.0', files: { VERSION: '1.0.0\n', SPEED: '100' } },
    { tag: 'v1.1.0', files: { VERSION: '1.1.0\n', SPEED: '90', 'buildspec.yml': REPO_BUILDSPEC } },
  ]);
  project = { source: gitSource(url), suites: ['unit', 'integration'] };
  await mkdir(join(root, 'work'));
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.close()));
  await rm(root, { recursive: true, force: true });
});

describe('Class: LocalBuildRunner', () => {
  describe('Method: start (passing build)', () => {
    it('runs the source\'s buildspec at the candidate tag and reports each suite from its JUnit files', async () => {
      // Prepare
      const runner = newRunner();

      // Act
      const started = await runner.start(request({ buildspec: '' }));
      const finished = await runner.wait(started.id);
      const result = await runner.results(started.id);

      // Assess
      expect(started.status).toBe('IN_PROGRESS');
      expect(finished).toMatchObject({ status: 'SUCCEEDED', sourceVersion: 'v1.1.0' });
      expect(finished.phases.map((p) => [p.phaseType, p.phaseStatus])).toEqual([['INSTALL', 'SUCCEEDED'], ['BUILD', 'SUCCEEDED']]);
      expect(result).toMatchObject({
        status: 'PASSED',
        suites: { unit: { run: 3, passed: 3, failed: 0, skipped: 1 }, integration: { run: 2, passed: 2, failed: 0, skipped: 0 } },
      });
      expect(result.reason).toBeUndefined();
      expect(result.durationSeconds).toBeGreaterThan(0);
      expect(result.logUrl).toMatch(/^file:\/\//);
      const log = await readFile(fileURLToPath(result.logUrl!), 'utf8');
      expect(log).toContain('installing 1.1.0');
      expect(await runner.logs(started.id)).toBe(log);
      const dir = join(root, 'data', 'builds', started.id.split(':')[1]!);
      expect(await readFile(join(dir, 'artifacts', 'dist', 'VERSION'), 'utf8')).toBe('1.1.0\n');
      expect(await readdir(join(dir, 'reports'))).toEqual(['integration', 'unit-tests']);
      expect(await readdir(join(root, 'work'))).toEqual([]); // the workspace is gone
    });

    it('refuses results while the build runs', async () => {
      // Prepare
      const runner = newRunner();
      const started = await runner.start(request({ buildspec: buildspec({ phases: { build: { commands: ['sleep 5'] } } }) }));

      // Act / Assess
      await expect(runner.results(started.id)).rejects.toBeInstanceOf(BuildInProgressError);
      expect((await runner.stop(started.id)).status).toBe('STOPPED');
    });
  });

  describe('Method: start (phase semantics)', () => {
    it('fails the build naming the phase and command, and still runs post_build and finally', async () => {
      // Prepare
      const spec = buildspec({
        phases: {
          build: { commands: ['echo before', 'exit 3', 'echo never-runs'], finally: ['echo "finally ran"'] },
          post_build: { commands: ['echo "post_build succeeding=$CODEBUILD_BUILD_SUCCEEDING"'] },
        },
      });

      // Act
      const runner = newRunner({ suites: [] });
      const record = await build(runner, request({ buildspec: spec }));
      const log = await runner.logs(record.id);

      // Assess
      expect(record.status).toBe('FAILED');
      expect(record.reason).toBe('phase BUILD failed: command "exit 3" exited with code 3');
      expect((await runner.results(record.id)).status).toBe('FAILED');
      expect(log).toContain('finally ran');
      expect(log).toContain('post_build succeeding=0');
      expect(log).not.toContain('never-runs');
      expect(record.phases.map((p) => p.phaseStatus)).toEqual(['FAILED', 'SUCCEEDED']);
    });

    it('stops after a failed install: no later phase runs', async () => {
      // Prepare
      const spec = buildspec({ phases: { install: { commands: ['false'] }, build: { commands: ['echo build-ran'] }, post_build: { commands: ['echo post-ran'] } } });

      // Act
      const runner = newRunner({ suites: [] });
      const record = await build(runner, request({ buildspec: spec }));

      // Assess
      expect(record.reason).toBe('phase INSTALL failed: command "false" exited with code 1');
      expect(record.phases.map((p) => p.phaseType)).toEqual(['INSTALL']);
      expect(await runner.logs(record.id)).not.toMatch(/build-ran|post-ran/);
    });

    it('goes on after a phase with on-failure: CONTINUE, and the build still ends FAILED', async () => {
      // Prepare
      const spec = buildspec({
        phases: {
          pre_build: { 'on-failure': 'CONTINUE', commands: ['export CARRIED=yes && cd reports-dir-missing'] },
          build: { commands: [`echo "carried=$CARRIED"`, writeJUnit('out/unit.xml', { passed: 2, failed: 1 })] },
        },
        reports: { unit: { files: ['out/unit.xml'] } },
      });

      // Act
      const runner = newRunner({ suites: ['unit'] });
      const record = await build(runner, request({ buildspec: spec }));
      const result = await runner.results(record.id);

      // Assess
      expect(record.status).toBe('FAILED');
      expect(record.reason).toMatch(/^phase PRE_BUILD failed: command "export CARRIED=yes && cd reports-dir-missing" exited with code \d+ \(on-failure: CONTINUE, later phases ran\)$/);
      expect(record.phases.map((p) => [p.phaseType, p.phaseStatus])).toEqual([['PRE_BUILD', 'FAILED'], ['BUILD', 'SUCCEEDED']]);
      expect(await runner.logs(record.id)).toContain('carried=yes');
      expect(result.suites.unit).toEqual({ run: 3, passed: 2, failed: 1, skipped: 0 });
    });
  });

  describe('Method: start (on-failure: RETRY)', () => {
    it('runs a failed phase again and succeeds when a retry passes', async () => {
      // Prepare: fails the first time only (the marker lives in the build's own TMPDIR).
      const flaky = 'if [ -f "$TMPDIR/tried" ]; then echo second-try; else touch "$TMPDIR/tried"; echo first-try; exit 1; fi';
      const spec = buildspec({ phases: { build: { 'on-failure': 'RETRY', commands: [flaky, writeJUnit('r/unit.xml', { passed: 1 })] } }, reports: { unit: { files: ['r/unit.xml'] } } });

      // Act
      const runner = newRunner({ suites: ['unit'] });
      const record = await build(runner, request({ buildspec: spec }));

      // Assess
      expect(record.status).toBe('SUCCEEDED');
      expect(await runner.logs(record.id)).toMatch(/first-try[\s\S]*retrying \(1 of 3\)[\s\S]*second-try/);
    });
  });

  describe('Method: start (time limit)', () => {
    it('kills every process of the build when the time limit passes and ends TIMED_OUT', async () => {
      // Prepare
      const spec = buildspec({ phases: { build: { commands: ['sleep 30 & echo "bg=$!"', 'echo "shell=$$"', 'sleep 30'] }, post_build: { commands: ['echo post-ran'] } } });
      const runner = newRunner({ suites: [] });
      const began = Date.now();

      // Act
      const record = await build(runner, request({ buildspec: spec, timeoutSeconds: 1 }));

      // Assess
      expect(Date.now() - began).toBeLessThan(10_000);
      expect(record.status).toBe('TIMED_OUT');
      expect(record.reason).toBe('the build exceeded its time limit of 1 s');
      expect(record.phases.map((p) => [p.phaseType, p.phaseStatus])).toEqual([['BUILD', 'TIMED_OUT']]);
      const log = await runner.logs(record.id);
      const pids = [...log.matchAll(/(?:bg|shell)=(\d+)/g)].map((m) => Number(m[1]));
      expect(pids).toHaveLength(2);
      for (const pid of pids) expect(await isAlive(pid)).toBe(false);
      expect(log).not.toContain('post-ran');
      expect((await runner.results(record.id)).status).toBe('FAILED');
    });
  });

  describe('Method: start (reports and benchmark)', () => {
    it('fails when a configured suite has no report group', async () => {
      // Prepare
      const spec = buildspec({ phases: { build: { commands: [writeJUnit('r/unit.xml', { passed: 1 })] } }, reports: { unit: { files: ['r/*.xml'] } } });

      // Act
      const record = await build(newRunner({ suites: ['unit', 'security'] }), request({ buildspec: spec }));

      // Assess
      expect(record.status).toBe('FAILED');
      expect(record.reason).toBe('missing report for suite(s) security: no report group in the buildspec maps to them (report groups: unit)');
    });

    it('fails when a report group matches no files', async () => {
      // Prepare
      const spec = buildspec({ phases: { build: { commands: ['echo no reports written'] } }, reports: { unit: { files: ['r/*.xml'] } } });

      // Act
      const record = await build(newRunner({ suites: ['unit'] }), request({ buildspec: spec }));

      // Assess
      expect(record.reason).toBe('missing report: report group unit matched no files (r/*.xml under .)');
    });

    it('fails a build that reports no tests at all', async () => {
      // Act
      const record = await build(newRunner({ suites: [] }), request({ buildspec: buildspec({ phases: { build: { commands: ['echo no tests here'] } } }) }));

      // Assess
      expect(record.status).toBe('FAILED');
      expect(record.reason).toMatch(/^no test results: no JUNITXML report group named after a suite kind/);
    });

    it('reads the benchmark the build measured for both versions', async () => {
      // Prepare: the build checks out the current version next to the candidate, as a real one would to measure both.
      const spec = passingSpec([
        'git worktree add --quiet --detach ../current "$UPKEEP_CURRENT_TAG"',
        'printf \'{"baseline": %s, "candidate": %s}\' "$(cat ../current/SPEED)" "$(cat SPEED)" > benchmark.json',
      ]);
      const runner = newRunner({ suites: [], benchmark: { metric: 'p99-latency', unit: 'ms', higherIsBetter: false, file: 'benchmark.json' } });

      // Act
      const record = await build(runner, request({ buildspec: spec }));
      const result = await runner.results(record.id);

      // Assess
      expect(record.reason).toBeUndefined();
      expect(result.benchmark).toEqual({ metric: 'p99-latency', unit: 'ms', baseline: 100, candidate: 90, higherIsBetter: false });
    });

    it('fails when the configured benchmark file is not written', async () => {
      // Act
      const runner = newRunner({ suites: [], benchmark: { metric: 'rps', unit: 'req/s', higherIsBetter: true, file: 'bench/out.json' } });
      const record = await build(runner, request({ buildspec: passingSpec(['true']) }));

      // Assess
      expect(record.reason).toBe('benchmark file bench/out.json was not written by the build');
    });
  });
});
