import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BadResponseError } from '../../../functions/core/errors.js';
import type { RolloutProgress } from '../../../functions/core/workflow-types.js';

/** Moments of a rollout worth measuring, epoch ms. */
export interface RolloutTimeline {
  /** The candidate answered its health check. */
  candidateReadyAt?: number;
  /** The candidate first got a share of traffic. */
  firstTrafficAt?: number;
  /** The period of the first breaching datapoint of the alarm that fired ended. */
  firstBreachAt?: number;
  /** The alarm's evaluation concluded ALARM. */
  alarmAt?: number;
  /** Every new request went to the current version again. */
  trafficRestoredAt?: number;
}

/** One deployment as the local deployer keeps it. */
export interface DeploymentRecord {
  readonly workflowId: string;
  readonly component: string;
  readonly fromVersion: string;
  readonly toVersion: string;
  readonly emergency: boolean;
  progress: RolloutProgress;
  timeline: RolloutTimeline;
}

/** The whole file. */
export interface DeployerState {
  readonly version: 1;
  readonly deployments: Record<string, DeploymentRecord>;
  /** The version serving each component's traffic. */
  readonly live: Record<string, string>;
}

/**
 * The deployer's state as a JSON file, so `status()` still answers after a restart of local
 * mode. Writes go to a temporary file renamed over the old one (a crash never leaves half a
 * file) and are serialised (a later write never lands before an earlier one).
 *
 * @example
 * ```ts
 * const file = new DeploymentStateFile('.upkeep/deployer/state.json');
 * const state = await file.load();
 * await file.save(state);
 * ```
 */
export class DeploymentStateFile {
  #queue: Promise<void> = Promise.resolve();

  public constructor(public readonly path: string) {}

  /** The saved state, or an empty one when there is no file yet. */
  public async load(): Promise<DeployerState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, deployments: {}, live: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<DeployerState>;
      return { version: 1, deployments: parsed.deployments ?? {}, live: parsed.live ?? {} };
    } catch (error) {
      throw new BadResponseError(`${this.path} is not valid JSON; move it aside to start afresh`, { cause: error });
    }
  }

  /** Writes `state` after any write already queued. */
  public save(state: DeployerState): Promise<void> {
    const text = `${JSON.stringify(state, null, 2)}\n`;
    const write = this.#queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const scratch = `${this.path}.tmp`;
      await writeFile(scratch, text);
      await rename(scratch, this.path);
    });
    this.#queue = write.catch(() => undefined);
    return write;
  }
}
