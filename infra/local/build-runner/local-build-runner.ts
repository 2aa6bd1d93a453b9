/**
 * The local stand-in for CodeBuild: runs a candidate's buildspec as real processes in a fresh
 * workspace and keeps what it produced under the data directory.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runGit, type GitRunner } from '../../../functions/adapters/sources/git-runner.js';
import { simulationProjectName } from '../../../functions/constants.js';
import type { BenchmarkComparison, SimulationResult, SuiteKind, SuiteResult } from '../../../functions/core/types.js';
import type { BuildInfo, BuildRequest, BuildRunner, BuildStatus } from '../../../functions/ports/build-runner.js';
import type { Secrets } from '../../../functions/ports/secrets.js';
import { buildEnvironment } from './build-environment.js';
import { BuildLog } from './build-log.js';
import type { BuildProject, BuildProjectLookup } from './build-project.js';
import { BuildStore, type BuildRecord } from './build-store.js';
import { loadBuildspec, type Buildspec } from './buildspec.js';
import { checkoutVersion } from './checkout.js';
import { collectArtifacts, collectReports, readBenchmark } from './collect.js';
import { BuildInProgressError, BuildSetupError } from './errors.js';
import { runPhases, type PhaseRecord } from './phases.js';
import { ShellSession } from './shell-session.js';
import { suiteKindOf } from './suite-kinds.js';

/** Options of {@link LocalBuildRunner}. */
export interface LocalBuildRunnerOptions {
  /** Local mode's data directory; builds are kept in `<dataDir>/builds/<uuid>/`. */
  readonly dataDir: string;
  /** A component's source, required suites, benchmark, variables and secrets. */
  readonly projects: BuildProjectLookup;
  /** Resolves `env.secrets-manager`/`parameter-store`, project secrets and `SECRETS_MANAGER` overrides. @default - none: a build that references a secret fails */
  readonly secrets?: Secrets;
  /** Where workspaces are made. @default os.tmpdir() */
  readonly workDir?: string;
  /** @default runGit - the real git */
  readonly git?: GitRunner;
  /** `PATH` of the build. @default - the runner's PATH */
  readonly path?: string;
  /** `LANG` of the build. @default - the runner's LANG, else C.UTF-8 */
  readonly lang?: string;
  /** Time background processes get between SIGTERM and SIGKILL when the build ends. @default 2000 */
  readonly killGraceMs?: number;
  /** Keep workspaces after the build, to debug a buildspec. @default false */
  readonly keepWorkspaces?: boolean;
}

const NO_TESTS = 'no test results: no JUNITXML report group named after a suite kind (unit, integration, performance, regression, compatibility, security) produced a report';
// Node timers overflow past 2^31-1 ms (about 24.8 days); CodeBuild's limit is 36 hours anyway.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The port's request, plus what `codebuild:startBuild.sync` can say besides. */
export interface LocalBuildRequest extends Omit<BuildRequest, 'timeoutSeconds'> {
  /** @default - the project's timeout, else 3600 */
  readonly timeoutSeconds?: number;
  /** Variable → secret reference, resolved through `secrets`. @default - none */
  readonly secretVariables?: Readonly<Record<string, string>>;
  /** @default simulationProjectName(component) */
  readonly projectName?: string;
}

/** A build this runner is running: how to stop it, and why it was stopped. */
interface RunState {
  readonly controller: AbortController;
  end?: 'TIMED_OUT' | 'STOPPED';
}

interface Running {
  readonly state: RunState;
  readonly done: Promise<BuildRecord>;
}

