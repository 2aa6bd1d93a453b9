import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  paginateListActionExecutions,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import type { PipelineConfig } from '../../core/config/pipeline-schema.js';
import { ForbiddenError, NotFoundError, TransientError, ValidationError } from '../../core/errors.js';
import type { PipelineRun, PipelineRunRequest, PipelineTrigger } from '../../ports/pipeline-trigger.js';
import { traced } from '../aws/traced-client.js';
import { runParameters } from './pipeline-http.js';

/** The `codepipeline` entry of a component's `pipeline`. */
export type CodepipelinePipeline = Extract<PipelineConfig, { provider: 'codepipeline' }>;

/** Collaborators of {@link CodepipelineTrigger}. */
export interface CodepipelineTriggerOptions {
  /** @default - a new `CodePipelineClient` for the Lambda's region */
  readonly client?: CodePipelineClient;
}

/** Errors worth another try: throttling, concurrent changes, the service itself failing. */
const TRANSIENT = new Set([
  'ThrottlingException', 'ConcurrentModificationException', 'ConcurrentPipelineExecutionsLimitExceededException', 'ConflictException',
  'RequestFailedException', 'ServiceUnavailableException', 'InternalFailure',
]);
const DENIED = new Set(['AccessDeniedException', 'UnrecognizedClientException', 'ExpiredTokenException', 'InvalidClientTokenId']);
/** Stop answers for an execution that already finished or is already stopping: nothing to do. */
const ALREADY_STOPPED = new Set(['PipelineExecutionNotStoppableException', 'DuplicatedStopRequestException']);

/**
 * AWS CodePipeline (V2 pipelines, which take variables): `StartPipelineExecution` with the
 * pipeline-level variables `component`, `version`, `checksum`, `upkeep_run_id` (the pipeline
 * must declare them) and the configured ones, and a `clientRequestToken` derived from the
 * workflow id, so a retried `start` returns the same execution instead of starting another.
 * The answer carries the execution id: nothing is looked up. Artifacts are the output
 * artifacts of the execution's actions (`ListActionExecutions`), as `s3://` locations.
 *
 * `runId` is the pipeline execution id.
 *
 * @example
 * ```ts
 * const cp = new CodepipelineTrigger({ provider: 'codepipeline', name: 'api-deploy', variables: {}, timeout: '1h' });
 * const { runId } = await cp.start({ workflowId, component: 'api', version: '1.2.4' });
 * ```
 */
export class CodepipelineTrigger implements PipelineTrigger {
  readonly #client: CodePipelineClient;

  public constructor(
    private readonly config: CodepipelinePipeline,
    options: CodepipelineTriggerOptions = {},
  ) {
    this.#client = options.client ?? traced(new CodePipelineClient({}));
  }

