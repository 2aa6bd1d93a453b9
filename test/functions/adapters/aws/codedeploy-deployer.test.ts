import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  BatchGetDeploymentsCommand, CodeDeployClient, CreateDeploymentCommand, DeploymentLimitExceededException, GetDeploymentCommand,
  ListDeploymentsCommand, StopDeploymentCommand, ThrottlingException,
} from '@aws-sdk/client-codedeploy';
import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { GetAliasCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CodeDeployDeployer } from '../../../../functions/adapters/aws/codedeploy-deployer.js';
import { deploymentConfigFor } from '../../../../functions/adapters/aws/codedeploy-plan.js';
import { requireConfig } from '../../../../functions/core/config/parse.js';
import { ConflictError, NotFoundError, TransientError, ValidationError } from '../../../../functions/core/errors.js';
import type { DeploymentRequest } from '../../../../functions/ports/deployer.js';

const region = { region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const codeDeployClient = new CodeDeployClient(region);
const lambdaClient = new LambdaClient(region);
const cloudWatchClient = new CloudWatchClient(region);
const codeDeploy = mockClient(codeDeployClient);
const lambda = mockClient(lambdaClient);
const cloudWatch = mockClient(cloudWatchClient);
const $metadata = {};

const CONFIG = `
version: 1
rollouts:
  emergency: { type: canary, percent: 50, interval: 1m }
components:
  - name: billing-api
    current: "4.2.1"
    source: { type: npm, package: billing-api }
    deploy:
      target: { type: lambda, functionName: billing-api, alias: live }
      strategy: { type: canary, percent: 10, interval: 5m }
      alarms:
        - { name: errors, metric: Errors, statistic: Sum, threshold: 1, comparison: GreaterThanOrEqualToThreshold }
      existingAlarms: [shop-latency]
      smokeTest: ci/smoke.sh
  - name: worker
    current: "1.0.0"
    source: { type: npm, package: worker }
    deploy:
      target: { type: server, application: shop, revisionLocation: "s3://shop-bundles/worker" }
      strategy: { type: rolling, minimumHealthyPercent: 75 }
`;
const config = { get: () => Promise.resolve(requireConfig(CONFIG, 'upkeep.yaml')) };
const clock = { now: () => new Date('2025-03-03T10:04:00Z') };
const deployer = new CodeDeployDeployer({ config, codeDeploy: codeDeployClient, lambda: lambdaClient, cloudWatch: cloudWatchClient, clock });

const request: DeploymentRequest = { workflowId: 'wf-1', component: 'billing-api', fromVersion: '4.2.1', toVersion: '4.3.0' };
const appSpec = JSON.stringify({ version: 0, Resources: [{ billingapi: { Type: 'AWS::Lambda::Function', Properties: { Name: 'billing-api', Alias: 'live', CurrentVersion: '6', TargetVersion: '7' } } }] });
const deployment = (overrides: Partial<DeploymentInfo>): { deploymentInfo: DeploymentInfo } => ({
  deploymentInfo: {
    deploymentId: 'd-1', applicationName: 'upkeep-billing-api', deploymentGroupName: 'upkeep-billing-api', computePlatform: 'Lambda',
    deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes', description: 'Upkeep billing-api 4.2.1 -> 4.3.0 (workflow wf-1)',
    createTime: new Date('2025-03-03T10:00:00Z'), startTime: new Date('2025-03-03T10:00:00Z'),
    revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } },
    ...overrides,
  },
});

