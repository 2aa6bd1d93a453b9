/**
 * Benchmark: one detection pass over 1,000 npm components (issue 4). Runs Upkeep's real
 * detector — `detectUpdates` with the real npm source and `PoliteHttpClient`, and the
 * DynamoDB-backed conditional-request cache on in-memory dynalite (what local mode uses) —
 * against the shared simulated registry (`../shared/bench/npm-registry-sim.mjs`, 20 ms
 * injected latency), twice: cold, then a second pass with nothing new. The same run measures
 * the "floor" client (`../shared/bench/floor-client.mjs`: one conditional GET per package, as
 * many at a time as Upkeep sends to one host) and the detector with the in-memory cache.
 * Each client runs in a fresh process, as `upkeep check` would. Reported per pass:
 * - wall time against the ideal (components × latency ÷ concurrency) and against the floor;
 * - requests and bytes per component, from the registry's counters and the client's own;
 * - the share answered 304; DynamoDB calls and CPU time per component.
 *
 * Run: `npm run bench -- detect` (env: BENCH_N, BENCH_LATENCY_MS, BENCH_CONCURRENCY)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoComponentStore } from '../functions/adapters/aws/dynamo-component-store.js';
import { DynamoHttpCache } from '../functions/adapters/aws/dynamo-http-cache.js';
import { MemoryHttpCache } from '../functions/adapters/local/memory-http-cache.js';
import { PoliteHttpClient } from '../functions/adapters/sources/http-client.js';
import { mapLimit } from '../functions/adapters/sources/map-limit.js';
import { createVersionSources } from '../functions/adapters/sources/registry.js';
import type { AppDeps } from '../functions/app/app-deps.js';
import { detectUpdates } from '../functions/app/detect-updates.js';
import type { HttpCache } from '../functions/ports/http-cache.js';
import { startDynalite } from '../infra/local/dynalite.js';
import { spyOnCommands } from '../test/support/dynamo-peer.js';
import { fakeAppDeps } from '../test/support/fakes/index.js';

const N = Number(process.env.BENCH_N ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
/** Requests in flight to the registry: the HTTP client's default per-host limit, and the floor's. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const IDEAL_MS = (N * LATENCY_MS) / CONCURRENCY;

const SELF = fileURLToPath(import.meta.url);
const REPO = resolve(dirname(SELF), '..');
const SHARED = resolve(REPO, '..', 'shared', 'bench');
const SIM = join(SHARED, 'npm-registry-sim.mjs');
const FLOOR = join(SHARED, 'floor-client.mjs');
/** Set in the child process that runs one Upkeep scenario. */
const SCENARIO_ENV = 'UPKEEP_BENCH_DETECT_SCENARIO';
/** How the scenario process prefixes its figures on stdout. */
const PASSES = 'passes: ';

type Scenario = 'dynamo' | 'memory';

/** The part of the simulator's `/-/sim/stats` we report. */
interface SimStats {
  readonly requests: number;
  readonly notModified: number;
  readonly bytes: number;
  readonly peakInFlight: number;
}

/** One pass's figures. */
interface Pass {
  readonly ms: number;
  readonly sim: SimStats;
  /** CPU time of the detecting process during the pass (with dynalite, which runs in it). */
  readonly cpuMs?: number;
  readonly client?: { readonly requests: number; readonly bytes: number; readonly notModified: number };
  readonly dynamoCalls?: number;
  readonly updates: number;
  readonly errors: number;
}

interface Registry {
  readonly url: string;
  stats(): Promise<SimStats>;
  reset(): Promise<void>;
  close(): void;
}

