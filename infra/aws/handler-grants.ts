import type { Stack } from 'aws-cdk-lib';
import { ArnFormat } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { UPKEEP_TABLE } from '../../functions/adapters/aws/table-definition.js';
import type { DeploymentResources } from './component-deployments.js';
import type { Need } from './handler-catalog.js';

/** The resources a handler's needs translate into. Absent ones mean "nothing of that kind exists". */
export interface GrantTargets {
  readonly tableArn: string;
  readonly stateMachineArn: string;
  /** `arn:…:execution:<state machine name>:*`. */
  readonly executionsArn: string;
  readonly topic: ITopic;
  readonly topicKey: IKey | undefined;
  readonly simulationProjectArns: readonly string[];
  readonly reportGroupArns: readonly string[];
  readonly deployments: DeploymentResources;
  readonly sourceSecretArns: readonly string[];
  readonly pipelineSecretArns: readonly string[];
  readonly pipelineArns: readonly string[];
  readonly scheduleArns: readonly string[];
  /** The role the schedules run with; changing a schedule passes it. */
  readonly scheduleRoleArn: string;
  readonly webhookSecretArns: readonly string[];
  /** The per-type `list-versions` functions (`VersionSourceFunctions`). */
  readonly sourceFunctionArns: readonly string[];
  /** The detect function. */
  readonly detectorArn: string;
}

const statement = (sid: string, actions: string[], resources: readonly string[]): PolicyStatement | undefined =>
  resources.length === 0 ? undefined : new PolicyStatement({ sid, effect: Effect.ALLOW, actions, resources: [...resources] });

