import type { AppDeps } from '../../app/app-deps.js';
import { DEFAULT_POLL_SECONDS, ENV } from '../../constants.js';
import { pipelineTriggerFor } from '../pipelines/pipeline-triggers.js';
import { FileConfigProvider } from '../shared/file-config-provider.js';
import { PoliteHttpClient } from '../sources/http-client.js';
import { createVersionSources } from '../sources/registry.js';
import { CodeBuildRunner } from './codebuild-runner.js';
import { CodeDeployDeployer } from './codedeploy-deployer.js';
import { DynamoApprovalStore } from './dynamo-approval-store.js';
import { DynamoAuditLog } from './dynamo-audit-log.js';
import { DynamoComponentStore } from './dynamo-component-store.js';
import { DynamoHttpCache } from './dynamo-http-cache.js';
import { DynamoPolicyStore } from './dynamo-policy-store.js';
import { DynamoWorkflowStore } from './dynamo-workflow-store.js';
import { SchedulerDetectionControl } from './scheduler-detection-control.js';
import { SecretsManagerSecrets } from './secrets-manager-secrets.js';
import { SfnExecutionEngine } from './sfn-execution-engine.js';
import { SnsNotifier } from './sns-notifier.js';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required in AWS (the stack sets it on every function)`);
  return value;
}

/**
 * The adapters for `UPKEEP_RUNTIME=aws`: DynamoDB, Step Functions, CodeBuild, CodeDeploy,
 * SNS and Secrets Manager, configured from the environment the CDK stack sets. SDK clients are
 * created once per execution environment and reused across invocations.
 */
export function awsDeps(env: NodeJS.ProcessEnv): AppDeps {
  const store = { tableName: required(env, ENV.tableName) };
  const config = new FileConfigProvider(required(env, ENV.configPath));
  const secrets = new SecretsManagerSecrets();
  const http = new PoliteHttpClient({ cache: new DynamoHttpCache(store) });
  const sources = createVersionSources({ http, secrets });
  const poll = Number(env[ENV.pollSeconds] ?? DEFAULT_POLL_SECONDS);
  return {
    workflows: new DynamoWorkflowStore(store),
    audit: new DynamoAuditLog(store),
    components: new DynamoComponentStore(store),
    policies: new DynamoPolicyStore(store),
    approvals: new DynamoApprovalStore(store),
    config,
    clock: { now: () => new Date() },
    builds: new CodeBuildRunner({ config }),
    deployer: new CodeDeployDeployer({ config }),
    pipelines: (pipeline) => pipelineTriggerFor(pipeline, { secrets }),
    notifier: new SnsNotifier({ topicArn: required(env, ENV.topicArn) }),
    sources: (type) => sources[type],
    engine: new SfnExecutionEngine({ stateMachineArn: required(env, ENV.stateMachineArn) }),
    // Only the API's functions get the schedules (and the right to change them); the detector only notes its runs.
    detection: new SchedulerDetectionControl({
      scheduleNames: (env[ENV.scheduleNames] ?? '').split(',').map((n) => n.trim()).filter((n) => n !== ''),
      ...(env[ENV.scheduleGroup] ? { groupName: env[ENV.scheduleGroup] } : {}),
      table: store,
    }),
    apiUrl: required(env, ENV.apiUrl),
    pollSeconds: Number.isFinite(poll) && poll > 0 ? poll : DEFAULT_POLL_SECONDS,
    secrets,
  };
}
