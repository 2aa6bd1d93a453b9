import { PipelineFailedError, ValidationError } from '../../core/errors.js';
import type { PipelineRun } from '../../ports/pipeline-trigger.js';
import type { AppDeps } from '../app-deps.js';
import { componentConfig } from '../component-settings.js';
import { journal } from '../workflow-journal.js';

export interface PipelineState {
  readonly runId: string;
  readonly status: PipelineRun['status'];
}

async function triggerFor(deps: AppDeps, component: string) {
  const pipeline = componentConfig(await deps.config.get(), component)?.pipeline;
  if (pipeline === undefined) throw new ValidationError(`${component} has no pipeline configured`);
  return deps.pipelines(pipeline);
}

/** Starts the component's CI/CD run with the candidate's coordinates. */
export async function triggerPipeline(deps: AppDeps, input: { readonly workflowId: string }): Promise<PipelineState> {
  const wf = await deps.workflows.get(input.workflowId);
  const run = await (await triggerFor(deps, wf.component)).start({
    workflowId: wf.id, component: wf.component, version: wf.version, ...(wf.release?.checksum ? { checksum: wf.release.checksum } : {}),
  });
  await journal(deps, wf.id, () => ({ stage: 'DEPLOYING', pipelineRun: { provider: run.provider, runId: run.runId, status: run.status, ...(run.url ? { url: run.url } : {}) } }), {
    type: 'PIPELINE_STARTED', message: `${run.provider} run ${run.runId} started${run.url ? `: ${run.url}` : ''}`, details: { runId: run.runId, url: run.url },
  });
  return { runId: run.runId, status: run.status };
}

/** Follows the run; a failed or cancelled run fails the workflow with the provider's reason. */
export async function checkPipeline(deps: AppDeps, input: { readonly workflowId: string }): Promise<PipelineState> {
  const wf = await deps.workflows.get(input.workflowId);
  const runId = wf.pipelineRun?.runId;
  if (runId === undefined) throw new ValidationError(`workflow ${wf.id} has no pipeline run to check`);
  const run = await (await triggerFor(deps, wf.component)).status(runId);
  if (run.status !== wf.pipelineRun?.status) {
    await journal(deps, wf.id, (w) => ({ pipelineRun: { ...w.pipelineRun, provider: run.provider, runId, status: run.status, ...(run.url ? { url: run.url } : {}) } }), {
      type: `PIPELINE_${run.status}`, message: `${run.provider} run ${runId} is ${run.status}${run.reason ? `: ${run.reason}` : ''}`, details: { runId, artifacts: run.artifacts ?? [] },
    });
  }
  if (run.status === 'FAILED' || run.status === 'CANCELLED') {
    throw new PipelineFailedError(`${run.provider} run ${runId} ${run.status.toLowerCase()}${run.reason ? `: ${run.reason}` : ''}`);
  }
  return { runId, status: run.status };
}