describe('Class: CodeDeployDeployer', () => {
  beforeEach(() => {
    codeDeploy.reset();
    lambda.reset();
    cloudWatch.reset();
  });

  describe('Method: start', () => {
    it('shifts the alias from its version to the one the pipeline published, with the canary config and smoke hooks', async () => {
      // Prepare
      lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6' });
      lambda.on(ListVersionsByFunctionCommand)
        .resolvesOnce({ Versions: [{ Version: '$LATEST' }, { Version: '6', Description: 'upkeep:4.2.1' }], NextMarker: 'm2' })
        .resolvesOnce({ Versions: [{ Version: '7', Description: 'upkeep:4.3.0' }] });
      codeDeploy.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-1' });

      // Act
      const progress = await deployer.start(request);

      // Assess
      expect(progress).toMatchObject({ deploymentId: 'd-1', status: 'IN_PROGRESS', candidateWeight: 0, strategy: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' });
      const input = codeDeploy.commandCalls(CreateDeploymentCommand)[0]!.args[0].input;
      expect(input).toMatchObject({ applicationName: 'upkeep-billing-api', deploymentGroupName: 'upkeep-billing-api', deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' });
      const content = input.revision!.appSpecContent!.content!;
      expect(content.startsWith('{"version":0.0,')).toBe(true);
      expect(JSON.parse(content)).toEqual({
        version: 0,
        Resources: [{ billingapi: { Type: 'AWS::Lambda::Function', Properties: { Name: 'billing-api', Alias: 'live', CurrentVersion: '6', TargetVersion: '7' } } }],
        Hooks: [{ BeforeAllowTraffic: 'upkeep-billing-api-pre-traffic' }, { AfterAllowTraffic: 'upkeep-billing-api-post-traffic' }],
      });
      expect(lambda.commandCalls(ListVersionsByFunctionCommand)[1]!.args[0].input.Marker).toBe('m2');
    });

    it('takes the emergency rollout from config when the request is in the emergency lane', async () => {
      lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6' });
      lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [{ Version: '7', Description: 'upkeep:4.3.0' }] });
      codeDeploy.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-2' });

      await deployer.start({ ...request, emergency: true });

      expect(codeDeploy.commandCalls(CreateDeploymentCommand)[0]!.args[0].input.deploymentConfigName).toBe('upkeep-billing-api-emergency');
    });

    it('refuses a candidate the pipeline has not published, naming the description it looked for', async () => {
      lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6' });
      lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [{ Version: '6', Description: 'upkeep:4.2.1' }] });

      const start = deployer.start(request);

      await expect(start).rejects.toBeInstanceOf(NotFoundError);
      await expect(start).rejects.toThrow(/upkeep:4\.3\.0/);
      expect(codeDeploy.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
    });

    it('deploys a server bundle from the revision location with the custom minimum-healthy config', async () => {
      codeDeploy.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-3' });

      await deployer.start({ workflowId: 'wf-2', component: 'worker', fromVersion: '1.0.0', toVersion: '1.1.0' });

      expect(codeDeploy.commandCalls(CreateDeploymentCommand)[0]!.args[0].input).toMatchObject({
        applicationName: 'shop', deploymentGroupName: 'worker', deploymentConfigName: 'upkeep-worker-rolling',
        revision: { revisionType: 'S3', s3Location: { bucket: 'shop-bundles', key: 'worker/1.1.0.zip', bundleType: 'zip' } },
      });
    });

    it('returns the deployment a retried start already created instead of failing on the active one', async () => {
      lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6' });
      lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [{ Version: '7', Description: 'upkeep:4.3.0' }] });
      codeDeploy.on(CreateDeploymentCommand).rejects(new DeploymentLimitExceededException({ message: 'active deployment', $metadata }));
      codeDeploy.on(ListDeploymentsCommand).resolves({ deployments: ['d-1'] });
      codeDeploy.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [deployment({ status: 'Created' }).deploymentInfo] });
      codeDeploy.on(GetDeploymentCommand).resolves(deployment({ status: 'Created' }));

      await expect(deployer.start(request)).resolves.toMatchObject({ deploymentId: 'd-1', status: 'IN_PROGRESS' });

      codeDeploy.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [deployment({ status: 'InProgress', description: 'Upkeep billing-api 4.2.1 -> 4.2.9 (workflow wf-0)' }).deploymentInfo] });
      await expect(deployer.start(request)).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('Method: status', () => {
    it('follows Created → InProgress → Succeeded with the weight on the alias', async () => {
      // Prepare
      codeDeploy.on(GetDeploymentCommand)
        .resolvesOnce(deployment({ status: 'Created' }))
        .resolvesOnce(deployment({ status: 'InProgress' }))
        .resolvesOnce(deployment({ status: 'Succeeded', completeTime: new Date('2025-03-03T10:06:00Z') }));
      lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { '7': 0.1 } } });

      // Act
      const seen = [await deployer.status('d-1'), await deployer.status('d-1'), await deployer.status('d-1')];

      // Assess
      expect(seen.map((p) => [p.status, p.candidateWeight])).toEqual([['IN_PROGRESS', 0], ['IN_PROGRESS', 10], ['SUCCEEDED', 100]]);
      expect(seen[2]).toMatchObject({ endedAt: '2025-03-03T10:06:00.000Z', strategy: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' });
    });

    it('reports an alarm rollback as ROLLED_BACK with the alarm name and CloudWatch reason', async () => {
      codeDeploy.on(GetDeploymentCommand, { deploymentId: 'd-1' })
        .resolvesOnce(deployment({ status: 'InProgress' }))
        .resolves(deployment({
          status: 'Stopped',
          errorInformation: { code: 'ALARM_ACTIVE', message: 'One or more alarms have been activated and the deployment was stopped. Activated alarms: upkeep-billing-api-errors' },
          rollbackInfo: { rollbackDeploymentId: 'd-RB', rollbackMessage: 'Rolled back by d-RB' },
        }));
      codeDeploy.on(GetDeploymentCommand, { deploymentId: 'd-RB' }).resolves(deployment({ deploymentId: 'd-RB', status: 'Succeeded' }));
      lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { '7': 0.1 } } });
      cloudWatch.on(DescribeAlarmsCommand).resolves({
        MetricAlarms: [{ AlarmName: 'upkeep-billing-api-errors', StateValue: 'ALARM', StateReason: 'Threshold Crossed: 1 datapoint [3.0] was >= the threshold (1.0).' }],
      });

      expect(await deployer.status('d-1')).toMatchObject({ status: 'IN_PROGRESS', candidateWeight: 10 });
      const rolledBack = await deployer.status('d-1');

      expect(rolledBack).toMatchObject({
        status: 'ROLLED_BACK', candidateWeight: 0, alarm: 'upkeep-billing-api-errors',
        reason: 'alarm upkeep-billing-api-errors: Threshold Crossed: 1 datapoint [3.0] was >= the threshold (1.0).',
      });
      expect(cloudWatch.commandCalls(DescribeAlarmsCommand)[0]!.args[0].input.AlarmNames).toEqual(['upkeep-billing-api-errors']);
    });

    it('reports a Failed deployment with ALARM_ACTIVE as ROLLED_BACK, finding the alarm in ALARM when the message names none', async () => {
      codeDeploy.on(GetDeploymentCommand).resolves(deployment({ status: 'Failed', errorInformation: { code: 'ALARM_ACTIVE', message: 'An alarm went off.' } }));
      cloudWatch.on(DescribeAlarmsCommand).resolves({
        MetricAlarms: [{ AlarmName: 'upkeep-billing-api-errors', StateValue: 'OK', StateReason: 'fine' }],
        CompositeAlarms: [{ AlarmName: 'shop-latency', StateValue: 'ALARM', StateReason: 'p99 above 800 ms' }],
      });

      await expect(deployer.status('d-1')).resolves.toMatchObject({ status: 'ROLLED_BACK', alarm: 'shop-latency', reason: 'alarm shop-latency: p99 above 800 ms' });
    });

    it('keeps polling while the rollback deployment is still moving traffic back', async () => {
      codeDeploy.on(GetDeploymentCommand, { deploymentId: 'd-1' }).resolves(deployment({
        status: 'Failed', errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'BeforeAllowTraffic hook failed' }, rollbackInfo: { rollbackDeploymentId: 'd-RB' },
      }));
      codeDeploy.on(GetDeploymentCommand, { deploymentId: 'd-RB' }).resolvesOnce(deployment({ deploymentId: 'd-RB', status: 'InProgress' })).resolves(deployment({ deploymentId: 'd-RB', status: 'Succeeded' }));
      lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6' });

      expect(await deployer.status('d-1')).toMatchObject({ status: 'IN_PROGRESS', reason: 'rolling back: BeforeAllowTraffic hook failed' });
      expect(await deployer.status('d-1')).toMatchObject({ status: 'ROLLED_BACK', reason: 'BeforeAllowTraffic hook failed' });
    });

    it('reports a deployment stopped by an operator as STOPPED', async () => {
      codeDeploy.on(GetDeploymentCommand).resolves(deployment({
        status: 'Stopped', errorInformation: { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user' }, rollbackInfo: { rollbackDeploymentId: 'd-RB' },
      }));

      await expect(deployer.status('d-1')).resolves.toMatchObject({ status: 'STOPPED', candidateWeight: 0, reason: expect.stringMatching(/stopped by a user/) });
    });

    it('reports a failure without rollback as FAILED with the reason', async () => {
      codeDeploy.on(GetDeploymentCommand).resolves(deployment({ status: 'Failed', errorInformation: { code: 'INVALID_LAMBDA_FUNCTION', message: 'version 7 not found' } }));

      await expect(deployer.status('d-1')).resolves.toMatchObject({ status: 'FAILED', reason: 'version 7 not found' });
    });

    it('surfaces throttling that outlasted the SDK retries as a TransientError', async () => {
      codeDeploy.on(GetDeploymentCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata }));

      const read = deployer.status('d-1');

      await expect(read).rejects.toBeInstanceOf(TransientError);
      await expect(read).rejects.toMatchObject({ context: { awsError: 'ThrottlingException', service: 'CodeDeploy' } });
    });
  });

  describe('Method: rollBack', () => {
    it('stops an active deployment with automatic rollback', async () => {
      codeDeploy.on(GetDeploymentCommand).resolves(deployment({ status: 'InProgress' }));
      codeDeploy.on(StopDeploymentCommand).resolves({ status: 'Pending' });

      await expect(deployer.rollBack('d-1', 'health check failed')).resolves.toMatchObject({ status: 'ROLLED_BACK', candidateWeight: 0, reason: 'health check failed' });
      expect(codeDeploy.commandCalls(StopDeploymentCommand)[0]!.args[0].input).toEqual({ deploymentId: 'd-1', autoRollbackEnabled: true });
    });

    it('redeploys the previous Lambda version all at once after a deployment that already succeeded', async () => {
      codeDeploy.on(GetDeploymentCommand).resolves(deployment({ status: 'Succeeded' }));
      codeDeploy.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-back' });

      const progress = await deployer.rollBack('d-1', 'alarm upkeep-billing-api-errors after the bake time');

      expect(progress).toMatchObject({ status: 'ROLLED_BACK', reason: expect.stringContaining('d-back') });
      const input = codeDeploy.commandCalls(CreateDeploymentCommand)[0]!.args[0].input;
      expect(input.deploymentConfigName).toBe('CodeDeployDefault.LambdaAllAtOnce');
      expect(JSON.parse(input.revision!.appSpecContent!.content!)).toMatchObject({ Resources: [{ billingapi: { Properties: { CurrentVersion: '7', TargetVersion: '6' } } }], Hooks: [] });
    });
  });

  describe('Method: health', () => {
    it('lists the configured alarms in ALARM and any that do not exist', async () => {
      cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'upkeep-billing-api-errors', StateValue: 'ALARM', StateReason: 'Threshold Crossed' }] });

      const report = await deployer.health('billing-api');

      expect(report.healthy).toBe(false);
      expect(report.alarms).toEqual([
        { name: 'upkeep-billing-api-errors', reason: 'Threshold Crossed' },
        { name: 'shop-latency', reason: expect.stringMatching(/does not exist/) },
      ]);
      expect(cloudWatch.commandCalls(DescribeAlarmsCommand)[0]!.args[0].input.AlarmTypes).toEqual(['MetricAlarm', 'CompositeAlarm']);
    });
  });
});

