/**
 * Benchmark: the workflow engine's own overhead. Runs the real update workflow (the ASL file,
 * the Lambda handlers, the DynamoDB store on dynalite) with a no-op build and deploy and every
 * wait compressed to nothing, and reports:
 * - sequential: one workflow after another → workflows per second and ms per workflow;
 * - concurrent: 100 workflows started at once → how long until all finished, and how many were
 *   lost (did not reach SUCCEEDED).
 *
 * Run: `npx tsx bench/engine.ts` or `npm run bench -- engine`
 */
import '../infra/local/asl/polyfill.js';
import { pathToFileURL } from 'node:url';
import { detectUpdates } from '../functions/app/detect-updates.js';
import { DynamoApprovalStore } from '../functions/adapters/aws/dynamo-approval-store.js';
import { DynamoAuditLog } from '../functions/adapters/aws/dynamo-audit-log.js';
import { DynamoComponentStore } from '../functions/adapters/aws/dynamo-component-store.js';
import { DynamoPolicyStore } from '../functions/adapters/aws/dynamo-policy-store.js';
import { DynamoWorkflowStore } from '../functions/adapters/aws/dynamo-workflow-store.js';
import { provideLocalDeps } from '../functions/adapters/local/local-runtime.js';
import { resetAppDeps } from '../functions/handlers/deps.js';
import type { Stage } from '../functions/core/types.js';
import { startDynalite } from '../infra/local/dynalite.js';
import { LocalExecutionEngine } from '../infra/local/local-execution-engine.js';
import { createWorkflowMachine } from '../infra/local/workflow-machine.js';
import { fakeBuildTask } from '../test/support/workflow-harness.js';
import { PASSING_SIMULATION, StaticConfigProvider, fakeAppDeps, seedComponents, testComponent, testConfig, type FakeAppDeps } from '../test/support/fakes/index.js';

const CONCURRENT = 100;
const SEQUENTIAL = 20;

async function setup(components: number) {
  process.env.UPKEEP_RUNTIME = 'local';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const db = await startDynalite({ inMemory: true });
  const store = { tableName: db.tableName, client: db.client };
  const names = Array.from({ length: components }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const deploy = { target: { type: 'lambda', functionName: 'svc' }, strategy: { type: 'all-at-once' }, bake: '0s' } as const;
  const config = new StaticConfigProvider(testConfig({ components: names.map((name) => testComponent({ name, source: { type: 'npm', package: name }, simulation: { buildspec: 'buildspec.yml' }, deploy })) }));
  const base = fakeAppDeps({ config });
  const deps: FakeAppDeps = {
    ...base,
    clock: { now: () => new Date(), advance: () => new Date(), set: () => new Date() } as unknown as FakeAppDeps['clock'],
    workflows: new DynamoWorkflowStore(store) as unknown as FakeAppDeps['workflows'],
    audit: new DynamoAuditLog(store) as unknown as FakeAppDeps['audit'],
    components: new DynamoComponentStore(store) as unknown as FakeAppDeps['components'],
    policies: new DynamoPolicyStore(store) as unknown as FakeAppDeps['policies'],
    approvals: new DynamoApprovalStore(store) as unknown as FakeAppDeps['approvals'],
  };
  const machine = await createWorkflowMachine({ buildTask: fakeBuildTask(deps), time: { waitScale: 0, maxWaitMs: 0 } });
  const all: FakeAppDeps = { ...deps, engine: new LocalExecutionEngine(machine, 'http://127.0.0.1') as unknown as FakeAppDeps['engine'] };
  resetAppDeps();
  provideLocalDeps(all);
  await seedComponents(all);
  const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
  for (const name of names) {
    all.source.publish(name, [{ version: '1.4.0', releasedAt: old }, { version: '1.4.1', releasedAt: old, checksum: `sha256:${name}` }]);
    all.builds.scriptFor(name, '1.4.1', PASSING_SIMULATION);
  }
  return { deps: all, machine, names, close: () => db.close() };
}

async function finished(deps: FakeAppDeps, ids: readonly string[], timeoutMs: number): Promise<Map<string, Stage>> {
  const end = Date.now() + timeoutMs;
  const done = new Map<string, Stage>();
  while (done.size < ids.length && Date.now() < end) {
    for (const id of ids) {
      if (done.has(id)) continue;
      const wf = await deps.workflows.get(id);
      if (wf.endedAt !== undefined) done.set(id, wf.stage);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return done;
}

export async function run(): Promise<Record<string, number | string>> {
  const seq = await setup(SEQUENTIAL);
  const seqStart = performance.now();
  for (const name of seq.names) {
    const [result] = await detectUpdates(seq.deps, { startWorkflows: true, only: [name] });
    await finished(seq.deps, [result?.workflowId ?? ''], 30_000);
  }
  const seqMs = performance.now() - seqStart;
  await seq.close();

  const conc = await setup(CONCURRENT);
  const concStart = performance.now();
  const results = await detectUpdates(conc.deps, { startWorkflows: true, concurrency: CONCURRENT });
  const ids = results.map((r) => r.workflowId ?? '');
  const outcome = await finished(conc.deps, ids, 120_000);
  const concMs = performance.now() - concStart;
  const succeeded = [...outcome.values()].filter((s) => s === 'SUCCEEDED').length;
  await conc.close();
  return {
    'sequential workflows': SEQUENTIAL,
    'sequential ms per workflow (detect → SUCCEEDED)': Math.round(seqMs / SEQUENTIAL),
    'sequential workflows per second': Math.round((SEQUENTIAL / seqMs) * 1000 * 100) / 100,
    'concurrent workflows started': CONCURRENT,
    'concurrent wall time ms': Math.round(concMs),
    'concurrent workflows per second': Math.round((CONCURRENT / concMs) * 1000 * 100) / 100,
    'concurrent succeeded': succeeded,
    'concurrent lost': CONCURRENT - succeeded,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((figures) => console.log(JSON.stringify(figures, null, 2)), (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
