import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArnFormat, CfnOutput, CustomResource, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, simulationProjectName } from '../../functions/constants.js';
import type { ComponentConfig, SimulationConfig } from '../../functions/core/config/schema.js';
import { ROUTES, type Route } from '../../functions/handlers/routes.js';
import { PLACEHOLDERS, STEP_HANDLERS, type StepPlaceholder } from '../../statemachines/substitutions.js';
import { ApprovalTopic } from './approval-topic.js';
import { ComponentDeployments } from './component-deployments.js';
import { DashboardSite } from './dashboard-site.js';
import { DetectionSchedules } from './detection-schedules.js';
import { deployedHandlers, pascal, type HandlerName, type Need } from './handler-catalog.js';
import { HandlerFunction, PROJECT_ROOT } from './handler-function.js';
import { grantNeeds, secretArnPattern, type GrantTargets } from './handler-grants.js';
import { LifecycleHooks } from './lifecycle-hooks.js';
import { acknowledgeStackFindings } from './nag-acknowledgements.js';
import { SimulationProject } from './simulation-project.js';
import { stageSmokeTests } from './smoke-test-files.js';
import { distinct, pipelineSecrets, sourceSecrets, webhookSecrets, type StackSettings } from './stack-config.js';
import { UpkeepApi } from './upkeep-api.js';
import { UpkeepTable } from './upkeep-table.js';
import { VersionSourceFunctions } from './version-source-functions.js';
import { WorkflowStateMachine } from './workflow-state-machine.js';

/** Properties of {@link UpkeepStack}. */
export interface UpkeepStackProps extends StackProps {
  readonly settings: StackSettings;
  /**
   * How long every log group keeps its events.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /**
   * The API routes to serve.
   * @default ROUTES from `functions/handlers/routes.ts`
   */
  readonly routes?: readonly Route[];
  /**
   * Where the validated configuration is written for bundling.
   * @default - a directory under the system's temporary directory, named by the config's hash
   */
  readonly configDir?: string;
  /**
   * The dashboard's static files.
   * @default - `web/` at the repository root
   */
  readonly webRoot?: string;
}

/**
 * Upkeep on AWS: the handlers as Lambda functions (`list-versions` once per source type, see
 * {@link VersionSourceFunctions}), the update workflow (the same ASL file local mode runs), the
 * table, detection schedules, simulation projects, CodeDeploy groups, alarms and lifecycle hooks,
 * the approval topic, the HTTP API, the dashboard (CloudFront in front of the files and the API),
 * the link-signing key, and a custom resource that seeds the table from `upkeep.yaml` on every
 * deploy (DESIGN.md §1).
 *
 * No reference cycles: the state machine's name is fixed (`<stack>-update-workflow`), so every
 * function gets its ARN as a literal while the state machine refers to the functions.
 *
 * @example
 * ```ts
 * new UpkeepStack(app, 'Upkeep', { settings: { config, ecs: {}, apiAuth: { type: 'iam' } } });
 * ```
 */
export class UpkeepStack extends Stack {
  /** One function per deployed handler; `lifecycle-hook` is deployed per component, in {@link hooks}. */
  public readonly functions: Readonly<Record<HandlerName, HandlerFunction>>;
  /** The lifecycle hook pair of each Lambda component with `deploy.smokeTest`, by component. */
  public readonly hooks: ReadonlyMap<string, LifecycleHooks>;
  /** `list-versions`, once per source type: the detector and the artifact check list through them. */
  public readonly sources: VersionSourceFunctions;
  public readonly stateMachine: WorkflowStateMachine;
  public readonly api: UpkeepApi;
  public readonly dashboard: DashboardSite;

