import { SUITE_KINDS, type SimulationResult } from '../../core/types.js';
import { simulationPassRate } from '../../core/risk.js';
import type { SimulationConfig } from '../../core/config/schema.js';
import type { AppDeps } from '../app-deps.js';
import { componentConfig } from '../component-settings.js';
import { journal } from '../workflow-journal.js';

export interface CollectResultsInput {
  readonly workflowId: string;
  readonly buildId?: string;
  readonly buildStatus?: string;
  /** The error a failed `startBuild.sync` task gave (`Error`, `Cause` with the build as JSON). */
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
}

/** The build id in a failed `.sync` task's cause, which is the build as JSON. */
function buildIdFromCause(cause: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(cause ?? '') as { Build?: { Id?: string }; Id?: string };
    return parsed.Build?.Id ?? parsed.Id;
  } catch {
    return undefined;
  }
}

/** Applies the component's own bar: every required suite reported, and the pass rate met. */
export function judge(result: SimulationResult, config: SimulationConfig | undefined): SimulationResult {
  if (result.status === 'FAILED' || config === undefined) return result;
  const missing = config.suites.filter((s) => result.suites[s] === undefined);
  if (missing.length > 0) return { ...result, status: 'FAILED', reason: `required suite(s) not reported: ${missing.join(', ')}` };
  const rate = simulationPassRate(result);
  if (rate === null) return { ...result, status: 'FAILED', reason: 'the build reported no tests' };
  if (rate < config.minPassRate) {
    return { ...result, status: 'FAILED', reason: `pass rate ${(rate * 100).toFixed(1)}% is below the required ${(config.minPassRate * 100).toFixed(1)}%` };
  }
  return result;
}

/** Reads the simulation's per-suite results and benchmark, and records them. */
export async function collectResults(deps: AppDeps, input: CollectResultsInput): Promise<{ readonly status: SimulationResult['status'] }> {
  const wf = await deps.workflows.get(input.workflowId);
  const config = componentConfig(await deps.config.get(), wf.component)?.simulation;
  const buildId = input.buildId ?? buildIdFromCause(input.failure?.Cause);
  let result: SimulationResult;
  if (buildId !== undefined) {
    result = await deps.builds.results(buildId);
  } else {
    const timedOut = input.failure?.Error === 'States.Timeout';
    result = { status: 'FAILED', suites: {}, durationSeconds: 0, reason: timedOut ? 'the simulation exceeded its time limit' : `the simulation could not run: ${input.failure?.Error ?? 'unknown error'}` };
  }
  const judged = judge(result, config);
  const counts = SUITE_KINDS.flatMap((k) => {
    const s = judged.suites[k];
    return s === undefined ? [] : [`${k} ${s.passed}/${s.run}`];
  });
  await journal(deps, input.workflowId, () => ({ simulation: judged, stage: 'EVALUATING' }), {
    type: 'SIMULATED',
    message: `Simulation ${judged.status}${judged.reason ? `: ${judged.reason}` : ''}${counts.length ? ` (${counts.join(', ')})` : ''}`,
    details: { buildId, status: judged.status },
  });
  return { status: judged.status };
}
