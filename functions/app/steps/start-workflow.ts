import { DEFAULT_BAKE_SECONDS, simulationProjectName } from '../../constants.js';
import type { AppDeps } from '../app-deps.js';
import { approvalRules, buildspecText, componentConfig, seconds } from '../component-settings.js';
import { journal } from '../workflow-journal.js';

export interface StartWorkflowInput {
  readonly workflowId: string;
  readonly executionArn: string;
  readonly executionName: string;
}

/** What the state machine needs to route the rest of the workflow; small, it travels in the state. */
export interface WorkflowPlan {
  readonly fromVersion: string;
  readonly hasSimulation: boolean;
  readonly hasPipeline: boolean;
  readonly hasDeploy: boolean;
  readonly buildspec: string;
  readonly simulationProject: string;
  readonly settings: {
    readonly pollSeconds: number;
    readonly approvalTimeoutSeconds: number;
    readonly simulationTimeoutSeconds: number;
    readonly bakeSeconds: number;
  };
}

/**
 * The first step of every execution: ties the workflow record to its execution and plans
 * the route (is there a simulation, a pipeline, a rollout; how long may each take).
 */
export async function startWorkflow(deps: AppDeps, input: StartWorkflowInput): Promise<WorkflowPlan> {
  const workflow = await journal(
    deps,
    input.workflowId,
    (wf) => (wf.executionArn === input.executionArn ? null : { executionArn: input.executionArn, executionName: input.executionName }),
    { type: 'EXECUTION_STARTED', message: `Execution ${input.executionName} started`, details: { executionArn: input.executionArn, executionUrl: deps.engine.executionUrl(input.executionArn) } },
  );
  const config = await deps.config.get();
  const component = componentConfig(config, workflow.component);
  const simulation = component?.simulation;
  return {
    fromVersion: workflow.fromVersion,
    hasSimulation: simulation !== undefined,
    hasPipeline: component?.pipeline !== undefined,
    hasDeploy: component?.deploy !== undefined,
    buildspec: buildspecText(component),
    simulationProject: simulationProjectName(workflow.component),
    settings: {
      pollSeconds: deps.pollSeconds,
      approvalTimeoutSeconds: seconds(approvalRules(config, component).deadline),
      simulationTimeoutSeconds: simulation === undefined ? 300 : seconds(simulation.timeout),
      bakeSeconds: component?.deploy?.bake === undefined ? DEFAULT_BAKE_SECONDS : seconds(component.deploy.bake),
    },
  };
}
