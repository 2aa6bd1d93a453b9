import type { AppDeps } from '../../app/app-deps.js';
import { DEFAULT_POLL_SECONDS, ENV } from '../../constants.js';
import type { ConfigProvider } from '../../ports/config-provider.js';
import type { Secrets } from '../../ports/secrets.js';
import { BundledConfigProvider } from './bundled-config-provider.js';
import { executionConsoleUrl } from './execution-console.js';
import type { Stores } from './dynamo-stores.js';
import { omitted } from './omittable-ports.js';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required in AWS (the stack sets it on every function)`);
  return value;
}

function noStores(): Stores {
  return {
    workflows: omitted('workflows'), audit: omitted('audit'), components: omitted('components'),
    deploymentQueue: omitted('deploymentQueue'), policies: omitted('policies'), approvals: omitted('approvals'),
  };
}

async function versionSources(store: { tableName: string }, secrets: Secrets): Promise<AppDeps['sources']> {
  const [{ PoliteHttpClient }, { createVersionSources }, { DynamoHttpCache }] = await Promise.all([
    import('../sources/http-client.js'), import('../sources/registry.js'), import('./dynamo-http-cache.js'),
  ]);
  const sources = createVersionSources({ http: new PoliteHttpClient({ cache: new DynamoHttpCache(store) }), secrets });
  return (type) => sources[type];
}

async function detectionControl(env: NodeJS.ProcessEnv, store: { tableName: string }): Promise<AppDeps['detection']> {
  const { SchedulerDetectionControl } = await import('./scheduler-detection-control.js');
  // Only the API's functions get the schedules (and the right to change them); the detector only notes its runs.
  return new SchedulerDetectionControl({
    scheduleNames: (env[ENV.scheduleNames] ?? '').split(',').map((n) => n.trim()).filter((n) => n !== ''),
    ...(env[ENV.scheduleGroup] ? { groupName: env[ENV.scheduleGroup] } : {}),
    table: store,
  });
}

/** CodeDeploy for time-based strategies, alias weights stepped by the state machine for `stepped` ones (issue 8). */
async function awsDeployer(config: ConfigProvider, configPath: string): Promise<AppDeps['deployer']> {
  const [{ CodeDeployDeployer }, { LambdaSteppedDeployer }, { StrategyRoutingDeployer }, { loadSmokeCases }] = await Promise.all([
    import('./codedeploy-deployer.js'), import('./lambda-stepped-deployer.js'), import('./strategy-routing-deployer.js'), import('./lambda-smoke.js'),
  ]);
  const stepped = new LambdaSteppedDeployer({ config, smokeCases: (_component, deploy) => loadSmokeCases(configPath, deploy.smokeTest) });
  return new StrategyRoutingDeployer({ config, codeDeploy: new CodeDeployDeployer({ config }), stepped });
}

/**
 * The adapters for `UPKEEP_RUNTIME=aws`: DynamoDB, Step Functions, CodeBuild, CodeDeploy,
 * SNS, Scheduler and Secrets Manager, configured from the environment the CDK stack sets. SDK
 * clients are created once per execution environment and reused across invocations; adapters
 * are loaded by dynamic `import()`, so a bundle evaluates (and, with the `UPKEEP_OMIT_<PORT>`
 * defines of `omittable-ports.ts`, contains) only what its handler uses.
 */
export async function awsDeps(env: NodeJS.ProcessEnv): Promise<AppDeps> {
  const store = { tableName: required(env, ENV.tableName) };
  const config = new BundledConfigProvider(required(env, ENV.configPath));
  const poll = Number(env[ENV.pollSeconds] ?? DEFAULT_POLL_SECONDS);
  // Each `process.env.UPKEEP_OMIT_…` below must stay literal: it is what esbuild replaces.
  const secrets: Secrets = process.env.UPKEEP_OMIT_SECRETS === 'true'
    ? omitted('secrets')
    : new (await import('./secrets-manager-secrets.js')).SecretsManagerSecrets();
  const [stores, engine, builds, deployer, pipelines, notifier, detection, sources] = await Promise.all([
    // No store at all (the OpenAPI document, the workflow definition): not even the module, whose
    // imports would keep the DynamoDB client in the bundle.
    process.env.UPKEEP_OMIT_WORKFLOWS === 'true' && process.env.UPKEEP_OMIT_AUDIT === 'true' && process.env.UPKEEP_OMIT_COMPONENTS === 'true'
      && process.env.UPKEEP_OMIT_DEPLOYMENTQUEUE === 'true' && process.env.UPKEEP_OMIT_POLICIES === 'true' && process.env.UPKEEP_OMIT_APPROVALS === 'true'
      ? noStores()
      : import('./dynamo-stores.js').then((m) => m.dynamoStores(store)),
    // The console link needs no Step Functions client: functions that only write it carry none.
    process.env.UPKEEP_OMIT_ENGINE === 'true'
      ? omitted<AppDeps['engine']>('engine', { executionUrl: executionConsoleUrl })
      : import('./sfn-execution-engine.js').then((m) => new m.SfnExecutionEngine({ stateMachineArn: required(env, ENV.stateMachineArn) })),
    process.env.UPKEEP_OMIT_BUILDS === 'true'
      ? omitted<AppDeps['builds']>('builds')
      : import('./codebuild-runner.js').then((m) => new m.CodeBuildRunner({ config })),
    process.env.UPKEEP_OMIT_DEPLOYER === 'true'
      ? omitted<AppDeps['deployer']>('deployer')
      : awsDeployer(config, required(env, ENV.configPath)),
    process.env.UPKEEP_OMIT_PIPELINES === 'true'
      ? omitted<AppDeps['pipelines']>('pipelines')
      : import('../pipelines/pipeline-triggers.js').then((m): AppDeps['pipelines'] => (pipeline) => m.pipelineTriggerFor(pipeline, { secrets })),
    process.env.UPKEEP_OMIT_NOTIFIER === 'true'
      ? omitted<AppDeps['notifier']>('notifier')
      : import('./sns-notifier.js').then((m) => new m.SnsNotifier({ topicArn: required(env, ENV.topicArn) })),
    process.env.UPKEEP_OMIT_DETECTION === 'true' ? omitted<AppDeps['detection']>('detection') : detectionControl(env, store),
    process.env.UPKEEP_OMIT_SOURCES === 'true' ? omitted<AppDeps['sources']>('sources') : versionSources(store, secrets),
  ]);
  return {
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
    apiUrl: required(env, ENV.apiUrl),
    ...(env[ENV.dashboardUrl] ? { dashboardUrl: env[ENV.dashboardUrl] } : {}),
    pollSeconds: Number.isFinite(poll) && poll > 0 ? poll : DEFAULT_POLL_SECONDS,
    secrets,
  };
}
