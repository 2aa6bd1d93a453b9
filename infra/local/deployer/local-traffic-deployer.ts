import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DeployConfig, StrategyConfig } from '../../../functions/core/config/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../functions/core/errors.js';
import { EMERGENCY_ROLLOUT_NAME, chooseStrategy } from '../../../functions/core/rollout-choice.js';
import type { Deployer, DeploymentRequest, HealthReport } from '../../../functions/ports/deployer.js';
import type { RolloutProgress } from '../../../functions/core/workflow-types.js';
import type { GitRunner } from '../../../functions/adapters/sources/git-runner.js';
import { CheckoutCache, type CheckoutSource } from './checkout-cache.js';
import { ComponentRuntime, localTarget, type SyntheticTraffic } from './component-runtime.js';
import { DeploymentStateFile, type DeployerState, type DeploymentRecord, type RolloutTimeline } from './deployment-state-file.js';
import type { MetricStore } from './metric-store.js';
import { runRollout, type StepGate, type StopRequest } from './rollout-runner.js';
import { trafficPlan } from './traffic-plan.js';

/** A component's configuration as the deployer needs it. */
export interface LocalComponentConfig {
  readonly source: CheckoutSource;
  readonly deploy: DeployConfig;
  /** The emergency lane's strategy (policy's shorter canary). @default - `rollouts.emergency`, else `deploy.strategy` */
  readonly emergencyStrategy?: StrategyConfig;
  /** The named rollouts of `upkeep.yaml` (`rollouts:`) a request may name. @default - none */
  readonly rollouts?: Readonly<Record<string, StrategyConfig>>;
}

/** Finds a component's configuration by name; `undefined` when there is no such component. */
export type ComponentConfigLookup = (component: string) => LocalComponentConfig | undefined | Promise<LocalComponentConfig | undefined>;

/** Options of {@link LocalTrafficDeployer}. */
export interface LocalTrafficDeployerOptions {
  /** Upkeep's data directory; the deployer keeps checkouts, logs and state under `deployer/`. */
  readonly dataDir: string;
  readonly config: ComponentConfigLookup;
  /** Wall-clock time per unit of configured time: 0.01 makes a 5-minute canary last 3 s. @default 1 */
  readonly timeScale?: number;
  /** @default { requestsPerSecond: 50, path: '/' } */
  readonly syntheticTraffic?: SyntheticTraffic;
  /** Hold at 100% before success, in configured ms. @default - the longest alarm window */
  readonly finalBakeMs?: number;
  /** Judges each step of a stepped rollout (issue 8). @default - steps pass on alarms alone */
  readonly stepGate?: StepGate;
  /** How long a version gets to exit after SIGTERM before SIGKILL. @default 2000 */
  readonly stopGraceMs?: number;
  readonly git?: GitRunner;
}

interface Active {
  readonly controller: AbortController;
  readonly done: Promise<void>;
  stop?: StopRequest;
}

/**
 * Local mode's CodeDeploy: each version of a component runs as a real process checked out from
 * its git source, behind a weighted HTTP proxy on the component's port. Traffic moves by the
 * configured strategy (time compressed by `timeScale`), alarms with CloudWatch semantics watch
 * the candidate, and one firing sends all traffic back to the current version and stops the
 * candidate. Status is kept in memory and in `<dataDir>/deployer/state.json`.
 *
 * @example
 * ```ts
 * const deployer = new LocalTrafficDeployer({ dataDir: '.upkeep', config: (name) => components.get(name), timeScale: 0.01 });
 * const { deploymentId } = await deployer.start({ workflowId: 'wf-1', component: 'api', fromVersion: '1.0.0', toVersion: '1.1.0' });
 * const final = await deployer.settled(deploymentId); // SUCCEEDED, or ROLLED_BACK with the alarm and reason
 * await deployer.close();
 * ```
 */
export class LocalTrafficDeployer implements Deployer {
  readonly #root: string;
  readonly #file: DeploymentStateFile;
  readonly #checkouts: CheckoutCache;
  readonly #runtimes = new Map<string, Promise<ComponentRuntime>>();
  readonly #active = new Map<string, Active>();
  #state: Promise<DeployerState> | undefined;
  #closed = false;
  readonly #killOnExit = (): void => {
    // Last resort when the host exits without close(): no version may outlive Upkeep.
    for (const runtime of this.#opened) for (const { process } of runtime.processes()) process.signalGroup('SIGKILL');
  };
  readonly #opened = new Set<ComponentRuntime>();

