import type { Stage } from '../../functions/core/types.js';
import type { WorkflowRecord } from '../../functions/core/workflow-types.js';
import { provideLocalDeps } from '../../functions/adapters/local/local-runtime.js';
import { resetAppDeps } from '../../functions/handlers/deps.js';
import type { LocalStateMachine, TaskHandler } from '../../infra/local/asl/index.js';
import { LocalExecutionEngine } from '../../infra/local/local-execution-engine.js';
import { createWorkflowMachine } from '../../infra/local/workflow-machine.js';
import { fakeAppDeps, type FakeAppDeps, type FakeAppDepsOverrides } from './fakes/index.js';

/** The `codebuild:startBuild.sync` stand-in over a {@link FakeAppDeps}' build runner, with CodeBuild's result and failure shapes. */
export function fakeBuildTask(deps: Pick<FakeAppDeps, 'builds'>): TaskHandler {
  return async (input) => {
    const params = input as { BuildspecOverride?: string; EnvironmentVariablesOverride?: { Name: string; Value: string }[] };
    const env = Object.fromEntries((params.EnvironmentVariablesOverride ?? []).map((v) => [v.Name, v.Value]));
    const info = await deps.builds.start({
      workflowId: env.UPKEEP_WORKFLOW_ID ?? '', component: env.UPKEEP_COMPONENT ?? '', candidateVersion: env.UPKEEP_CANDIDATE_VERSION ?? '',
      currentVersion: env.UPKEEP_CURRENT_VERSION ?? '', buildspec: params.BuildspecOverride ?? '', timeoutSeconds: 600,
    });
    const result = await deps.builds.results(info.id);
    const status = result.status === 'PASSED' ? 'SUCCEEDED' : 'FAILED';
    deps.builds.finish(info.id, status);
    const build = { Build: { Id: info.id, BuildStatus: status } };
    if (status === 'FAILED') throw Object.assign(new Error(JSON.stringify(build)), { name: 'States.TaskFailed' });
    return build;
  };
}

export interface Harness {
  readonly deps: FakeAppDeps;
  readonly machine: LocalStateMachine;
  /** Waits until the workflow reaches one of `stages` (or fails the test after `timeoutMs`). */
  waitForStage(workflowId: string, stages: readonly Stage[], timeoutMs?: number): Promise<WorkflowRecord>;
  /** The audit event types of a workflow, in order. */
  eventTypes(workflowId: string): Promise<string[]>;
}

/**
 * The real update workflow (the ASL file and the Lambda handlers) run locally over in-memory
 * fakes of every port, with waits compressed.
 */
export async function workflowHarness(overrides: FakeAppDepsOverrides = {}, time: { waitScale?: number; timeoutScale?: number } = {}): Promise<Harness> {
  process.env.UPKEEP_RUNTIME = 'local';
  const base = fakeAppDeps(overrides);
  const machine = await createWorkflowMachine({
    buildTask: fakeBuildTask(base),
    clock: base.clock,
    time: { waitScale: time.waitScale ?? 0.0001, maxWaitMs: 2000, timeoutScale: time.timeoutScale ?? 1 },
  });
  const deps: FakeAppDeps = { ...base, engine: new LocalExecutionEngine(machine, 'http://127.0.0.1:8787') as unknown as FakeAppDeps['engine'] };
  resetAppDeps();
  provideLocalDeps(deps);
  return {
    deps,
    machine,
    async waitForStage(workflowId, stages, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const wf = await deps.workflows.get(workflowId);
        if (stages.includes(wf.stage)) return wf;
        if (Date.now() > until) throw new Error(`workflow ${workflowId} is ${wf.stage}, not ${stages.join('/')}, after ${timeoutMs} ms; history: ${wf.history.map((h) => h.stage).join(' → ')}; ${wf.outcomeReason ?? ''}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async eventTypes(workflowId) {
      return (await deps.audit.list(workflowId, { limit: 100 })).items.map((e) => e.type);
    },
  };
}