/**
 * `BuildRunner` for local mode. `start` answers at once with an `IN_PROGRESS` build; the
 * checkout, phases, reports, artifacts and benchmark then run in the background. A failing
 * phase, a time-out (every process killed), a missing report or a broken checkout end the build
 * FAILED (TIMED_OUT) with the reason. Only one runner may use a data directory at a time: a
 * build found `IN_PROGRESS` on disk that this runner is not running was cut off by a restart
 * and is reported as FAULT.
 *
 * @example
 * ```ts
 * const runner = new LocalBuildRunner({ dataDir: '.upkeep', projects: async () => ({ source: { type: 'git', url: '/repos/api.git', verifySignatures: false }, suites: ['unit'] }) });
 * const { id } = await runner.start({ workflowId: 'wf-1', component: 'api', candidateVersion: 'v1.1.0', currentVersion: 'v1.0.0', buildspec: '', timeoutSeconds: 600 });
 * await runner.wait(id);
 * const result = await runner.results(id); // { status: 'PASSED', suites: { unit: { run: 12, passed: 12, … } }, … }
 * ```
 */
export class LocalBuildRunner implements BuildRunner {
  readonly #store: BuildStore;
  readonly #running = new Map<string, Running>();

  public constructor(private readonly options: LocalBuildRunnerOptions) {
    this.#store = new BuildStore(options.dataDir);
  }

