import { NotFoundError } from '../../../functions/core/errors.js';
import type { RolloutProgress } from '../../../functions/core/workflow-types.js';
import type { Clock } from '../../../functions/ports/clock.js';
import type { DeploymentRequest, Deployer, HealthReport } from '../../../functions/ports/deployer.js';
import { clone } from './in-memory-paging.js';

type RolloutStatus = RolloutProgress['status'];

/** One scripted report: a status, or a status with the fields to report beside it. */
export type RolloutStep = RolloutStatus | { readonly status: RolloutStatus; readonly candidateWeight?: number; readonly reason?: string; readonly alarm?: string };

/** What a rollout reports when nothing was scripted: 10% on the candidate, then done. */
export const DEFAULT_ROLLOUT: readonly RolloutStep[] = [{ status: 'IN_PROGRESS', candidateWeight: 10 }, 'SUCCEEDED'];

const WEIGHT: Record<RolloutStatus, number> = { IN_PROGRESS: 10, SUCCEEDED: 100, ROLLED_BACK: 0, FAILED: 0, STOPPED: 0 };

interface Deployment {
  readonly request: DeploymentRequest;
  readonly steps: readonly RolloutStep[];
  /** Index of the step reported last. */
  at: number;
  progress: RolloutProgress;
}

/**
 * {@link Deployer} with scripted rollouts. `start` reports the first step of the sequence
 * scripted for the component+version (else {@link DEFAULT_ROLLOUT}); each `status` call moves
 * one step on and then stays at the last; `rollBack` ends the rollout ROLLED_BACK with 0%.
 * Health is scripted per component (healthy by default). Every call is recorded.
 *
 * @example
 * ```ts
 * const deployer = new FakeDeployer(clock);
 * deployer.script('api', '1.5.0', [{ status: 'IN_PROGRESS', candidateWeight: 10 }, { status: 'FAILED', reason: 'hooks failed' }]);
 * deployer.setHealth('api', { healthy: false, alarms: [{ name: 'api-5xx', reason: 'Threshold crossed' }] });
 * ```
 */
export class FakeDeployer implements Deployer {
  readonly #scripts = new Map<string, readonly RolloutStep[]>();
  readonly #health = new Map<string, HealthReport>();
  readonly #deployments = new Map<string, Deployment>();
  /** Every call, in order. */
  public readonly calls: { readonly method: 'start' | 'status' | 'rollBack' | 'health'; readonly args: readonly unknown[] }[] = [];

  public constructor(private readonly clock: Clock = { now: () => new Date() }, private readonly strategy = 'canary') {}

  public start(request: DeploymentRequest): Promise<RolloutProgress> {
    this.calls.push({ method: 'start', args: [clone(request)] });
    const deploymentId = `d-${this.#deployments.size + 1}`;
    const steps = this.#scripts.get(`${request.component}@${request.toVersion}`) ?? this.#scripts.get(request.component) ?? DEFAULT_ROLLOUT;
    const startedAt = this.clock.now().toISOString();
    const deployment: Deployment = { request, steps, at: 0, progress: { deploymentId, strategy: this.strategy, status: 'IN_PROGRESS', candidateWeight: 0, startedAt } };
    deployment.progress = this.#report(deployment, steps[0] ?? 'IN_PROGRESS');
    this.#deployments.set(deploymentId, deployment);
    return Promise.resolve(clone(deployment.progress));
  }

  public status(deploymentId: string): Promise<RolloutProgress> {
    this.calls.push({ method: 'status', args: [deploymentId] });
    const deployment = this.#deployments.get(deploymentId);
    if (deployment === undefined) return Promise.reject(unknown(deploymentId));
    if (deployment.progress.status === 'ROLLED_BACK' && deployment.at < 0) return Promise.resolve(clone(deployment.progress));
    deployment.at = Math.min(deployment.at + 1, deployment.steps.length - 1);
    deployment.progress = this.#report(deployment, deployment.steps[deployment.at] ?? 'IN_PROGRESS');
    return Promise.resolve(clone(deployment.progress));
  }

  public rollBack(deploymentId: string, reason: string): Promise<RolloutProgress> {
    this.calls.push({ method: 'rollBack', args: [deploymentId, reason] });
    const deployment = this.#deployments.get(deploymentId);
    if (deployment === undefined) return Promise.reject(unknown(deploymentId));
    deployment.at = -1; // rolled back by request: no scripted step applies any more
    deployment.progress = { ...deployment.progress, status: 'ROLLED_BACK', candidateWeight: 0, reason, endedAt: this.clock.now().toISOString() };
    return Promise.resolve(clone(deployment.progress));
  }

  public health(component: string): Promise<HealthReport> {
    this.calls.push({ method: 'health', args: [component] });
    return Promise.resolve(clone(this.#health.get(component) ?? { healthy: true, alarms: [] }));
  }

  /** The reports of every rollout of `component` (to `version` only, when given). */
  public script(component: string, version: string | undefined, steps: readonly RolloutStep[]): void {
    if (steps.length === 0) throw new Error('a rollout script needs at least one step');
    this.#scripts.set(version === undefined ? component : `${component}@${version}`, [...steps]);
  }

  public setHealth(component: string, report: HealthReport): void {
    this.#health.set(component, clone(report));
  }

  /** The requests of every rollout started. */
  public get started(): DeploymentRequest[] {
    return this.calls.filter((c) => c.method === 'start').map((c) => c.args[0] as DeploymentRequest);
  }

  #report(deployment: Deployment, step: RolloutStep): RolloutProgress {
    const s = typeof step === 'string' ? { status: step } : step;
    const done = s.status !== 'IN_PROGRESS';
    const { reason: _reason, alarm: _alarm, endedAt: _endedAt, ...base } = deployment.progress;
    return {
      ...base,
      status: s.status,
      candidateWeight: s.candidateWeight ?? WEIGHT[s.status],
      ...(s.reason !== undefined ? { reason: s.reason } : {}),
      ...(s.alarm !== undefined ? { alarm: s.alarm } : {}),
      ...(done ? { endedAt: this.clock.now().toISOString() } : {}),
    };
  }
}

function unknown(deploymentId: string): NotFoundError {
  return new NotFoundError(`deployment ${deploymentId} does not exist`, { context: { deploymentId } });
}