async function startRegistry(): Promise<Registry> {
  if (!existsSync(SIM)) throw new Error(`the simulated npm registry is missing: expected ${SIM} (../shared/bench/ beside the repository)`);
  const child = spawn(process.execPath, [SIM, '0'], {
    env: { ...process.env, SIM_PACKAGES: String(N), LATENCY_MS: String(LATENCY_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((ready, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`npm-registry-sim exited with ${String(code)} before listening`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /port=(\d+)/.exec(out);
      if (match?.[1] !== undefined) ready(match[1]);
    });
  });
  return registryAt(`http://127.0.0.1:${port}`, () => void child.kill('SIGTERM'));
}

function registryAt(url: string, close: () => void): Registry {
  const control = async (method: string, path: string): Promise<SimStats> => (await (await fetch(`${url}${path}`, { method })).json()) as SimStats;
  return { url, stats: () => control('GET', '/-/sim/stats'), reset: async () => void (await control('POST', '/-/sim/reset')), close };
}

async function timed(registry: Registry, fn: () => Promise<Omit<Pass, 'ms' | 'sim'>>): Promise<Pass> {
  await registry.reset();
  const started = performance.now();
  const rest = await fn();
  const ms = performance.now() - started;
  return { ms, sim: await registry.stats(), ...rest };
}

function runNode(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done(out) : fail(new Error(`node ${args.join(' ')} exited with ${String(code)}`))));
  });
}

/** One pass of the floor client in its own process; its time is net of a bare `node` start. */
async function floorPass(registry: Registry, state: string, nodeStartMs: number): Promise<Pass> {
  if (!existsSync(FLOOR)) throw new Error(`the floor client is missing: expected ${FLOOR}`);
  const pass = await timed(registry, async () => {
    const out = await runNode([FLOOR], { BENCH_REGISTRY: `${registry.url}/`, BENCH_N: String(N), BENCH_STATE: state, FLOOR_CONCURRENCY: String(CONCURRENCY) });
    return { updates: Number(/updates=(\d+)/.exec(out)?.[1] ?? Number.NaN), errors: 0 };
  });
  return { ...pass, ms: pass.ms - nodeStartMs };
}