  public constructor(private readonly options: LocalTrafficDeployerOptions) {
    if (options.timeScale !== undefined && !(options.timeScale > 0)) throw new ValidationError(`timeScale must be greater than 0, got ${options.timeScale}`);
    this.#root = join(options.dataDir, 'deployer');
    this.#file = new DeploymentStateFile(join(this.#root, 'state.json'));
    this.#checkouts = new CheckoutCache(join(this.#root, 'checkouts'), options.git);
    process.on('exit', this.#killOnExit);
  }

  public async start(request: DeploymentRequest): Promise<RolloutProgress> {
    if (this.#closed) throw new ConflictError('the local deployer is closed');
    const config = await this.#config(request.component);
    localTarget(request.component, config.deploy);
    const chosen = chooseStrategy(config.deploy.strategy, { ...config.rollouts, ...(config.emergencyStrategy === undefined ? {} : { [EMERGENCY_ROLLOUT_NAME]: config.emergencyStrategy }) }, request);
    const plan = trafficPlan(chosen.strategy);
    const label = request.emergency === true ? `${plan.name} (emergency lane)` : chosen.rolloutName === undefined ? plan.name : `${plan.name} (rollout ${chosen.rolloutName})`;
    const state = await this.#load();
    const busy = Object.values(state.deployments).find((d) => d.component === request.component && d.progress.status === 'IN_PROGRESS');
    if (busy !== undefined) {
      throw new ConflictError(`${request.component} is already being deployed (${busy.progress.deploymentId}, to ${busy.toVersion}); one rollout per component at a time`, {
        context: { deploymentId: busy.progress.deploymentId },
      });
    }
    const deploymentId = `dep-${request.component}-${randomBytes(4).toString('hex')}`;
    const record: DeploymentRecord = {
      workflowId: request.workflowId, component: request.component, fromVersion: request.fromVersion, toVersion: request.toVersion,
      emergency: request.emergency === true,
      progress: { deploymentId, strategy: label, status: 'IN_PROGRESS', candidateWeight: 0, startedAt: new Date().toISOString() },
      timeline: {},
    };
    state.deployments[deploymentId] = record;
    await this.#file.save(state);
    const controller = new AbortController();
    const active: Active = {
      controller,
      done: this.#runtime(request.component, config.deploy)
        .then((runtime) => runRollout({
          record, runtime, deploy: config.deploy, plan,
          checkout: (version) => this.#checkouts.checkout(request.component, config.source, version),
          timeScale: this.options.timeScale ?? 1,
          ...(this.options.finalBakeMs === undefined ? {} : { finalBakeMs: this.options.finalBakeMs * (this.options.timeScale ?? 1) }),
          ...(this.options.stepGate === undefined ? {} : { stepGate: this.options.stepGate }),
          signal: controller.signal,
          stopRequest: () => active.stop,
          update: (patch) => this.#update(record, patch),
          promoted: async (version) => {
            state.live[request.component] = version;
            await this.#file.save(state);
          },
        }))
        .catch((error: unknown) => this.#update(record, { status: 'FAILED', reason: (error as Error).message, endedAt: new Date().toISOString() }))
        .finally(() => this.#active.delete(deploymentId)),
    };
    this.#active.set(deploymentId, active);
    return record.progress;
  }

  public async status(deploymentId: string): Promise<RolloutProgress> {
    return (await this.#record(deploymentId)).progress;
  }

  /** In progress: stops the rollout the way an alarm would. Succeeded: brings `fromVersion` back and stops the candidate. */
  public async rollBack(deploymentId: string, reason: string): Promise<RolloutProgress> {
    const record = await this.#record(deploymentId);
    const active = this.#active.get(deploymentId);
    if (active !== undefined) {
      active.stop ??= { kind: 'rollback', reason: `rolled back by request: ${reason}` };
      active.controller.abort();
      await active.done;
      return record.progress;
    }
    const state = await this.#load();
    if (record.progress.status !== 'SUCCEEDED' || state.live[record.component] !== record.toVersion) return record.progress;
    const config = await this.#config(record.component);
    const runtime = await this.#runtime(record.component, config.deploy);
    const previous = await runtime.startVersion(record.fromVersion, await this.#checkouts.checkout(record.component, config.source, record.fromVersion));
    await runtime.setLive(previous);
    record.timeline.trafficRestoredAt = Date.now();
    state.live[record.component] = record.fromVersion;
    await this.#update(record, { status: 'ROLLED_BACK', candidateWeight: 0, endedAt: new Date().toISOString(), reason: `rolled back by request after success: ${reason}; all traffic back on ${record.fromVersion}, ${record.toVersion} stopped` });
    return record.progress;
  }

  public async health(component: string): Promise<HealthReport> {
    const config = await this.#config(component);
    const runtime = this.#runtimes.has(component) ? await this.#runtime(component, config.deploy) : undefined;
    const live = runtime?.live;
    if (live === undefined || live.exit !== undefined) {
      const why = live?.exit === undefined ? `no version of ${component} is running locally` : `${component} ${live.version} exited (code ${live.exit.code ?? live.exit.signal})`;
      return { healthy: false, alarms: [{ name: 'ProcessRunning', reason: why }] };
    }
    const alarms = runtime?.liveAlarms() ?? [];
    return { healthy: alarms.length === 0, alarms };
  }

  /** Makes `version` the live version of `component` without a rollout (start-up of local mode). */
  public async serve(component: string, version: string): Promise<void> {
    const config = await this.#config(component);
    const runtime = await this.#runtime(component, config.deploy);
    if (runtime.live?.version === version && runtime.live.exit === undefined) return;
    await runtime.setLive(await runtime.startVersion(version, await this.#checkouts.checkout(component, config.source, version)));
    const state = await this.#load();
    state.live[component] = version;
    await this.#file.save(state);
  }

  /** Resolves with the deployment's progress once it is no longer IN_PROGRESS. */
  public async settled(deploymentId: string): Promise<RolloutProgress> {
    await this.#active.get(deploymentId)?.done;
    return this.status(deploymentId);
  }

  /** The moments of a rollout (candidate ready, first traffic, first breach, traffic restored). */
  public async timeline(deploymentId: string): Promise<RolloutTimeline> {
    return { ...(await this.#record(deploymentId)).timeline };
  }

  /** Per-version metrics of a component whose proxy is open (for analyses and dashboards). */
  public async metrics(component: string): Promise<MetricStore | undefined> {
    return (await this.#runtimes.get(component)?.catch(() => undefined))?.metrics;
  }

  /** The version processes running now. */
  public processes(): { component: string; version: string; role: 'live' | 'candidate'; pid: number | undefined; port: number }[] {
    return [...this.#opened].flatMap((runtime) =>
      runtime.processes().map(({ role, process }) => ({ component: process.component, version: process.version, role, pid: process.pid, port: process.port })));
  }

  /** Ends rollouts in progress (STOPPED), stops every version's process group and closes the proxies. */
  public async close(): Promise<void> {
    this.#closed = true;
    for (const active of this.#active.values()) {
      active.stop ??= { kind: 'close' };
      active.controller.abort();
    }
    await Promise.all([...this.#active.values()].map((active) => active.done));
    const runtimes = await Promise.all([...this.#runtimes.values()].map((opening) => opening.catch(() => undefined)));
    await Promise.all(runtimes.filter((runtime) => runtime !== undefined).map((runtime) => runtime.close()));
    this.#runtimes.clear();
    this.#opened.clear();
    process.off('exit', this.#killOnExit);
  }

  async #config(component: string): Promise<LocalComponentConfig> {
    const config = await this.options.config(component);
    if (config === undefined) throw new NotFoundError(`no component named ${component} is configured`, { context: { component } });
    if (config.deploy === undefined) throw new ValidationError(`${component} has no deploy section, so Upkeep does not move its traffic`);
    return config;
  }

  #runtime(component: string, deploy: DeployConfig): Promise<ComponentRuntime> {
    let opening = this.#runtimes.get(component);
    if (opening === undefined) {
      opening = ComponentRuntime.open({
        component, deploy,
        logDir: join(this.#root, 'logs'),
        timeScale: this.options.timeScale ?? 1,
        synthetic: this.options.syntheticTraffic ?? {},
        stopGraceMs: this.options.stopGraceMs ?? 2000,
      }).then((runtime) => {
        this.#opened.add(runtime);
        return runtime;
      });
      // A port that could not be opened is retried on the next call rather than cached.
      void opening.catch(() => this.#runtimes.delete(component));
      this.#runtimes.set(component, opening);
    }
    return opening;
  }

  #load(): Promise<DeployerState> {
    this.#state ??= this.#file.load().then((state) => {
      // Rollouts that were running when the previous process died ended with it.
      for (const record of Object.values(state.deployments)) {
        if (record.progress.status === 'IN_PROGRESS') {
          record.progress = { ...record.progress, status: 'STOPPED', candidateWeight: 0, endedAt: new Date().toISOString(), reason: 'Upkeep stopped during the rollout' };
        }
      }
      return state;
    });
    return this.#state;
  }

  async #record(deploymentId: string): Promise<DeploymentRecord> {
    const record = (await this.#load()).deployments[deploymentId];
    if (record === undefined) throw new NotFoundError(`no deployment ${deploymentId}`, { context: { deploymentId } });
    return record;
  }

  async #update(record: DeploymentRecord, patch: Partial<RolloutProgress>): Promise<void> {
    record.progress = { ...record.progress, ...patch };
    await this.#file.save(await this.#load());
  }
}
