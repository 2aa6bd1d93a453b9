import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { DEFINITION_PATH, STEP_HANDLERS, type StepHandlerName } from '../../statemachines/substitutions.js';
import type { Clock } from '../../functions/ports/clock.js';
import { LocalStateMachine, type ExecutionEvent, type TaskHandler, type TimeCompression } from './asl/index.js';

/** The Lambda entry of each step, loaded the way Lambda loads it: the module's `handler` export. */
const MODULES: Record<StepHandlerName, () => Promise<{ handler: (event: unknown, context: Context) => Promise<unknown> }>> = {
  'start-workflow': () => import('../../functions/handlers/start-workflow.js'),
  'verify-artifact': () => import('../../functions/handlers/verify-artifact.js'),
  'collect-results': () => import('../../functions/handlers/collect-results.js'),
  'evaluate-policy': () => import('../../functions/handlers/evaluate-policy.js'),
  'request-approval': () => import('../../functions/handlers/request-approval.js'),
  'schedule-deployment': () => import('../../functions/handlers/schedule-deployment.js'),
  'claim-deployment': () => import('../../functions/handlers/claim-deployment.js'),
  'trigger-pipeline': () => import('../../functions/handlers/trigger-pipeline.js'),
  'check-pipeline': () => import('../../functions/handlers/check-pipeline.js'),
  'start-rollout': () => import('../../functions/handlers/start-rollout.js'),
  'check-rollout': () => import('../../functions/handlers/check-rollout.js'),
  'check-health': () => import('../../functions/handlers/check-health.js'),
  'roll-back': () => import('../../functions/handlers/roll-back.js'),
  'record-outcome': () => import('../../functions/handlers/record-outcome.js'),
};

/** A Lambda context for an in-process invocation, with the task's real deadline. */
function lambdaContext(name: string, signal: AbortSignal): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `upkeep-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:upkeep-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/upkeep-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => (signal.aborted ? 0 : Math.max(0, 900_000 - (Date.now() - started))),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface WorkflowMachineOptions {
  /** The stand-in for `codebuild:startBuild.sync`. */
  readonly buildTask: TaskHandler;
  readonly time?: TimeCompression;
  readonly clock?: Clock;
  readonly onEvent?: (event: ExecutionEvent) => void;
  /** @default 'upkeep-update-workflow' */
  readonly name?: string;
  /** Tests only: multiplies the approval deadline the plan carries (see `LocalRuntimeOptions.approvalTimeScale`). @default 1 */
  readonly approvalTimeScale?: number;
}

/** The plan of "Record detection" with its approval deadline scaled (at least one second). */
function scaleApprovalDeadline(plan: unknown, scale: number): unknown {
  const settings = (plan as { settings?: { approvalTimeoutSeconds?: number } } | null)?.settings;
  if (typeof settings?.approvalTimeoutSeconds === 'number') settings.approvalTimeoutSeconds = Math.max(1, Math.round(settings.approvalTimeoutSeconds * scale));
  return plan;
}

/**
 * The update workflow for local mode: `statemachines/update-workflow.asl.json` itself, each
 * placeholder bound to the same Lambda handler module AWS runs, invoked in-process.
 */
export async function createWorkflowMachine(options: WorkflowMachineOptions): Promise<LocalStateMachine> {
  const functions: Record<string, TaskHandler> = {};
  const substitutions: Record<string, string> = {};
  for (const [placeholder, name] of Object.entries(STEP_HANDLERS) as [string, StepHandlerName][]) {
    substitutions[placeholder] = `upkeep-${name}`;
    functions[`upkeep-${name}`] = async (input, ctx) => {
      const output = await (await MODULES[name]()).handler(input, lambdaContext(name, ctx.signal));
      return name === 'start-workflow' && options.approvalTimeScale !== undefined ? scaleApprovalDeadline(output, options.approvalTimeScale) : output;
    };
  }
  return LocalStateMachine.fromFile(DEFINITION_PATH, {
    name: options.name ?? 'upkeep-update-workflow',
    substitutions,
    handlers: { functions, resources: { 'arn:aws:states:::codebuild:startBuild.sync': options.buildTask } },
    ...(options.time ? { time: options.time } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}
