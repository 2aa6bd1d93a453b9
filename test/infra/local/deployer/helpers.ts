/** Shared bits of the local deployer's process-and-traffic tests. */
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolloutProgress } from '../../../../functions/core/workflow-types.js';
import { LocalTrafficDeployer, type LocalTrafficDeployerOptions } from '../../../../infra/local/deployer/index.js';
import { freePort } from '../../../../infra/local/free-port.js';
import { createSampleServiceRepo, sampleDeploy } from '../../../fixtures/deployer/sample-service.js';

/** What a batch of requests through the proxy met. */
export interface TrafficTally {
  /** Answers per version, as the service itself reported it in its body. */
  readonly versions: Record<string, number>;
  readonly statuses: Record<number, number>;
}

/** Sends `count` GET requests one after another to 127.0.0.1:`port` and tallies the answers. */
export async function sendThrough(port: number, count: number, path = '/'): Promise<TrafficTally> {
  const versions: Record<string, number> = {};
  const statuses: Record<number, number> = {};
  for (let i = 0; i < count; i += 1) {
    const { status, body } = await getText(port, path);
    statuses[status] = (statuses[status] ?? 0) + 1;
    const version = (/"version":"([^"]+)"/.exec(body) ?? [])[1] ?? 'none';
    versions[version] = (versions[version] ?? 0) + 1;
  }
  return { versions, statuses };
}

function getText(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

/** Polls `status` until the deployment ends; returns the candidate weights seen, in order. */
export async function followWeights(deployer: LocalTrafficDeployer, deploymentId: string): Promise<{ weights: number[]; final: RolloutProgress }> {
  const weights: number[] = [];
  for (;;) {
    const progress = await deployer.status(deploymentId);
    if (progress.status === 'IN_PROGRESS' && progress.candidateWeight > 0 && weights.at(-1) !== progress.candidateWeight) weights.push(progress.candidateWeight);
    if (progress.status !== 'IN_PROGRESS') return { weights, final: progress };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once `predicate` holds for the deployment's progress. */
export async function until(deployer: LocalTrafficDeployer, deploymentId: string, predicate: (p: RolloutProgress) => boolean, ms = 15_000): Promise<RolloutProgress> {
  const deadline = Date.now() + ms;
  for (;;) {
    const progress = await deployer.status(deploymentId);
    if (predicate(progress)) return progress;
    if (Date.now() > deadline) throw new Error(`deployment never reached the expected state; last: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** True while a process group with this id has any member. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of live processes whose working directory is under `root` (Linux `/proc`; empty elsewhere). */
export async function processesUnder(root: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  for (const entry of entries.filter((name) => /^\d+$/.test(name))) {
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
    if (cwd.startsWith(root)) found.push(Number(entry));
  }
  return found;
}

/** Alarms the tests use: error rate above 5% in 2 of 3 one-minute periods, p90 latency above 150 ms in 2 of 2. */
export const ERROR_RATE_ALARM = { name: 'error-rate-high', metric: 'ErrorRate', statistic: 'Average', period: '1m', evaluationPeriods: 3, datapointsToAlarm: 2, threshold: 5, comparison: 'GreaterThanThreshold' };
export const LATENCY_ALARM = { name: 'latency-high', metric: 'Latency', statistic: 'p90', period: '1m', evaluationPeriods: 2, threshold: 150, comparison: 'GreaterThanThreshold' };

/**
 * A sample service repository and the deployers made on it; `track` samples every process the
 * deployers start, so the suite can check none survives.
 */
export class DeployerLab {
  public readonly pids = new Set<number>();
  readonly #deployers: LocalTrafficDeployer[] = [];
  readonly #timers: NodeJS.Timeout[] = [];

  private constructor(public readonly root: string, public readonly url: string) {}

  public static async create(): Promise<DeployerLab> {
    const root = await mkdtemp(join(tmpdir(), 'upkeep-deployer-'));
    return new DeployerLab(root, await createSampleServiceRepo(root));
  }

  /** A deployer on a fresh port with the sample component configured by `deploy` (merged into the defaults). */
  public async deployer(deploy: Record<string, unknown>, options: Partial<LocalTrafficDeployerOptions> & { dataDir?: string } = {}): Promise<{ deployer: LocalTrafficDeployer; port: number }> {
    const port = await freePort();
    const config = sampleDeploy(port, deploy);
    const deployer = new LocalTrafficDeployer({
      dataDir: options.dataDir ?? (await mkdtemp(join(this.root, 'data-'))),
      config: (name) => (name === 'sample' ? { source: { type: 'git', url: this.url, tagPattern: '^v(.+)$' }, deploy: config } : undefined),
      timeScale: 0.01,
      syntheticTraffic: { requestsPerSecond: 100 },
      ...options,
    });
    this.#deployers.push(deployer);
    this.#timers.push(setInterval(() => {
      for (const { pid } of deployer.processes()) if (pid !== undefined) this.pids.add(pid);
    }, 10));
    return { deployer, port };
  }

  /** Closes every deployer made so far. */
  public async closeAll(): Promise<void> {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    await Promise.all(this.#deployers.splice(0).map((deployer) => deployer.close()));
  }

  public async dispose(): Promise<void> {
    await this.closeAll();
    await rm(this.root, { recursive: true, force: true });
  }
}