/** Upkeep's cold and warm passes, in a fresh process (this file, in scenario mode). */
async function upkeepPasses(registry: Registry, scenario: Scenario): Promise<[Pass, Pass]> {
  const out = await runNode(['--import', 'tsx', SELF], { [SCENARIO_ENV]: `${scenario} ${registry.url}`, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  const line = out.split('\n').find((l) => l.startsWith(PASSES));
  if (line === undefined) throw new Error(`the ${scenario} scenario printed no figures`);
  return JSON.parse(line.slice(PASSES.length)) as [Pass, Pass];
}

/** Scenario mode: a fresh table and cache, 1,000 components, then a cold and a warm pass. */
async function scenario(kind: Scenario, registry: Registry): Promise<[Pass, Pass]> {
  const db = await startDynalite({ inMemory: true });
  try {
    const store = { tableName: db.tableName, client: db.client };
    const dynamoCalls = spyOnCommands(db.client);
    const cache: HttpCache = kind === 'dynamo' ? new DynamoHttpCache(store) : new MemoryHttpCache();
    const http = new PoliteHttpClient({ cache, maxConcurrencyPerHost: CONCURRENCY });
    const sources = createVersionSources({ http });
    const components = new DynamoComponentStore(store);
    const at = new Date().toISOString();
    await mapLimit(Array.from({ length: N }, (_, i) => `pkg-${String(i).padStart(4, '0')}`), 32, (name) => components.register({
      name, current: '1.0.0', scheme: 'semver', source: { type: 'npm', package: name, registry: registry.url }, quarantined: [], createdAt: at, updatedAt: at,
    }));
    const deps: AppDeps = { ...fakeAppDeps(), components, clock: { now: () => new Date() }, sources: (type) => sources[type] };
    const pass = (): Promise<Pass> => timed(registry, async () => {
      http.resetStats();
      dynamoCalls.length = 0;
      const cpu = process.cpuUsage();
      const results = await detectUpdates(deps, { startWorkflows: false });
      const used = process.cpuUsage(cpu);
      const { total } = http.stats();
      return {
        cpuMs: (used.user + used.system) / 1000,
        client: { requests: total.requests, bytes: total.bytes, notModified: total.notModified },
        dynamoCalls: dynamoCalls.length,
        updates: results.filter((r) => r.updateAvailable).length,
        errors: results.filter((r) => r.error !== null).length,
      };
    });
    return [await pass(), await pass()];
  } finally {
    await db.close();
  }
}

const r2 = (x: number): number => Math.round(x * 100) / 100;
const share = (part: number, whole: number): string => `${r2((100 * part) / Math.max(1, whole))}%`;

function figures(label: string, pass: Pass, floor: Pass): Record<string, number | string> {
  return {
    [`${label} ms`]: Math.round(pass.ms),
    [`${label} × ideal`]: r2(pass.ms / IDEAL_MS),
    [`${label} × floor`]: r2(pass.ms / floor.ms),
    [`${label} 304 share`]: share(pass.sim.notModified, pass.sim.requests),
    [`${label} registry requests/component`]: r2(pass.sim.requests / N),
    [`${label} registry bytes/component (wire, gzip)`]: Math.round(pass.sim.bytes / N),
    ...(pass.client === undefined ? {} : {
      [`${label} client requests/component`]: r2(pass.client.requests / N),
      [`${label} client bytes/component (decoded)`]: Math.round(pass.client.bytes / N),
    }),
    ...(pass.dynamoCalls === undefined ? {} : { [`${label} DynamoDB calls/component`]: r2(pass.dynamoCalls / N) }),
    ...(pass.cpuMs === undefined ? {} : { [`${label} CPU ms/component`]: r2(pass.cpuMs / N) }),
    [`${label} registry peak in flight`]: pass.sim.peakInFlight,
    [`${label} updates found / errors`]: `${pass.updates} / ${pass.errors}`,
  };
}

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<Record<string, number | string>> {
  const registry = await startRegistry();
  const state = await mkdtemp(join(tmpdir(), 'upkeep-bench-floor-'));
  try {
    // Warm the registry process (JIT, sockets) so the first measured pass does not pay for it.
    await Promise.all(Array.from({ length: 64 }, () => fetch(`${registry.url}/-/ping`).then((r) => r.arrayBuffer())));
    const nodeStart = performance.now();
    await runNode(['-e', '0']);
    const nodeStartMs = performance.now() - nodeStart;
    const floorCold = await floorPass(registry, state, nodeStartMs);
    const floorWarm = await floorPass(registry, state, nodeStartMs);
    const [dynamoCold, dynamoWarm] = await upkeepPasses(registry, 'dynamo');
    const [memoryCold, memoryWarm] = await upkeepPasses(registry, 'memory');
    return {
      components: N,
      'latency ms': LATENCY_MS,
      'concurrency (requests in flight to the registry, Upkeep and floor)': CONCURRENCY,
      'ideal ms (components × latency ÷ concurrency)': IDEAL_MS,
      'floor cold ms (net of node start)': Math.round(floorCold.ms),
      'floor cold × ideal': r2(floorCold.ms / IDEAL_MS),
      'floor warm ms (net of node start)': Math.round(floorWarm.ms),
      'floor warm × ideal': r2(floorWarm.ms / IDEAL_MS),
      'floor warm 304 share': share(floorWarm.sim.notModified, floorWarm.sim.requests),
      'floor cold registry bytes/component (wire, gzip)': Math.round(floorCold.sim.bytes / N),
      ...figures('dynamo-cache cold', dynamoCold, floorCold),
      ...figures('dynamo-cache warm', dynamoWarm, floorWarm),
      ...figures('memory-cache cold', memoryCold, floorCold),
      ...figures('memory-cache warm', memoryWarm, floorWarm),
    };
  } finally {
    registry.close();
    await rm(state, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const child = process.env[SCENARIO_ENV]?.split(' ');
  const work = child === undefined
    ? run().then((figures) => JSON.stringify(figures, null, 2))
    : scenario(child[0] as Scenario, registryAt(child[1] ?? '', () => undefined)).then((passes) => `${PASSES}${JSON.stringify(passes)}`);
  work.then((text) => console.log(text), (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
