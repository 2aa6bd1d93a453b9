import { join } from 'node:path';
import type { AlarmConfig, DeployConfig } from '../../../functions/core/config/schema.js';
import { requireDuration } from '../../../functions/core/duration.js';
import { ValidationError } from '../../../functions/core/errors.js';
import { freePort } from '../free-port.js';
import { AlarmWatch } from './alarm-watch.js';
import { MetricStore } from './metric-store.js';
import { TrafficGenerator } from './traffic-generator.js';
import { TrafficProxy } from './traffic-proxy.js';
import { VersionProcess, safeName } from './version-process.js';

/** The local target of a component (`deploy.target` with `type: local`). */
export type LocalTarget = Extract<DeployConfig['target'], { type: 'local' }>;

/** Synthetic traffic settings; `false` turns the generator off. */
export type SyntheticTraffic = false | { readonly requestsPerSecond?: number; readonly path?: string };

/** What a component's runtime needs from the deployer. */
export interface ComponentRuntimeOptions {
  readonly component: string;
  readonly deploy: DeployConfig;
  readonly logDir: string;
  readonly timeScale: number;
  readonly synthetic: SyntheticTraffic;
  readonly stopGraceMs: number;
}

/**
 * Which versions an alarm judges: `Version: <v>` pins one; `Alias: live|current`,
 * `Alias: candidate` or `Alias: all` pick by role; no dimension means the version being judged
 * (the candidate during a rollout, the live version for `health()`).
 */
export function versionsForAlarm(alarm: AlarmConfig, roles: { readonly live?: string; readonly candidate?: string }, judged: 'live' | 'candidate'): string[] {
  const pinned = alarm.dimensions.Version;
  if (pinned !== undefined) return [pinned];
  const alias = alarm.dimensions.Alias;
  const pick = (role: 'live' | 'candidate') => (roles[role] === undefined ? [] : [roles[role]]);
  if (alias === 'live' || alias === 'current') return pick('live');
  if (alias === 'candidate') return pick('candidate');
  if (alias === 'all') return [...pick('live'), ...pick('candidate')];
  return pick(judged);
}

/**
 * Everything running for one component: the proxy on its port, the live version and perhaps a
 * candidate, the synthetic traffic, the per-version metrics, and the alarms watching the live
 * version (what `health()` reports).
 *
 * @example
 * ```ts
 * const runtime = await ComponentRuntime.open({ component: 'api', deploy, logDir, timeScale: 1, synthetic: {}, stopGraceMs: 2000 });
 * runtime.setLive(await runtime.startVersion('1.0.0', checkoutDir));
 * ```
 */
export class ComponentRuntime {
  #live: VersionProcess | undefined;
  #candidate: VersionProcess | undefined;
  #liveWatch: AlarmWatch | undefined;
  #generator: TrafficGenerator | undefined;

  private constructor(
    private readonly options: ComponentRuntimeOptions,
    public readonly proxy: TrafficProxy,
    /** Per-version samples of the traffic through the proxy. */
    public readonly metrics: MetricStore,
  ) {}

  /** Opens the proxy on the target's port and starts the synthetic traffic. */
  public static async open(options: ComponentRuntimeOptions): Promise<ComponentRuntime> {
    const target = localTarget(options.component, options.deploy);
    const metrics = new MetricStore();
    const runtime = new ComponentRuntime(options, await TrafficProxy.listen(target.port, metrics), metrics);
    if (options.synthetic !== false) {
      runtime.#generator = new TrafficGenerator({
        port: runtime.proxy.port,
        path: options.synthetic.path ?? '/',
        requestsPerSecond: options.synthetic.requestsPerSecond ?? 50,
        lastRealRequestAt: () => runtime.proxy.lastRealRequestAt,
      });
      runtime.#generator.start();
    }
    return runtime;
  }

  /** The process serving the current version, if any. */
  public get live(): VersionProcess | undefined {
    return this.#live;
  }

  /** The candidate's process during a rollout. */
  public get candidate(): VersionProcess | undefined {
    return this.#candidate;
  }

  /** Both processes, for clean-up and reports. */
  public processes(): { role: 'live' | 'candidate'; process: VersionProcess }[] {
    return [
      ...(this.#live === undefined ? [] : [{ role: 'live' as const, process: this.#live }]),
      ...(this.#candidate === undefined ? [] : [{ role: 'candidate' as const, process: this.#candidate }]),
    ];
  }

  /** Starts `version` from its checkout on a free port and waits for its health check. */
  public async startVersion(version: string, dir: string): Promise<VersionProcess> {
    const target = localTarget(this.options.component, this.options.deploy);
    return VersionProcess.start({
      component: this.options.component,
      version,
      dir,
      ...(target.cwd === undefined ? {} : { cwd: join(dir, target.cwd) }),
      command: target.command,
      port: await freePort(),
      healthPath: target.healthPath,
      startupTimeoutMs: requireDuration(target.startupTimeout, 'deploy.target.startupTimeout') * 1000,
      logDir: join(this.options.logDir, safeName(this.options.component)),
    });
  }

  /** Makes `process` the current version: all traffic to it, no candidate; stops the one it replaces. */
  public async setLive(process: VersionProcess): Promise<void> {
    const previous = this.#live;
    this.#live = process;
    this.#candidate = this.#candidate === process ? undefined : this.#candidate;
    this.#route();
    this.#watchLive();
    if (previous !== undefined && previous !== process) await previous.stop(this.options.stopGraceMs);
  }

  /** Puts a candidate behind the proxy (at the router's weight), or takes it away. */
  public setCandidate(process: VersionProcess | undefined): void {
    this.#candidate = process;
    this.proxy.router.setCandidateWeight(0);
    this.#route();
  }

  /** The live alarms that are in ALARM now. */
  public liveAlarms(): { name: string; reason: string }[] {
    return (this.#liveWatch?.states() ?? []).filter((status) => status.state === 'ALARM').map(({ name, reason }) => ({ name, reason }));
  }

  /** Stops everything: generator, alarms, processes (their groups), proxy. */
  public async close(): Promise<void> {
    this.#liveWatch?.stop();
    await this.#generator?.stop();
    const processes = this.processes().map(({ process }) => process);
    this.#live = undefined;
    this.#candidate = undefined;
    await Promise.all(processes.map((process) => process.stop(this.options.stopGraceMs)));
    await this.proxy.close();
  }

  #route(): void {
    const backend = (process: VersionProcess | undefined) => (process === undefined ? undefined : { version: process.version, port: process.port });
    this.proxy.setBackends(backend(this.#live), backend(this.#candidate));
  }

  #watchLive(): void {
    this.#liveWatch?.stop();
    const live = this.#live?.version;
    this.#liveWatch = new AlarmWatch({
      alarms: this.options.deploy.alarms,
      metrics: this.metrics,
      versionsFor: (alarm) => versionsForAlarm(alarm, { live, candidate: this.#candidate?.version }, 'live'),
      timeScale: this.options.timeScale,
    });
    this.#liveWatch.start();
  }
}

/** The component's local target, or a clear error when it has another. */
export function localTarget(component: string, deploy: DeployConfig): LocalTarget {
  if (deploy.target.type !== 'local') {
    throw new ValidationError(`${component}: the local deployer needs deploy.target.type "local", got "${deploy.target.type}"`, [
      { path: 'deploy.target.type', value: deploy.target.type, message: 'must be "local" in local mode (a process per version behind a local proxy)' },
    ]);
  }
  return deploy.target;
}
