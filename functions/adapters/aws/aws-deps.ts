import type { AppDeps } from '../../app/app-deps.js';
import { DEFAULT_POLL_SECONDS, ENV } from '../../constants.js';
import type { SourceType } from '../../core/config/source-schema.js';
import type { ConfigProvider } from '../../ports/config-provider.js';
import type { Secrets } from '../../ports/secrets.js';
import { pipelineTriggerFor } from '../pipelines/pipeline-triggers.js';
import { PoliteHttpClient } from '../sources/http-client.js';
import { createVersionSources } from '../sources/registry.js';
import { awsBaseDeps, required } from './aws-base-deps.js';
import { CodeBuildRunner } from './codebuild-runner.js';
import { CodeDeployDeployer } from './codedeploy-deployer.js';
import { DetectionRunNotes } from './dynamo-detection-notes.js';
import { DynamoHttpCache } from './dynamo-http-cache.js';
import { dynamoStores } from './dynamo-stores.js';
import { executionConsoleUrl } from './execution-console.js';
import { LambdaDetector } from './lambda-detector.js';
import { LambdaSteppedDeployer } from './lambda-stepped-deployer.js';
import { loadSmokeCases } from './lambda-smoke.js';
import { LambdaVersionSources } from './lambda-version-sources.js';
import { omitted } from './omittable-ports.js';
import { SchedulerDetectionControl } from './scheduler-detection-control.js';
import { SecretsManagerSecrets } from './secrets-manager-secrets.js';
import { SfnExecutionEngine } from './sfn-execution-engine.js';
import { SnsNotifier } from './sns-notifier.js';
import { StrategyRoutingDeployer } from './strategy-routing-deployer.js';

/** The registries' own clients, in this function: only the per-type `list-versions` functions list in-process. */
function registrySources(store: { tableName: string }, secrets: Secrets): AppDeps['sources'] {
  const sources = createVersionSources({ http: new PoliteHttpClient({ cache: new DynamoHttpCache(store) }), secrets });
  return (type) => sources[type];
}

/** Each source type's `list-versions` function (`UPKEEP_SOURCE_FUNCTIONS`), for the functions that list through them. */
function sourceFunctions(env: NodeJS.ProcessEnv): AppDeps['sources'] {
  const text = required(env, ENV.sourceFunctions);
  let functions: Partial<Record<SourceType, string>>;
  try {
    functions = JSON.parse(text) as Partial<Record<SourceType, string>>;
  } catch {
    throw new Error(`${ENV.sourceFunctions} must be JSON naming a function per source type, got ${text.slice(0, 80)}`);
  }
  const lambda = new LambdaVersionSources({ functions });
  return (type) => lambda.source(type);
}

function detectionControl(env: NodeJS.ProcessEnv, store: { tableName: string }): AppDeps['detection'] {
  return new SchedulerDetectionControl({
    scheduleNames: (env[ENV.scheduleNames] ?? '').split(',').map((n) => n.trim()).filter((n) => n !== ''),
    ...(env[ENV.scheduleGroup] ? { groupName: env[ENV.scheduleGroup] } : {}),
    table: store,
  });
}

/** CodeDeploy for time-based strategies, alias weights stepped by the state machine for `stepped` ones (issue 8). */
function awsDeployer(config: ConfigProvider, configPath: string): AppDeps['deployer'] {
  const stepped = new LambdaSteppedDeployer({ config, smokeCases: (_component, deploy) => loadSmokeCases(configPath, deploy.smokeTest) });
  return new StrategyRoutingDeployer({ config, codeDeploy: new CodeDeployDeployer({ config }), stepped });
}