  public constructor(scope: Construct, id: string, props: UpkeepStackProps) {
    super(scope, id, props);
    const { config, ecs, apiAuth } = props.settings;
    const logRetention = props.logRetention ?? RetentionDays.THREE_MONTHS;
    const routes = props.routes ?? ROUTES;
    const stateMachineName = `${this.stackName}-update-workflow`;
    const stateMachineArn = this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const executionsArn = this.formatArn({ service: 'states', resource: 'execution', resourceName: `${stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    const configJson = JSON.stringify(config, null, 2);
    const configHash = createHash('sha256').update(configJson).digest('hex');
    const configDir = props.configDir ?? join(tmpdir(), `upkeep-config-${configHash.slice(0, 16)}`);
    mkdirSync(configDir, { recursive: true });
    const configFile = join(configDir, 'upkeep-config.json');
    writeFileSync(configFile, configJson);
    // HandlerFunction copies this directory into every bundle: the smoke tests travel with the configuration they are relative to.
    if (props.settings.configPath !== undefined) stageSmokeTests(config, props.settings.configPath, configDir);

    const { table } = new UpkeepTable(this, 'Table');
    const failures = new Queue(this, 'Failures', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    const approvals = new ApprovalTopic(this, 'Approvals', { config, deadLetterQueue: failures });

    const simulationKey = new Key(this, 'SimulationKey', { description: 'Upkeep simulation builds', enableKeyRotation: true });
    const simulated = config.components.filter((c): c is ComponentConfig & { simulation: SimulationConfig } => c.simulation !== undefined);
    const simulations = simulated.map((component) => new SimulationProject(this, `Simulate${pascal(component.name)}`, { component, encryptionKey: simulationKey, logRetention }));
    const simulationProjectArns = simulated.map((c) => this.formatArn({ service: 'codebuild', resource: 'project', resourceName: simulationProjectName(c.name), arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
    const reportGroupArns = simulated.map((c) => this.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: `${simulationProjectName(c.name)}-*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));

    const deployments = new ComponentDeployments(this, 'Deployments', { config, ecs });

    // The API is created before its functions exist only as a URL: functions need the URL, routes need the functions.
    const apiHolder: { url?: string } = {};
    const environment = (): Record<string, string> => ({
      [ENV.runtime]: 'aws',
      [ENV.tableName]: table.tableName,
      [ENV.stateMachineArn]: stateMachineArn,
      [ENV.topicArn]: approvals.topic.topicArn,
      [ENV.apiUrl]: config.notifications.linkBaseUrl ?? apiHolder.url ?? '',
      [ENV.dashboardUrl]: dashboardUrl,
    });

    const api = new UpkeepApi(this, 'Api', { auth: apiAuth, logRetention });
    apiHolder.url = api.url;
    // Before the functions: outcome emails link to the dashboard's workflow pages.
    this.dashboard = new DashboardSite(this, 'Dashboard', { webRoot: props.webRoot ?? `${PROJECT_ROOT}web`, apiId: api.api.apiId });
    const dashboardUrl = this.dashboard.url;
    const sources = new VersionSourceFunctions(this, 'Sources', { environment: environment(), configFile, logRetention, failureQueue: failures });
    this.sources = sources;
    const functions = {} as Record<HandlerName, HandlerFunction>;
    const reminders = config.approval.reminderBefore !== undefined || config.components.some((c) => c.approval?.reminderBefore !== undefined);
    for (const handler of deployedHandlers(routes, reminders)) {
      // Only the API reads and flips the schedules; the detector just records its runs.
      const isApi = routes.some((r) => r.handler === handler);
      const scheduleEnv: Record<string, string> = isApi
        ? { [ENV.scheduleNames]: DetectionSchedules.namesFor(this.stackName, config.detection.shards).join(','), [ENV.scheduleGroup]: DetectionSchedules.groupNameFor(this.stackName) }
        : {};
      functions[handler] = new HandlerFunction(this, pascal(handler), { handler, environment: { ...environment(), ...scheduleEnv }, configFile, logRetention, failureQueue: failures });
    }
    // What a function invokes is named in its environment; the detector exists once every function does.
    for (const fn of Object.values(functions)) {
      const needs: readonly Need[] = fn.spec.needs;
      if (needs.includes('invoke-sources')) fn.function.addEnvironment(ENV.sourceFunctions, sources.names);
      if (needs.includes('invoke-detector')) fn.function.addEnvironment(ENV.detectorFunction, functions.detect.function.functionName);
    }
    this.functions = functions;
    api.serve(routes, Object.fromEntries(Object.entries(functions).map(([name, f]) => [name, f.function as IFunction])));
    this.api = api;

    const stepFunctions = Object.fromEntries(PLACEHOLDERS.map((p) => [p, functions[STEP_HANDLERS[p]].function as IFunction])) as Record<StepPlaceholder, IFunction>;
    this.stateMachine = new WorkflowStateMachine(this, 'Workflow', { stateMachineName, stepFunctions, simulationProjectArns, logRetention });

    const schedules = new DetectionSchedules(this, 'Detection', {
      detection: config.detection, detector: functions.detect.function, deadLetterQueue: failures, namePrefix: this.stackName,
      ...(reminders ? { reminders: functions['send-reminders'].function } : {}),
    });

    const targets: GrantTargets = {
      tableArn: table.tableArn,
      stateMachineArn,
      executionsArn,
      topic: approvals.topic,
      topicKey: approvals.key,
      simulationProjectArns,
      reportGroupArns,
      deployments: deployments.resources,
      sourceSecretArns: distinct(config.components.flatMap(sourceSecrets)).map((s) => secretArnPattern(this, s)),
      pipelineSecretArns: distinct(config.components.flatMap(pipelineSecrets)).map((s) => secretArnPattern(this, s)),
      pipelineArns: distinct(config.components.flatMap((c) => (c.pipeline?.provider === 'codepipeline' ? [c.pipeline.name] : []))).map((name) => this.formatArn({ service: 'codepipeline', resource: name })),
      scheduleArns: schedules.scheduleArns,
      scheduleRoleArn: schedules.invokeRole.roleArn,
      webhookSecretArns: distinct(webhookSecrets(config)).map((s) => secretArnPattern(this, s)),
      sourceFunctionArns: sources.arns,
      detectorArn: functions.detect.function.functionArn,
    };
    for (const fn of Object.values(functions)) grantNeeds(fn.function, fn.spec.needs, targets);
    sources.grant(targets, config);

    const hooks = new Map<string, LifecycleHooks>();
    for (const deployment of deployments.lambda.filter((d) => d.deploy.smokeTest !== undefined)) {
      const own = deployments.byComponent.get(deployment.component);
      if (own === undefined) throw new Error(`no deployment resources recorded for ${deployment.component}`);
      hooks.set(deployment.component, new LifecycleHooks(this, `${pascal(deployment.component)}Hooks`, {
        deployment, grants: { ...targets, deployments: own }, environment: { [ENV.runtime]: 'aws' }, configFile, logRetention, failureQueue: failures,
      }));
    }
    this.hooks = hooks;


    const seed = new CustomResource(this, 'ConfigSeed', {
      serviceToken: functions['seed-config'].function.functionArn,
      resourceType: 'Custom::UpkeepConfigSeed',
      properties: { ConfigHash: configHash },
      serviceTimeout: Duration.minutes(5),
    });
    seed.node.addDependency(table);

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the Upkeep HTTP API' });
    new CfnOutput(this, 'DashboardUrl', { value: this.dashboard.url, description: 'The dashboard (CloudFront: the web/ files, and the API under /api/)' });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachine.stateMachineArn, description: 'The update workflow' });
    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'The Upkeep table' });
    new CfnOutput(this, 'TopicArn', { value: approvals.topic.topicArn, description: 'Approval requests and outcome notices' });

    const hookFunctions = [...hooks.values()].flatMap((h) => Object.values(h.functions));
    acknowledgeStackFindings({
      stack: this, functions: [...Object.values(functions), ...sources.functions.values(), ...hookFunctions], simulations, deployments, publicRoutes: api.publicRoutes, failures, dashboard: this.dashboard,
    });
  }
}
