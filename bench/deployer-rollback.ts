/**
 * Benchmark: how fast the local deployer takes traffic off a failing candidate.
 *
 * Each run rolls the sample service from 1.0.0 to 1.2.0 (90% of requests fail) with a 10%
 * canary and an `ErrorRate > 5` alarm (1-minute period, 2 of 3 datapoints), time compressed
 * 100×. It reports the time from the alarm breach to all traffic back on 1.0.0 as a multiple
 * of the alarm's evaluation window (period × evaluationPeriods), measured two ways:
 * - from the end of the first breaching datapoint's period (what CloudWatch could know);
 * - from the moment the candidate got traffic, i.e. started failing (what users felt).
 * "Back on 1.0.0" is checked from outside too: a client keeps sending requests through the
 * proxy and the last answer served by 1.2.0 is timed.
 *
 * Run: `npx tsx bench/deployer-rollback.ts`
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalTrafficDeployer, VERSION_HEADER } from '../infra/local/deployer/index.js';
import { freePort } from '../infra/local/free-port.js';
import { createSampleServiceRepo, sampleDeploy } from '../test/fixtures/deployer/sample-service.js';

const RUNS = 5;
const TIME_SCALE = 0.01;
const ALARM = { name: 'error-rate-high', metric: 'ErrorRate', statistic: 'Average', period: '1m', evaluationPeriods: 3, datapointsToAlarm: 2, threshold: 5, comparison: 'GreaterThanThreshold' };
const WINDOW_MS = 60_000 * ALARM.evaluationPeriods * TIME_SCALE;

interface RunResult {
  readonly status: string;
  readonly breachToRestoredMs: number;
  readonly failingToRestoredMs: number;
  /** Last answer from the candidate as seen by a client, after the breach. */
  readonly breachToLastCandidateAnswerMs: number;
}

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  const root = await mkdtemp(join(tmpdir(), 'upkeep-bench-deployer-'));
  try {
    const url = await createSampleServiceRepo(root);
    const results: RunResult[] = [];
    for (let i = 0; i < RUNS; i += 1) results.push(await once(root, url, i));
    const ratio = (ms: number) => ms / WINDOW_MS;
    const failed = results.filter((r) => r.status !== 'ROLLED_BACK').length;
    return {
      runs: RUNS,
      notRolledBack: failed,
      evaluationWindowMs: WINDOW_MS,
      alarm: 'ErrorRate Average > 5, period 1m, 2 of 3 datapoints, time ×0.01',
      breachToRestoredWindowsMedian: round(ratio(median(results.map((r) => r.breachToRestoredMs)))),
      breachToRestoredWindowsMax: round(ratio(Math.max(...results.map((r) => r.breachToRestoredMs)))),
      failingToRestoredWindowsMedian: round(ratio(median(results.map((r) => r.failingToRestoredMs)))),
      failingToRestoredWindowsMax: round(ratio(Math.max(...results.map((r) => r.failingToRestoredMs)))),
      breachToLastCandidateAnswerWindowsMax: round(ratio(Math.max(...results.map((r) => r.breachToLastCandidateAnswerMs)))),
      breachToRestoredMsMedian: Math.round(median(results.map((r) => r.breachToRestoredMs))),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function once(root: string, url: string, index: number): Promise<RunResult> {
  const port = await freePort();
  const deploy = sampleDeploy(port, { strategy: { type: 'canary', percent: 10, interval: '5m' }, alarms: [ALARM] });
  const deployer = new LocalTrafficDeployer({
    dataDir: join(root, `data-${index}`),
    config: () => ({ source: { type: 'git', url, tagPattern: '^v(.+)$' }, deploy }),
    timeScale: TIME_SCALE,
    syntheticTraffic: { requestsPerSecond: 100 },
  });
  let lastCandidateAnswerAt = 0;
  let clientRunning = true;
  const client = (async () => {
    while (clientRunning) {
      const version = await versionOf(port).catch(() => undefined);
      if (version === '1.2.0') lastCandidateAnswerAt = Date.now();
      if (version === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    const { deploymentId } = await deployer.start({ workflowId: `bench-${index}`, component: 'sample', fromVersion: '1.0.0', toVersion: '1.2.0' });
    const final = await deployer.settled(deploymentId);
    // Keep the client going a little: a candidate answer after the switch would show here.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const t = await deployer.timeline(deploymentId);
    const restored = t.trafficRestoredAt ?? Number.NaN;
    return {
      status: final.status,
      breachToRestoredMs: restored - (t.firstBreachAt ?? Number.NaN),
      failingToRestoredMs: restored - (t.firstTrafficAt ?? Number.NaN),
      breachToLastCandidateAnswerMs: Math.max(0, lastCandidateAnswerAt - (t.firstBreachAt ?? Number.NaN)),
    };
  } finally {
    clientRunning = false;
    await client;
    await deployer.close();
  }
}

function versionOf(port: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
      response.resume();
      const header = response.headers[VERSION_HEADER];
      response.on('end', () => resolve(typeof header === 'string' ? header : undefined));
    });
    request.on('error', reject);
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
