import type { PipelineConfig } from '../../../functions/core/config/schema.js';
import { NotFoundError } from '../../../functions/core/errors.js';
import type { PipelineRun, PipelineRunRequest, PipelineRunStatus, PipelineTrigger } from '../../../functions/ports/pipeline-trigger.js';
import { clone } from './in-memory-paging.js';

/** One scripted report: a status, or a status with a reason (why it failed). */
export type PipelineStep = PipelineRunStatus | { readonly status: PipelineRunStatus; readonly reason?: string; readonly artifacts?: PipelineRun['artifacts'] };

/** What a run reports when nothing was scripted: queued, running, then green. */
export const DEFAULT_RUN: readonly PipelineStep[] = ['QUEUED', 'RUNNING', 'SUCCEEDED'];

interface Run {
  readonly request: PipelineRunRequest;
  readonly steps: readonly PipelineStep[];
  at: number;
  run: PipelineRun;
}

/**
 * {@link PipelineTrigger} with scripted runs. `start` reports the first step scripted for the
 * component+version (else for the component, else {@link DEFAULT_RUN}); each `status` moves one
 * step on and then stays at the last; `cancel` makes the run CANCELLED. The provider reported
 * is the one of the pipeline configuration it was handed through {@link forConfig}.
 *
 * @example
 * ```ts
 * const trigger = new FakePipelineTrigger();
 * trigger.script('api', '1.5.0', ['RUNNING', { status: 'FAILED', reason: 'deploy job failed' }]);
 * const deps = { ...appDeps, pipelines: (p) => trigger.forConfig(p) };
 * ```
 */
export class FakePipelineTrigger implements PipelineTrigger {
  readonly #scripts = new Map<string, readonly PipelineStep[]>();
  readonly #runs = new Map<string, Run>();
  /** Every request `start` received. */
  public readonly started: PipelineRunRequest[] = [];
  /** Run ids cancelled, in order. */
  public readonly cancelled: string[] = [];
  /** Pipeline configurations the use cases asked a trigger for. */
  public readonly configs: PipelineConfig[] = [];
  #provider = 'github-actions';

  /** This trigger, for the CI provider `config` names (recorded). */
  public forConfig(config: PipelineConfig): FakePipelineTrigger {
    this.configs.push(clone(config));
    this.#provider = config.provider;
    return this;
  }

  public start(request: PipelineRunRequest): Promise<PipelineRun> {
    this.started.push(clone(request));
    const runId = `run-${this.started.length}`;
    const steps = this.#scripts.get(`${request.component}@${request.version}`) ?? this.#scripts.get(request.component) ?? DEFAULT_RUN;
    const entry: Run = { request, steps, at: 0, run: { provider: this.#provider, runId, status: 'QUEUED', url: `https://ci.example.test/runs/${runId}` } };
    entry.run = report(entry.run, steps[0] ?? 'QUEUED');
    this.#runs.set(runId, entry);
    return Promise.resolve(clone(entry.run));
  }

  public status(runId: string): Promise<PipelineRun> {
    const entry = this.#runs.get(runId);
    if (entry === undefined) return Promise.reject(new NotFoundError(`pipeline run ${runId} does not exist`));
    if (entry.run.status !== 'CANCELLED') {
      entry.at = Math.min(entry.at + 1, entry.steps.length - 1);
      entry.run = report(entry.run, entry.steps[entry.at] ?? 'QUEUED');
    }
    return Promise.resolve(clone(entry.run));
  }

  public cancel(runId: string): Promise<void> {
    const entry = this.#runs.get(runId);
    if (entry === undefined) return Promise.reject(new NotFoundError(`pipeline run ${runId} does not exist`));
    this.cancelled.push(runId);
    entry.run = { ...entry.run, status: 'CANCELLED', reason: 'cancelled by Upkeep' };
    return Promise.resolve();
  }

  /** The reports of every run for `component` (at `version` only, when given). */
  public script(component: string, version: string | undefined, steps: readonly PipelineStep[]): void {
    if (steps.length === 0) throw new Error('a pipeline script needs at least one step');
    this.#scripts.set(version === undefined ? component : `${component}@${version}`, [...steps]);
  }
}

function report(run: PipelineRun, step: PipelineStep): PipelineRun {
  const s = typeof step === 'string' ? { status: step } : step;
  const { reason: _reason, artifacts: _artifacts, ...base } = run;
  return { ...base, status: s.status, ...(s.reason !== undefined ? { reason: s.reason } : {}), ...(s.artifacts !== undefined ? { artifacts: s.artifacts } : {}) };
}