/**
 * The adapters for `UPKEEP_RUNTIME=aws`: DynamoDB, Step Functions, CodeBuild, CodeDeploy,
 * SNS, Scheduler, Secrets Manager, and Lambda (the per-type `list-versions` functions and the
 * detector that other functions hand work to), configured from the environment the CDK stack
 * sets. SDK clients are created once per execution environment and reused across invocations.
 *
 * Every adapter is imported statically, and a handler's bundle keeps only those its ports use:
 * the stack defines `process.env.UPKEEP_OMIT_<PORT>` as `"true"` for the others
 * (`omittable-ports.ts`), esbuild drops the branches that would build them, and with them the
 * imports only those branches used. (A dynamic `import()` would make esbuild wrap the module and
 * everything it imports in lazy initialisers, and the SDK's packages then keep modules no call
 * needs: waiters, aggregated clients — tens of KB per bundle.)
 */
export function awsDeps(env: NodeJS.ProcessEnv): Promise<AppDeps> {
  const store = { tableName: required(env, ENV.tableName) };
  const { config, apiUrl } = awsBaseDeps(env);
  const poll = Number(env[ENV.pollSeconds] ?? DEFAULT_POLL_SECONDS);
  // Each `process.env.UPKEEP_OMIT_…` below must stay literal: it is what esbuild replaces.
  const secrets: Secrets = process.env.UPKEEP_OMIT_SECRETS === 'true' ? omitted('secrets') : new SecretsManagerSecrets();
  const stores = dynamoStores(store);
  // The console link needs no Step Functions client: functions that only write it carry none.
  const engine = process.env.UPKEEP_OMIT_ENGINE === 'true'
    ? omitted<AppDeps['engine']>('engine', { executionUrl: executionConsoleUrl })
    : new SfnExecutionEngine({ stateMachineArn: required(env, ENV.stateMachineArn) });
  const builds = process.env.UPKEEP_OMIT_BUILDS === 'true' ? omitted<AppDeps['builds']>('builds') : new CodeBuildRunner({ config });
  const deployer = process.env.UPKEEP_OMIT_DEPLOYER === 'true' ? omitted<AppDeps['deployer']>('deployer') : awsDeployer(config, required(env, ENV.configPath));
  const pipelines: AppDeps['pipelines'] = process.env.UPKEEP_OMIT_PIPELINES === 'true'
    ? omitted<AppDeps['pipelines']>('pipelines')
    : (pipeline) => pipelineTriggerFor(pipeline, { secrets });
  const notifier = process.env.UPKEEP_OMIT_NOTIFIER === 'true' ? omitted<AppDeps['notifier']>('notifier') : new SnsNotifier({ topicArn: required(env, ENV.topicArn) });
  // Only the API's status, metrics and start/stop read and change the schedules.
  const detection = process.env.UPKEEP_OMIT_DETECTION === 'true'
    ? omitted<AppDeps['detection']>('detection')
    : process.env.UPKEEP_OMIT_SCHEDULES === 'true' ? new DetectionRunNotes(store) : detectionControl(env, store);
  // The registries' clients where they are bundled (the `list-versions` functions), else the functions that have them.
  const sources = process.env.UPKEEP_OMIT_SOURCES === 'true'
    ? omitted<AppDeps['sources']>('sources')
    : process.env.UPKEEP_OMIT_REGISTRIES !== 'true'
      ? registrySources(store, secrets)
      : process.env.UPKEEP_OMIT_SOURCEFUNCTIONS !== 'true' ? sourceFunctions(env) : omitted<AppDeps['sources']>('sources');
  const detector = process.env.UPKEEP_OMIT_DETECTOR === 'true' ? omitted<AppDeps['detector']>('detector') : new LambdaDetector({ functionName: required(env, ENV.detectorFunction) });
  return Promise.resolve({
    ...stores,
    config,
    clock: { now: () => new Date() },
    builds,
    deployer,
    pipelines,
    notifier,
    sources,
    engine,
    detection,
    detector,
    apiUrl,
    ...(env[ENV.dashboardUrl] ? { dashboardUrl: env[ENV.dashboardUrl] } : {}),
    pollSeconds: Number.isFinite(poll) && poll > 0 ? poll : DEFAULT_POLL_SECONDS,
    secrets,
  });
}
