import {
  DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ExecutionStatus, HistoryEvent } from '@aws-sdk/client-sfn';
import { BadResponseError } from '../../core/errors.js';
import type { ExecutionEngine, ExecutionInfo, ExecutionStep } from '../../ports/execution-engine.js';
import { executionConsoleUrl } from './execution-console.js';
import { toSfnError } from './sfn-errors.js';
import { traced } from './traced-client.js';

/** Options of {@link SfnExecutionEngine}. */
export interface SfnExecutionEngineOptions {
  /** The update workflow's state machine (`UPKEEP_STATE_MACHINE_ARN`). */
  readonly stateMachineArn: string;
  /** @default - a client built from the Lambda's environment (region and credentials) */
  readonly client?: SFNClient;
}

/** Step Functions' own limits on `SendTaskFailure`'s fields. */
const MAX_ERROR_CHARS = 256;
const MAX_CAUSE_CHARS = 32_768;

function iso(date: Date | undefined, what: string): string {
  if (date === undefined) throw new BadResponseError(`Step Functions answered without ${what}`);
  return date.toISOString();
}

/**
 * {@link ExecutionEngine} on AWS Step Functions (Standard): one execution per
 * component+version, and task tokens settled with `SendTaskSuccess`/`SendTaskFailure`.
 *
 * Starting with a name already in use is idempotent in AWS when the input is the same and the
 * execution is still running (the same ARN comes back); any other reuse is
 * `ExecutionAlreadyExists`. A used or unknown token is `TaskDoesNotExist`, a timed-out one
 * `TaskTimedOut`, a malformed one `InvalidToken` (see `sfn-errors.ts`).
 *
 * @example
 * ```ts
 * const engine = new SfnExecutionEngine({ stateMachineArn: process.env[ENV.stateMachineArn]! });
 * const run = await engine.startExecution({ name: executionName('api', '1.2.4', id), input: { workflowId: id } });
 * console.log(engine.executionUrl(run.executionArn));
 * ```
 */
export class SfnExecutionEngine implements ExecutionEngine {
  readonly #stateMachineArn: string;
  readonly #client: SFNClient;

  public constructor(options: SfnExecutionEngineOptions) {
    this.#stateMachineArn = options.stateMachineArn;
    this.#client = options.client ?? traced(new SFNClient({}));
  }

  public async startExecution(request: { readonly name: string; readonly input: unknown }): Promise<ExecutionInfo> {
    try {
      const out = await this.#client.send(
        new StartExecutionCommand({ stateMachineArn: this.#stateMachineArn, name: request.name, input: JSON.stringify(request.input ?? {}) }),
      );
      if (out.executionArn === undefined) throw new BadResponseError('Step Functions started an execution but gave no ARN');
      return { executionArn: out.executionArn, name: request.name, status: 'RUNNING', startDate: iso(out.startDate, 'a start date') };
    } catch (error) {
      throw toSfnError(error, `start execution ${request.name}`);
    }
  }

  public async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    try {
      await this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }));
    } catch (error) {
      // Never put the token in a message: it settles the task for whoever holds it.
      throw toSfnError(error, 'settle a task (success)');
    }
  }

  public async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    try {
      await this.#client.send(
        new SendTaskFailureCommand({ taskToken, error: error.slice(0, MAX_ERROR_CHARS), cause: cause.slice(0, MAX_CAUSE_CHARS) }),
      );
    } catch (sdkError) {
      throw toSfnError(sdkError, `settle a task (failure ${error.slice(0, 60)})`);
    }
  }

  public async stopExecution(executionArn: string, cause: string): Promise<void> {
    try {
      await this.#client.send(new StopExecutionCommand({ executionArn, cause: cause.slice(0, MAX_CAUSE_CHARS) }));
    } catch (error) {
      throw toSfnError(error, `stop execution ${executionArn}`);
    }
  }

  public async history(executionArn: string): Promise<readonly ExecutionStep[]> {
    const steps: ExecutionStep[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const out = await this.#client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: false, ...(nextToken ? { nextToken } : {}) }));
        steps.push(...(out.events ?? []).map(toStep));
        nextToken = out.nextToken;
      } while (nextToken !== undefined);
      return steps;
    } catch (error) {
      throw toSfnError(error, `read the history of ${executionArn}`);
    }
  }

  public async describeExecution(executionArn: string): Promise<ExecutionInfo> {
    try {
      const out = await this.#client.send(new DescribeExecutionCommand({ executionArn }));
      const status: ExecutionStatus | undefined = out.status;
      if (status === undefined || out.name === undefined) throw new BadResponseError(`Step Functions described ${executionArn} without a status or name`);
      return {
        executionArn: out.executionArn ?? executionArn,
        name: out.name,
        status,
        startDate: iso(out.startDate, 'a start date'),
        ...(out.stopDate === undefined ? {} : { stopDate: out.stopDate.toISOString() }),
      };
    } catch (error) {
      throw toSfnError(error, `describe execution ${executionArn}`);
    }
  }

  /** The execution's page in the Step Functions console of the ARN's own region and partition. */
  public executionUrl(executionArn: string): string {
    return executionConsoleUrl(executionArn);
  }
}

/** One Step Functions history event as the console shows it: `TaskStateEntered` → `StateEntered` of its state. */
function toStep(event: HistoryEvent): ExecutionStep {
  const type = event.type ?? 'Unknown';
  const details = Object.entries(event).find(([key, value]) => key.endsWith('EventDetails') && typeof value === 'object' && value !== null)?.[1] as
    { name?: string; error?: string; cause?: string } | undefined;
  const kind = /StateEntered$/.test(type) ? 'StateEntered' : /StateExited$/.test(type) ? 'StateExited' : type;
  return {
    at: (event.timestamp ?? new Date(0)).toISOString(), type: kind,
    ...(details?.name ? { state: details.name } : {}), ...(details?.error ? { error: details.error } : {}), ...(details?.cause ? { cause: details.cause } : {}),
  };
}
