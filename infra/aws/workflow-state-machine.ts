import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DEFINITION_PATH, PLACEHOLDERS, type StepPlaceholder } from '../../statemachines/substitutions.js';
import { PROJECT_ROOT } from './handler-function.js';

/** The managed rule Step Functions creates to learn when a `codebuild:startBuild.sync` build ends. */
export const CODEBUILD_SYNC_RULE = 'StepFunctionsGetEventForCodeBuildStartBuildRule';

/** Properties of {@link WorkflowStateMachine}. */
export interface WorkflowStateMachineProps {
  /** The state machine's name: fixed, so functions can know its ARN without a reference cycle. */
  readonly stateMachineName: string;
  /** The function behind each `${Placeholder}` of the definition. */
  readonly stepFunctions: Readonly<Record<StepPlaceholder, IFunction>>;
  /** ARNs of the CodeBuild projects the "Simulate" state may start (`upkeep-sim-<component>`). */
  readonly simulationProjectArns: readonly string[];
  readonly logRetention: RetentionDays;
}

/**
 * The update workflow: `statemachines/update-workflow.asl.json` — the file local mode runs —
 * with each `${Placeholder}` replaced by its function's ARN. Standard type (executions last
 * days and wait for people), every event logged, X-Ray on. A definition from a file adds no
 * permissions, so the role gets exactly what the Task states call: `lambda:InvokeFunction` on
 * the step functions, and CodeBuild plus the managed EventBridge rule that `.sync` needs.
 *
 * Execution data is not logged: the approval state's input carries a task token, which must
 * never reach a log (DESIGN.md §6). The console still shows it per execution, to those allowed.
 *
 * @example
 * ```ts
 * new WorkflowStateMachine(this, 'Workflow', { stateMachineName: 'upkeep-update-workflow', stepFunctions, simulationProjectArns, logRetention });
 * ```
 */
export class WorkflowStateMachine extends Construct {
  public readonly stateMachine: StateMachine;

  public constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logs = new LogGroup(this, 'Logs', {
      // The vended-logs prefix keeps CloudWatch Logs' resource policy small however many log groups Step Functions writes to.
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: props.logRetention,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(`${PROJECT_ROOT}${DEFINITION_PATH}`),
      definitionSubstitutions: Object.fromEntries(PLACEHOLDERS.map((placeholder) => [placeholder, props.stepFunctions[placeholder].functionArn])),
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    const functionArns = [...new Set(PLACEHOLDERS.map((placeholder) => props.stepFunctions[placeholder].functionArn))];
    this.stateMachine.addToRolePolicy(new PolicyStatement({ sid: 'InvokeStepFunctions', actions: ['lambda:InvokeFunction'], resources: functionArns }));

    if (props.simulationProjectArns.length > 0) {
      this.stateMachine.addToRolePolicy(new PolicyStatement({
        sid: 'RunSimulations',
        actions: ['codebuild:StartBuild', 'codebuild:StopBuild', 'codebuild:BatchGetBuilds'],
        resources: [...props.simulationProjectArns],
      }));
      this.stateMachine.addToRolePolicy(new PolicyStatement({
        sid: 'WatchSimulations',
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: CODEBUILD_SYNC_RULE, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      }));
    }
  }
}
