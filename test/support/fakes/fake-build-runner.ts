import { NotFoundError } from '../../../functions/core/errors.js';
import type { SimulationResult } from '../../../functions/core/types.js';
import type { BuildInfo, BuildRequest, BuildRunner, BuildStatus } from '../../../functions/ports/build-runner.js';
import type { Clock } from '../../../functions/ports/clock.js';
import { clone } from './in-memory-paging.js';

/** A passing simulation: 20 unit tests, all green. */
export const PASSING_SIMULATION: SimulationResult = {
  status: 'PASSED', suites: { unit: { run: 20, passed: 20, failed: 0, skipped: 0 } }, durationSeconds: 42,
};

interface Build {
  info: BuildInfo;
  readonly component?: string;
  readonly version?: string;
}

/**
 * {@link BuildRunner} with scripted results. A result is found by build id first, then by the
 * build's component+version; a known build with no script reports what CodeBuild gives for a
 * build without test reports (FAILED with the reason); an unknown build id is `NotFoundError`.
 *
 * @example
 * ```ts
 * const builds = new FakeBuildRunner();
 * builds.addBuild('sim:1', { result: PASSING_SIMULATION });          // a build the state machine started
 * builds.scriptFor('api', '1.5.0', { ...PASSING_SIMULATION, status: 'FAILED', reason: 'unit tests failed' });
 * ```
 */
export class FakeBuildRunner implements BuildRunner {
  readonly #builds = new Map<string, Build>();
  readonly #byId = new Map<string, SimulationResult>();
  readonly #byVersion = new Map<string, SimulationResult>();
  /** Every request `start` received. */
  public readonly started: BuildRequest[] = [];
  /** Every build id `results` was asked for. */
  public readonly resultCalls: string[] = [];

  public constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  public start(request: BuildRequest): Promise<BuildInfo> {
    this.started.push(clone(request));
    const id = `upkeep-sim-${request.component}:${this.started.length}`;
    const info: BuildInfo = { id, status: 'IN_PROGRESS', startedAt: this.clock.now().toISOString() };
    this.#builds.set(id, { info, component: request.component, version: request.candidateVersion });
    return Promise.resolve(clone(info));
  }

  public get(buildId: string): Promise<BuildInfo> {
    const build = this.#builds.get(buildId);
    return build === undefined ? Promise.reject(unknown(buildId)) : Promise.resolve(clone(build.info));
  }

  public results(buildId: string): Promise<SimulationResult> {
    this.resultCalls.push(buildId);
    const build = this.#builds.get(buildId);
    if (build === undefined && !this.#byId.has(buildId)) return Promise.reject(unknown(buildId));
    const scripted = this.#byId.get(buildId) ?? (build?.component === undefined ? undefined : this.#byVersion.get(`${build.component}@${build.version}`));
    return Promise.resolve(clone(scripted ?? {
      status: 'FAILED', suites: {}, durationSeconds: 0, reason: 'the build produced no test reports',
    }));
  }

  /** Registers a build started elsewhere (the state machine's `startBuild.sync`), with its result. */
  public addBuild(buildId: string, build: { readonly status?: BuildStatus; readonly component?: string; readonly version?: string; readonly result?: SimulationResult } = {}): void {
    const at = this.clock.now().toISOString();
    this.#builds.set(buildId, {
      info: { id: buildId, status: build.status ?? 'SUCCEEDED', startedAt: at, endedAt: at },
      ...(build.component !== undefined ? { component: build.component } : {}),
      ...(build.version !== undefined ? { version: build.version } : {}),
    });
    if (build.result !== undefined) this.#byId.set(buildId, clone(build.result));
  }

  /** The result of any build of `component` at `version` without a result of its own. */
  public scriptFor(component: string, version: string, result: SimulationResult): void {
    this.#byVersion.set(`${component}@${version}`, clone(result));
  }

  /** Moves a build to a new status (e.g. finished). */
  public finish(buildId: string, status: BuildStatus = 'SUCCEEDED'): void {
    const build = this.#builds.get(buildId);
    if (build === undefined) throw unknown(buildId);
    build.info = { ...build.info, status, endedAt: this.clock.now().toISOString() };
  }
}

function unknown(buildId: string): NotFoundError {
  return new NotFoundError(`build ${buildId} does not exist`, { context: { buildId } });
}