/** The ARN pattern of a Secrets Manager secret by name: AWS appends `-` and six random characters. */
export function secretArnPattern(stack: Stack, name: string): string {
  return stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${name}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * The IAM statements one need grants, each on exactly the resources it names (and none when
 * there is nothing of the kind, e.g. no component deploys through CodeDeploy). The actions are
 * the SDK calls the adapters make (`functions/adapters/aws/*.ts`), never wildcards.
 *
 * @example
 * ```ts
 * for (const s of needStatements('deploy', targets)) fn.addToRolePolicy(s);
 * ```
 */
export function needStatements(need: Need, t: GrantTargets): PolicyStatement[] {
  const indexArns = UPKEEP_TABLE.globalSecondaryIndexes.map((index) => `${t.tableArn}/index/${index.indexName}`);
  const all: (PolicyStatement | undefined)[] = [];
  switch (need) {
    case 'table-read':
      all.push(statement('ReadTable', ['dynamodb:GetItem', 'dynamodb:Query'], [t.tableArn, ...indexArns]));
      break;
    case 'table-write':
      all.push(statement('ReadTable', ['dynamodb:GetItem', 'dynamodb:Query'], [t.tableArn, ...indexArns]));
      all.push(statement('WriteTable', ['dynamodb:PutItem', 'dynamodb:UpdateItem'], [t.tableArn]));
      break;
    case 'table-delete':
      all.push(statement('DeleteFromTable', ['dynamodb:DeleteItem'], [t.tableArn]));
      break;
    case 'http-cache':
      all.push(statement('HttpCache', ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'], [t.tableArn]));
      break;
    case 'invoke-sources':
      // Unqualified ARNs: the functions are invoked at $LATEST, never by version or alias.
      all.push(statement('ListVersions', ['lambda:InvokeFunction'], t.sourceFunctionArns));
      break;
    case 'invoke-detector':
      all.push(statement('RunDetection', ['lambda:InvokeFunction'], [t.detectorArn]));
      break;
    case 'start-execution':
      all.push(statement('StartWorkflows', ['states:StartExecution'], [t.stateMachineArn]));
      break;
    case 'read-execution':
      all.push(statement('ReadWorkflows', ['states:GetExecutionHistory'], [t.executionsArn]));
      break;
    case 'task-token':
      // SendTaskSuccess/SendTaskFailure take a token, not a resource: IAM only accepts "*" here.
      all.push(statement('SettleApprovals', ['states:SendTaskSuccess', 'states:SendTaskFailure'], ['*']));
      break;
    case 'stop-execution':
      all.push(statement('CancelWorkflows', ['states:StopExecution'], [t.executionsArn]));
      break;
    case 'read-builds':
      all.push(statement('ReadSimulationBuilds', ['codebuild:BatchGetBuilds'], t.simulationProjectArns));
      all.push(statement('ReadSimulationReports', ['codebuild:BatchGetReports', 'codebuild:DescribeTestCases'], t.reportGroupArns));
      break;
    case 'deploy': {
      const d = t.deployments;
      // Before creating one, the step looks for a deployment of the group already running.
      all.push(statement('Deploy', ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment', 'codedeploy:BatchGetDeployments', 'codedeploy:ListDeployments'], d.groupArns));
      all.push(...deployRevisions(d), ...rolloutWatch(d));
      break;
    }
    case 'watch-rollout':
      all.push(statement('ReadDeployments', ['codedeploy:GetDeployment'], t.deployments.groupArns));
      all.push(...rolloutWatch(t.deployments));
      break;
    case 'roll-back': {
      const d = t.deployments;
      // Stops a running deployment; one that finished is undone by deploying the previous version.
      all.push(statement('RollBack', ['codedeploy:GetDeployment', 'codedeploy:StopDeployment', 'codedeploy:CreateDeployment'], d.groupArns));
      all.push(...deployRevisions(d), ...rolloutWatch(d));
      break;
    }
    case 'read-alarms':
      all.push(statement('ReadAlarms', ['cloudwatch:DescribeAlarms'], t.deployments.alarmArns));
      break;
    case 'report-hook':
      all.push(statement('ReportHooks', ['codedeploy:GetDeployment', 'codedeploy:PutLifecycleEventHookExecutionStatus'], t.deployments.groupArns));
      all.push(statement('InvokeCandidates', ['lambda:InvokeFunction'], t.deployments.versionArns));
      break;
    case 'publish':
      all.push(statement('Notify', ['sns:Publish'], [t.topic.topicArn]));
      if (t.topicKey !== undefined) all.push(statement('NotifyEncrypted', ['kms:Decrypt', 'kms:GenerateDataKey'], [t.topicKey.keyArn]));
      break;
    case 'source-secrets':
      all.push(statement('ReadRegistryTokens', ['secretsmanager:GetSecretValue'], t.sourceSecretArns));
      break;
    case 'pipelines':
      all.push(statement('ReadCiTokens', ['secretsmanager:GetSecretValue'], t.pipelineSecretArns));
      all.push(statement('RunPipelines', ['codepipeline:StartPipelineExecution', 'codepipeline:GetPipelineExecution'], t.pipelineArns));
      break;
    case 'schedules':
      all.push(statement('ReadDetectionSchedules', ['scheduler:GetSchedule'], t.scheduleArns));
      break;
    case 'schedule-control':
      all.push(statement('SwitchDetectionSchedules', ['scheduler:UpdateSchedule'], t.scheduleArns));
      // UpdateSchedule restates the whole target, the role it runs with included.
      all.push(new PolicyStatement({
        sid: 'PassDetectionRole', actions: ['iam:PassRole'], resources: [t.scheduleRoleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }));
      break;
    case 'webhook-secrets':
      all.push(statement('ReadWebhookSecrets', ['secretsmanager:GetSecretValue'], t.webhookSecretArns));
      break;
  }
  return all.filter((s): s is PolicyStatement => s !== undefined);
}

/** Adds every statement the needs call for to the function's role. */
export function grantNeeds(fn: IFunction, needs: readonly Need[], targets: GrantTargets): void {
  for (const need of needs) for (const s of needStatements(need, targets)) fn.addToRolePolicy(s);
}

/**
 * What creating a deployment checks besides the group: the revision it registers and the
 * configuration it names; and the function's versions, to find the one to deploy.
 */
function deployRevisions(d: DeploymentResources): (PolicyStatement | undefined)[] {
  return [
    statement('ReadVersions', ['lambda:ListVersionsByFunction'], d.functionArns),
    statement('DeployRevisions', ['codedeploy:RegisterApplicationRevision', 'codedeploy:GetApplicationRevision'], d.applicationArns),
    statement('DeployConfigs', ['codedeploy:GetDeploymentConfig'], d.configArns),
  ];
}

/**
 * What every rollout step reads, and what a `stepped` rollout does at each step (only for the
 * components that can roll out stepped): the aliases and versions, shifting the alias, invoking
 * the candidate version (smoke cases, synthetic checks), its metrics; the alarms that stop it.
 */
function rolloutWatch(d: DeploymentResources): (PolicyStatement | undefined)[] {
  return [
    statement('ReadAliases', ['lambda:GetAlias'], d.functionArns),
    statement('ShiftAliases', ['lambda:UpdateAlias'], d.steppedFunctionArns),
    statement('InvokeCandidates', ['lambda:InvokeFunction'], d.steppedVersionArns),
    // GetMetricData has no resource type: IAM accepts only "*".
    ...(d.steppedFunctionArns.length > 0 ? [statement('ReadStepMetrics', ['cloudwatch:GetMetricData'], ['*'])] : []),
    statement('ReadAlarms', ['cloudwatch:DescribeAlarms'], d.alarmArns),
  ];
}