  public async start(request: PipelineRunRequest): Promise<PipelineRun> {
    const variables = Object.entries(runParameters(request, this.config.variables, 'input'))
      .filter(([, value]) => value !== '') // CodePipeline rejects empty values
      .map(([name, value]) => ({ name, value }));
    const out = await this.#call('start', () => this.#client.send(new StartPipelineExecutionCommand({
      name: this.config.name, variables, clientRequestToken: requestToken(request.workflowId),
    })));
    const runId = out.pipelineExecutionId;
    if (runId === undefined) throw new TransientError(`CodePipeline started ${this.config.name} without answering an execution id`);
    return { provider: 'codepipeline', runId, status: 'QUEUED', url: await this.#url(runId) };
  }

  public async status(runId: string): Promise<PipelineRun> {
    const out = await this.#call(`read execution ${runId} of`, () => this.#client.send(new GetPipelineExecutionCommand({
      pipelineName: this.config.name, pipelineExecutionId: runId,
    })));
    const summary = out.pipelineExecution?.statusSummary;
    const base = { provider: 'codepipeline', runId, url: await this.#url(runId) };
    switch (out.pipelineExecution?.status) {
      case 'Succeeded':
        return { ...base, status: 'SUCCEEDED', artifacts: await this.#artifacts(runId) };
      case 'Failed':
        return { ...base, status: 'FAILED', artifacts: await this.#artifacts(runId), reason: summary ?? 'the execution failed' };
      case 'Stopped':
      case 'Cancelled':
        return { ...base, status: 'CANCELLED', reason: summary ?? 'the execution was stopped' };
      case 'Superseded':
        return { ...base, status: 'CANCELLED', reason: 'a newer execution of the pipeline superseded this one' };
      case 'InProgress':
      case 'Stopping':
        return { ...base, status: 'RUNNING' };
      default:
        return { ...base, status: 'QUEUED' };
    }
  }

  public async cancel(runId: string): Promise<void> {
    await this.#call(`stop execution ${runId} of`, async () => {
      try {
        await this.#client.send(new StopPipelineExecutionCommand({
          pipelineName: this.config.name, pipelineExecutionId: runId, abandon: false, reason: 'Cancelled by Upkeep',
        }));
      } catch (error) {
        if (!ALREADY_STOPPED.has(awsName(error))) throw error;
      }
    });
  }

  async #artifacts(runId: string): Promise<NonNullable<PipelineRun['artifacts']>> {
    const seen = new Map<string, { name: string; url?: string }>();
    const pages = paginateListActionExecutions({ client: this.#client }, { pipelineName: this.config.name, filter: { pipelineExecutionId: runId } });
    await this.#call(`list actions of execution ${runId} of`, async () => {
      for await (const page of pages) {
        for (const detail of page.actionExecutionDetails ?? []) {
          for (const artifact of detail.output?.outputArtifacts ?? []) {
            const { bucket, key } = artifact.s3location ?? {};
            const url = bucket === undefined || key === undefined ? undefined : `s3://${bucket}/${key}`;
            const name = artifact.name ?? url;
            if (name !== undefined) seen.set(`${name} ${url ?? ''}`, { name, ...(url === undefined ? {} : { url }) });
          }
        }
      }
    });
    return [...seen.values()];
  }

  /** The execution's page in the console, in the client's region. */
  async #url(runId: string): Promise<string> {
    const region = await this.#client.config.region();
    const name = encodeURIComponent(this.config.name);
    return `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${name}/executions/${encodeURIComponent(runId)}/timeline?region=${region}`;
  }

  /** Runs one SDK call, translating its errors into Upkeep errors that name the pipeline. */
  async #call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (cause) {
      const name = awsName(cause);
      const message = `CodePipeline could not ${what} pipeline "${this.config.name}"`;
      const options = { cause, context: { pipeline: this.config.name, awsError: name } };
      if (name === 'PipelineNotFoundException') throw new NotFoundError(`${message}: no such pipeline in this account and region`, options);
      if (name === 'PipelineExecutionNotFoundException') throw new NotFoundError(`${message}: no such execution`, options);
      if (DENIED.has(name)) throw new ForbiddenError(`${message}: the role lacks the codepipeline permission or its credentials are invalid (${name})`, options);
      if (name === 'ValidationException') throw new ValidationError(`${message}: ${(cause as Error).message} (a V2 pipeline must declare every variable Upkeep passes)`, [], { cause });
      if (TRANSIENT.has(name) || isRetryable(cause)) throw new TransientError(`${message}: ${(cause as Error).message}`, options);
      throw cause; // anything else keeps the SDK's own name and message
    }
  }
}

function awsName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function isRetryable(error: unknown): boolean {
  const fault = (error as { $fault?: unknown } | null)?.$fault;
  return fault === 'server' || (error as { $retryable?: unknown } | null)?.$retryable !== undefined;
}

/** CodePipeline's idempotency token: 1–128 of `[A-Za-z0-9-]`. */
function requestToken(workflowId: string): string {
  return `upkeep-${workflowId.replace(/[^A-Za-z0-9-]/g, '-')}`.slice(0, 128);
}
