/**
 * Benchmark: the local API under load with 10,000 stored workflows (issue 9). Starts local mode
 * (one component, no schedule), stores 10,000 finished workflows, then drives
 * `GET /api/self-update/status` and `GET /api/self-update/workflows` with `wrk` (Debian's wrk;
 * the benchmark says so and stops when it is missing) and reports requests per second and the
 * p99 latency of each. Target on this 2-core machine: ≥ 1,000 requests/s and p99 ≤ 50 ms.
 *
 * Run: `npm run bench -- api-load` (env: BENCH_WORKFLOWS, BENCH_SECONDS, BENCH_CONNECTIONS)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { WorkflowRecord } from '../functions/core/workflow-types.js';
import { startLocalRuntime } from '../infra/local/runtime.js';

const run = promisify(execFile);
const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

function finished(i: number): Omit<WorkflowRecord, 'rev'> {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  const end = new Date(Date.UTC(2026, 0, 1) + i * 60_000 + 30_000).toISOString();
  const stage = i % 10 === 0 ? 'ROLLED_BACK' : i % 7 === 0 ? 'REJECTED' : 'SUCCEEDED';
  return {
    id: `wf-${String(i).padStart(6, '0')}`, component: `svc-${i % 200}`, version: `1.${Math.floor(i / 200)}.${i % 200}`, fromVersion: '1.0.0',
    stage, createdAt: at, updatedAt: end, endedAt: end, outcomeReason: stage.toLowerCase(),
    history: [{ stage: 'DETECTED', at }, { stage: 'SIMULATING', at }, { stage, at: end }],
    simulation: { status: 'PASSED', suites: { unit: { run: 10, passed: 10, failed: 0, skipped: 0 } }, durationSeconds: 12 },
  };
}

async function wrk(url: string, token: string): Promise<{ rps: number; p99ms: number; errors: string }> {
  const { stdout } = await run('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '-H', `Authorization: Bearer ${token}`, url], { maxBuffer: 1 << 20 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const unit = p99?.[2] === 'us' ? 0.001 : p99?.[2] === 's' ? 1000 : 1;
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0';
  return { rps: Math.round(rps), p99ms: Math.round(Number(p99?.[1]) * unit * 10) / 10, errors };
}

export async function run_(): Promise<Record<string, number | string>> {
  if (!existsSync('/usr/bin/wrk')) throw new Error('this benchmark drives the API with wrk: apt-get install wrk');
  const dataDir = await mkdtemp(join(tmpdir(), 'upkeep-api-load-'));
  const config = join(dataDir, 'upkeep.yaml');
  await writeFile(config, 'version: 1\ncomponents:\n  - { name: svc-0, current: "1.0.0", source: { type: git, url: "file:///nonexistent.git" } }\n');
  const runtime = await startLocalRuntime({ configPath: config, dataDir, port: 0, schedule: false });
  try {
    const started = performance.now();
    for (let i = 0; i < WORKFLOWS; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, WORKFLOWS - i) }, (_, k) => runtime.deps.workflows.create(finished(i + k))));
    }
    const seeded = performance.now() - started;
    // One request each first, as a user's first page load would: the status snapshot is built then.
    const warm = performance.now();
    await fetch(`${runtime.url}/api/self-update/status`, { headers: { authorization: `Bearer ${runtime.token}` } });
    const firstStatusMs = performance.now() - warm;
    const status = await wrk(`${runtime.url}/api/self-update/status`, runtime.token);
    const workflows = await wrk(`${runtime.url}/api/self-update/workflows`, runtime.token);
    return {
      'stored workflows': WORKFLOWS,
      'seeding ms': Math.round(seeded),
      'first status ms (reads every workflow)': Math.round(firstStatusMs),
      [`status requests/s (${CONNECTIONS} connections, ${SECONDS} s)`]: status.rps,
      'status p99 ms': status.p99ms,
      'status non-2xx': status.errors,
      'workflows requests/s': workflows.rps,
      'workflows p99 ms': workflows.p99ms,
      'workflows non-2xx': workflows.errors,
    };
  } catch (error) {
    console.error('api-load failed before closing:', error);
    throw error;
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export { run_ as run };

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run_().then((figures) => console.log(JSON.stringify(figures, null, 2)), (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