describe('Function: deploymentConfigFor', () => {
  const lambdaTarget = { type: 'lambda' as const, functionName: 'api', alias: 'live' };
  it.each([
    [{ type: 'linear' as const, percent: 10, interval: '1m' }, 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute'],
    [{ type: 'linear' as const, percent: 10, interval: '10m' }, 'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes'],
    [{ type: 'canary' as const, percent: 10, interval: '30m' }, 'CodeDeployDefault.LambdaCanary10Percent30Minutes'],
    [{ type: 'canary' as const, percent: 20, interval: '5m' }, 'upkeep-api-canary'],
    [{ type: 'all-at-once' as const }, 'CodeDeployDefault.LambdaAllAtOnce'],
    [{ type: 'custom' as const, config: 'MyConfig' }, 'MyConfig'],
  ])('maps %o on Lambda to %s', (strategy, name) => {
    expect(deploymentConfigFor('api', lambdaTarget, strategy)).toBe(name);
  });

  it('maps ECS and server strategies to their own predefined names', () => {
    const ecs = { type: 'ecs' as const, cluster: 'c', service: 's' };
    expect(deploymentConfigFor('api', ecs, { type: 'linear', percent: 10, interval: '1m' })).toBe('CodeDeployDefault.ECSLinear10PercentEvery1Minutes');
    expect(deploymentConfigFor('api', { type: 'server', application: 'a' }, { type: 'rolling', batch: 'HalfAtATime' })).toBe('CodeDeployDefault.HalfAtATime');
  });

  it('refuses a stepped rollout, which the state machine drives', () => {
    expect(() => deploymentConfigFor('api', lambdaTarget, { type: 'stepped', steps: [50, 100], bake: '5m', analysis: { maxErrorRateIncrease: 1, maxLatencyIncreasePercent: 20, minRequests: 100, onInconclusive: 'synthetic' } })).toThrow(ValidationError);
  });
});

describe('Class: CodeDeployDeployer › more status sequences and named rollouts (issue 8)', () => {
  beforeEach(() => {
    codeDeploy.reset();
    lambda.reset();
    cloudWatch.reset();
  });

  it('stays IN_PROGRESS through Queued, Baking and Ready before it succeeds', async () => {
    codeDeploy.on(GetDeploymentCommand)
      .resolvesOnce(deployment({ status: 'Queued' }))
      .resolvesOnce(deployment({ status: 'Baking' }))
      .resolvesOnce(deployment({ status: 'Ready' }))
      .resolvesOnce(deployment({ status: 'Succeeded' }));
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '7' });

    const seen = [];
    for (let i = 0; i < 4; i += 1) seen.push(await deployer.status('d-1'));

    expect(seen.map((p) => [p.status, p.candidateWeight])).toEqual([['IN_PROGRESS', 0], ['IN_PROGRESS', 100], ['IN_PROGRESS', 100], ['SUCCEEDED', 100]]);
  });

  it('reports FAILED when the alarm rollback deployment itself fails, since traffic may not be back', async () => {
    codeDeploy.on(GetDeploymentCommand, { deploymentId: 'd-1' }).resolves(deployment({
      status: 'Stopped', errorInformation: { code: 'ALARM_ACTIVE', message: 'Activated alarms: upkeep-billing-api-errors' }, rollbackInfo: { rollbackDeploymentId: 'd-RB' },
    }));
    codeDeploy.on(GetDeploymentCommand, { deploymentId: 'd-RB' }).resolves(deployment({ deploymentId: 'd-RB', status: 'Failed', errorInformation: { code: 'INTERNAL_ERROR', message: 'alias update failed' } }));

    await expect(deployer.status('d-1')).resolves.toMatchObject({ status: 'FAILED', reason: 'rollback deployment d-RB did not finish: alias update failed' });
  });

  it('reports an operator stop that CodeDeploy then rolled back as STOPPED, not as an alarm rollback', async () => {
    codeDeploy.on(GetDeploymentCommand).resolves(deployment({
      status: 'Stopped', errorInformation: { code: 'MANUAL_STOP', message: 'stopped by ops' }, rollbackInfo: { rollbackDeploymentId: 'd-RB', rollbackMessage: 'Rolled back by d-RB; alarms: none' },
    }));

    await expect(deployer.status('d-1')).resolves.toMatchObject({ status: 'STOPPED' });
    expect(cloudWatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  });

  it('uses the named rollout a policy chose, and refuses one that is not declared', async () => {
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '6' });
    lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [{ Version: '7', Description: 'upkeep:4.3.0' }] });
    codeDeploy.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-4' });

    await deployer.start({ ...request, rollout: 'emergency' });

    expect(codeDeploy.commandCalls(CreateDeploymentCommand)[0]!.args[0].input.deploymentConfigName).toBe('upkeep-billing-api-emergency');
    await expect(deployer.start({ ...request, rollout: 'nope' })).rejects.toBeInstanceOf(ValidationError);
  });
});