  public async start(request: LocalBuildRequest): Promise<BuildRecord> {
    const project = request.projectName ?? simulationProjectName(request.component);
    const id = `${project}:${randomUUID()}`;
    const record: BuildRecord = {
      id, project, status: 'IN_PROGRESS', startedAt: new Date().toISOString(),
      logUrl: pathToFileURL(join(this.#store.directoryOf(id), 'build.log')).href,
      workflowId: request.workflowId, component: request.component,
      candidateVersion: request.candidateVersion, currentVersion: request.currentVersion,
      timeoutSeconds: request.timeoutSeconds ?? 0, phases: [],
    };
    await this.#store.create(record);
    const state: RunState = { controller: new AbortController() };
    const done = this.#execute(record, request, state)
      // Only a data directory that cannot be written gets here; the build must still end.
      .catch((error: unknown): BuildRecord => ({ ...record, status: 'FAULT', endedAt: new Date().toISOString(), reason: `the local build runner failed: ${String(error)}` }))
      .finally(() => this.#running.delete(id));
    this.#running.set(id, { state, done });
    return record;
  }

  /** The build; a build cut off by a restart of local mode is FAULT. Throws `NotFoundError` for an unknown id. */
  public async get(buildId: string): Promise<BuildRecord> {
    const record = await this.#store.read(buildId);
    if (record.status !== 'IN_PROGRESS' || this.#running.has(buildId)) return record;
    const reason = 'the local build runner stopped before the build finished';
    const ended: BuildRecord = { ...record, status: 'FAULT', endedAt: new Date().toISOString(), reason };
    await this.#store.saveResult(ended, resultOf(ended, {}, undefined));
    await this.#store.save(ended);
    return ended;
  }

  /** Throws `BuildInProgressError` while the build runs, `NotFoundError` for an unknown id. */
  public async results(buildId: string): Promise<SimulationResult> {
    const record = await this.get(buildId);
    if (record.status === 'IN_PROGRESS') throw new BuildInProgressError(`build ${buildId} has not finished`, { context: { buildId } });
    return (await this.#store.readResult(buildId)) ?? resultOf(record, {}, undefined);
  }

  /** Resolves with the finished build. Aborting `signal` stops the build (as `StopBuild`). */
  public async wait(buildId: string, signal?: AbortSignal): Promise<BuildRecord> {
    const running = this.#running.get(buildId);
    if (running === undefined) return this.get(buildId);
    const onAbort = (): void => this.#abort(running.state, 'STOPPED');
    if (signal?.aborted === true) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await running.done;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Stops a running build (every process killed; status STOPPED) and resolves with it. */
  public stop(buildId: string): Promise<BuildRecord> {
    const running = this.#running.get(buildId);
    if (running !== undefined) this.#abort(running.state, 'STOPPED');
    return this.wait(buildId);
  }

  /** Stops every running build; for a clean shutdown of local mode. */
  public async close(): Promise<void> {
    await Promise.all([...this.#running.keys()].map((id) => this.stop(id)));
  }

  /** The build's log as text. */
  public async logs(buildId: string): Promise<string> {
    await this.#store.read(buildId);
    return readFile(join(this.#store.directoryOf(buildId), 'build.log'), 'utf8').catch(() => '');
  }

  #abort(running: RunState, end: 'TIMED_OUT' | 'STOPPED'): void {
    running.end ??= end;
    running.controller.abort();
  }

  async #execute(initial: BuildRecord, request: LocalBuildRequest, running: RunState): Promise<BuildRecord> {
    const dir = this.#store.directoryOf(initial.id);
    const log = new BuildLog(join(dir, 'build.log'));
    const { signal } = running.controller;
    let record = initial;
    let suites: Partial<Record<SuiteKind, SuiteResult>> = {};
    let benchmark: BenchmarkComparison | undefined;
    let phases: readonly PhaseRecord[] = [];
    const reasons: string[] = [];
    let fault = false;
    let timer: NodeJS.Timeout | undefined;
    let workspace: string | undefined;
    try {
      const project = await this.options.projects(request.component);
      if (project === undefined) throw new BuildSetupError(`component ${request.component} has no build project: local builds need a git source and a simulation`);
      const timeoutSeconds = request.timeoutSeconds ?? project.timeoutSeconds ?? 3600;
      record = { ...record, timeoutSeconds };
      timer = setTimeout(() => this.#abort(running, 'TIMED_OUT'), Math.min(timeoutSeconds * 1000, MAX_TIMER_MS));
      workspace = await mkdtemp(join(this.options.workDir ?? tmpdir(), 'upkeep-build-'));
      const dirs = { src: join(workspace, 'src'), home: join(workspace, 'home'), tmp: join(workspace, 'tmp'), state: join(workspace, 'state') };
      await Promise.all([dirs.home, dirs.tmp, dirs.state].map((d) => mkdir(d, { recursive: true })));
      log.note(`Build ${initial.id}: ${request.component} ${request.candidateVersion} (current ${request.currentVersion})`);
      log.note(`Entering phase DOWNLOAD_SOURCE: ${project.source.url}`);
      const checkout = await checkoutVersion(project.source, request.candidateVersion, request.currentVersion, dirs.src, { git: this.options.git ?? runGit, signal });
      record = { ...record, sourceVersion: checkout.tag, resolvedSourceVersion: checkout.commit };
      await this.#store.save(record);
      const spec = await loadBuildspec(request.buildspec, dirs.src);
      const { env, secretValues } = await buildEnvironment({
        buildId: initial.id, dirs, spec, project,
        upkeep: {
          UPKEEP_WORKFLOW_ID: request.workflowId, UPKEEP_COMPONENT: request.component,
          UPKEEP_CANDIDATE_VERSION: request.candidateVersion, UPKEEP_CURRENT_VERSION: request.currentVersion,
          UPKEEP_CANDIDATE_TAG: checkout.tag, ...(checkout.currentTag === undefined ? {} : { UPKEEP_CURRENT_TAG: checkout.currentTag }),
        },
        requestVariables: request.variables ?? {}, requestSecrets: request.secretVariables ?? {},
        codebuild: {
          CODEBUILD_BUILD_ID: initial.id, CODEBUILD_BUILD_ARN: `arn:aws:codebuild:local:000000000000:build/${initial.id}`,
          CODEBUILD_INITIATOR: 'upkeep-local', CODEBUILD_SRC_DIR: dirs.src, CODEBUILD_SOURCE_REPO_URL: project.source.url,
          CODEBUILD_SOURCE_VERSION: checkout.tag, CODEBUILD_RESOLVED_SOURCE_VERSION: checkout.commit,
          CODEBUILD_START_TIME: String(Date.parse(initial.startedAt)),
        },
        ...(this.options.secrets === undefined ? {} : { secrets: this.options.secrets }),
        path: this.options.path ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        lang: this.options.lang ?? process.env.LANG ?? 'C.UTF-8',
      });
      secretValues.forEach((value) => log.mask(value));
      const shell = new ShellSession({ cwd: dirs.src, stateDir: dirs.state, env, log, signal });
      try {
        const outcome = await runPhases(spec, shell, log, { signal, interrupted: () => running.end ?? 'STOPPED' });
        phases = outcome.phases;
        reasons.push(...outcome.failures);
      } finally {
        await shell.close(this.options.killGraceMs ?? 2000);
        await log.drain(1000);
      }
      if (!signal.aborted) {
        const reports = await collectReports(spec.reports, dirs.src, join(dir, 'reports'), log);
        suites = reports.suites;
        reasons.push(...reports.problems, ...missingSuites(project, spec));
        if (spec.artifacts !== undefined) {
          const artifacts = await collectArtifacts(spec.artifacts, dirs.src, join(dir, 'artifacts'));
          if (artifacts.problem !== undefined) reasons.push(artifacts.problem);
        }
        if (project.benchmark !== undefined) benchmark = await readBenchmark(project.benchmark, dirs.src).catch((error: Error) => void reasons.push(error.message));
        // The port's contract: a build that reports no tests at all did not show the candidate works.
        if (reasons.length === 0 && Object.keys(suites).length === 0) reasons.push(NO_TESTS);
      }
    } catch (error) {
      if (!signal.aborted) {
        fault = !(error instanceof BuildSetupError);
        reasons.push(fault ? `the local build runner failed: ${(error as Error).message}` : (error as Error).message);
      }
    } finally {
      clearTimeout(timer);
    }
    const status: BuildStatus = signal.aborted ? (running.end ?? 'STOPPED') : fault ? 'FAULT' : reasons.length > 0 ? 'FAILED' : 'SUCCEEDED';
    if (status === 'TIMED_OUT') reasons.unshift(`the build exceeded its time limit of ${record.timeoutSeconds} s`);
    if (status === 'STOPPED') reasons.unshift('the build was stopped');
    record = { ...record, status, endedAt: new Date().toISOString(), phases, ...(reasons.length === 0 ? {} : { reason: reasons.join('; ') }) };
    log.note(`Build ${status}${record.reason === undefined ? '' : `: ${record.reason}`}`);
    await log.close();
    if (workspace !== undefined && this.options.keepWorkspaces !== true) await rm(workspace, { recursive: true, force: true }).catch(() => undefined);
    // The result first: a record that says "finished" must always find its result.
    await this.#store.saveResult(record, resultOf(record, suites, benchmark));
    await this.#store.save(record);
    return record;
  }
}

/** Suites the project requires that no report group of the buildspec maps to (an empty group is reported by itself). */
function missingSuites(project: BuildProject, spec: Buildspec): string[] {
  const declared = new Set(spec.reports.map((r) => suiteKindOf(r.group)));
  const missing = (project.suites ?? []).filter((kind) => !declared.has(kind));
  if (missing.length === 0) return [];
  const groups = spec.reports.map((r) => r.group).join(', ') || 'none';
  return [`missing report for suite(s) ${missing.join(', ')}: no report group in the buildspec maps to them (report groups: ${groups})`];
}

function resultOf(record: BuildInfo, suites: Partial<Record<SuiteKind, SuiteResult>>, benchmark: BenchmarkComparison | undefined): SimulationResult {
  const ended = record.endedAt === undefined ? Date.now() : Date.parse(record.endedAt);
  return {
    status: record.status === 'SUCCEEDED' ? 'PASSED' : 'FAILED',
    suites,
    ...(benchmark === undefined ? {} : { benchmark }),
    durationSeconds: Math.max(0, Math.round(ended - Date.parse(record.startedAt)) / 1000),
    ...(record.reason === undefined ? {} : { reason: record.reason }),
    ...(record.logUrl === undefined ? {} : { logUrl: record.logUrl }),
  };
}
