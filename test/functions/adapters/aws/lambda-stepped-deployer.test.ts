import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetAliasCommand, InvokeCommand, LambdaClient, ListVersionsByFunctionCommand, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import type { UpdateAliasCommandInput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaSteppedDeployer } from '../../../../functions/adapters/aws/lambda-stepped-deployer.js';
import { StrategyRoutingDeployer } from '../../../../functions/adapters/aws/strategy-routing-deployer.js';
import { requireConfig } from '../../../../functions/core/config/parse.js';
import { ConflictError } from '../../../../functions/core/errors.js';
import type { Deployer } from '../../../../functions/ports/deployer.js';
import { FakeDeployer } from '../../../support/fakes/index.js';

const region = { region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const lambdaClient = new LambdaClient(region);
const cloudWatchClient = new CloudWatchClient(region);
const lambda = mockClient(lambdaClient);
const cloudWatch = mockClient(cloudWatchClient);

const CONFIG = `
version: 1
rollouts:
  emergency: { type: canary, percent: 50, interval: 1m }
components:
  - name: api
    current: "1.2.0"
    source: { type: npm, package: api }
    deploy:
      target: { type: lambda, functionName: api, alias: live }
      strategy:
        type: stepped
        steps: [10, 50, 100]
        bake: 5m
        analysis: { maxErrorRateIncrease: 1, maxLatencyIncreasePercent: 20, minRequests: 100, onInconclusive: synthetic }
      alarms:
        - { name: errors, metric: Errors, statistic: Sum, threshold: 1, comparison: GreaterThanOrEqualToThreshold }
`;
const config = { get: () => Promise.resolve(requireConfig(CONFIG, 'upkeep.yaml')) };
let now = Date.parse('2025-03-03T10:00:00Z');
const clock = { now: () => new Date(now) };
const MINUTE = 60_000;
const request = { workflowId: 'wf-1', component: 'api', fromVersion: '1.2.0', toVersion: '1.3.0' };

/** The alias as Lambda keeps it: updates must name the revision they read. */
let alias: { FunctionVersion: string; RoutingConfig?: { AdditionalVersionWeights: Record<string, number> }; Description?: string; RevisionId: string };
/** CloudWatch figures per version: invocations, errors, p99 ms. */
let figures: Record<string, { invocations: number; errors: number; p99?: number }>;
let invokeAnswer: (qualifier: string) => { FunctionError?: string; body: string };

const smokeCases = () => Promise.resolve([{ name: 'health', payload: { rawPath: '/health' }, expect: { statusCode: 200 } }]);
const deployer = new LambdaSteppedDeployer({ config, lambda: lambdaClient, cloudWatch: cloudWatchClient, clock, smokeCases });
const updates = (): UpdateAliasCommandInput[] => lambda.commandCalls(UpdateAliasCommand).map((c) => c.args[0].input);

describe('Class: LambdaSteppedDeployer', () => {
  beforeEach(() => {
    lambda.reset();
    cloudWatch.reset();
    now = Date.parse('2025-03-03T10:00:00Z');
    alias = { FunctionVersion: '6', RevisionId: 'r1' };
    figures = { 6: { invocations: 9000, errors: 9, p99: 120 }, 7: { invocations: 1000, errors: 1, p99: 125 } };
    invokeAnswer = () => ({ body: '{"statusCode":200}' });
    lambda.on(GetAliasCommand).callsFake(() => ({ ...alias }));
    lambda.on(UpdateAliasCommand).callsFake((input: UpdateAliasCommandInput) => {
      if (input.RevisionId !== alias.RevisionId) throw Object.assign(new Error('The RevisionId provided does not match the latest RevisionId'), { name: 'PreconditionFailedException' });
      alias = { FunctionVersion: input.FunctionVersion ?? alias.FunctionVersion, RoutingConfig: { AdditionalVersionWeights: input.RoutingConfig?.AdditionalVersionWeights ?? {} }, Description: input.Description ?? '', RevisionId: `r${Number(alias.RevisionId.slice(1)) + 1}` };
      return { ...alias };
    });
    lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [{ Version: '6', Description: 'upkeep:1.2.0' }, { Version: '7', Description: 'upkeep:1.3.0' }] });
    lambda.on(InvokeCommand).callsFake((input: { Qualifier: string }) => {
      const answer = invokeAnswer(input.Qualifier);
      return { StatusCode: 200, Payload: new TextEncoder().encode(answer.body), ...(answer.FunctionError === undefined ? {} : { FunctionError: answer.FunctionError }) };
    });
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'upkeep-api-errors', StateValue: 'OK', StateReason: 'fine' }] });
    cloudWatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: { Id: string; MetricStat: { Metric: { Dimensions: { Name: string; Value: string }[] } } }[] }) => {
      const version = input.MetricDataQueries[0]!.MetricStat.Metric.Dimensions.find((d) => d.Name === 'ExecutedVersion')!.Value;
      const f = figures[version] ?? { invocations: 0, errors: 0 };
      return {
        MetricDataResults: [
          { Id: 'invocations', Values: [f.invocations] },
          { Id: 'errors', Values: [f.errors] },
          { Id: 'p99', Values: f.p99 === undefined ? [] : [f.p99] },
        ],
      };
    });
  });

  describe('Method: start', () => {
    it('smoke-tests the candidate, then puts the first step on it through the alias weights', async () => {
      // Act
      const progress = await deployer.start(request);

      // Assess
      expect(progress).toMatchObject({ deploymentId: 'stepped:api:wf-1', status: 'IN_PROGRESS', candidateWeight: 10, strategy: 'Stepped10-50-100' });
      expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({ FunctionName: 'api', Qualifier: '7' });
      expect(updates()).toEqual([expect.objectContaining({ FunctionName: 'api', Name: 'live', FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { 7: 0.1 } }, RevisionId: 'r1' })]);
      expect(alias.Description).toMatch(/^upkeep-stepped \{"w":"wf-1","c":"6","t":"7","s":0/);
    });

    it('does not shift traffic when the pre-traffic smoke test fails, and reports the rollback', async () => {
      invokeAnswer = () => ({ FunctionError: 'Unhandled', body: '{"errorMessage":"boom"}' });

      const progress = await deployer.start(request);

      expect(progress).toMatchObject({ status: 'ROLLED_BACK', candidateWeight: 0 });
      expect(progress.reason).toMatch(/^pre-traffic smoke test failed: 1 of 1 smoke case\(s\) failed on version 7: health: the function failed \(Unhandled\)/);
      expect(alias).toMatchObject({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: {} } });
      expect((await deployer.status(progress.deploymentId)).status).toBe('ROLLED_BACK');
    });

    it('refuses to start while another rollout moves the alias', async () => {
      alias = { FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { 5: 0.5 } }, RevisionId: 'r9' };

      await expect(deployer.start(request)).rejects.toBeInstanceOf(ConflictError);
    });

    it('returns the rollout already under way for a retried start', async () => {
      await deployer.start(request);

      const again = await deployer.start(request);

      expect(again).toMatchObject({ status: 'IN_PROGRESS', candidateWeight: 10 });
      expect(updates()).toHaveLength(1);
    });
  });

  describe('Method: status', () => {
    it('holds each step for its bake time, steps on after a passing analysis, and finishes on the candidate', async () => {
      // Prepare
      const { deploymentId } = await deployer.start(request);

      // Act: poll through the steps.
      now += MINUTE;
      const baking = await deployer.status(deploymentId);
      now += 5 * MINUTE;
      const second = await deployer.status(deploymentId);
      now += 5 * MINUTE;
      const third = await deployer.status(deploymentId);
      now += 5 * MINUTE;
      figures = { ...figures, 7: { invocations: 10_000, errors: 5, p99: 118 } };
      const done = await deployer.status(deploymentId);

      // Assess
      expect(baking).toMatchObject({ status: 'IN_PROGRESS', candidateWeight: 10, reason: 'step at 10% bakes until 2025-03-03T10:05:00.000Z' });
      expect(second).toMatchObject({ status: 'IN_PROGRESS', candidateWeight: 50, analyses: [{ weight: 10, verdict: 'pass' }] });
      expect(second.reason).toBe('analysis at 10%: pass (error rate 0.1% against 0.1%; p99 latency 125 ms against 120 ms (+4.17%))');
      expect(third).toMatchObject({ status: 'IN_PROGRESS', candidateWeight: 100 });
      expect(done).toMatchObject({ status: 'SUCCEEDED', candidateWeight: 100, analyses: [{ weight: 100, verdict: 'pass' }] });
      expect(updates().map((u) => [u.FunctionVersion, u.RoutingConfig?.AdditionalVersionWeights])).toEqual([['6', { 7: 0.1 }], ['6', { 7: 0.5 }], ['7', {}], ['7', {}]]);
      expect((await deployer.status(deploymentId)).status).toBe('SUCCEEDED');
    });

    it('rolls back a candidate slower on p99 than the current version', async () => {
      const { deploymentId } = await deployer.start(request);
      figures = { ...figures, 7: { invocations: 1000, errors: 0, p99: 900 } };
      now += 5 * MINUTE;

      const progress = await deployer.status(deploymentId);

      expect(progress).toMatchObject({ status: 'ROLLED_BACK', candidateWeight: 0, analyses: [{ weight: 10, verdict: 'fail' }] });
      expect(progress.reason).toBe('analysis at 10% failed: p99 latency 900 ms against 120 ms (+650%): more than 20% slower; error rate 0% against 0.1%; all traffic back on version 6');
      expect(alias).toMatchObject({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: {} } });
    });

    it('runs synthetic invocations of the smoke cases on both versions when too few real ones reached the candidate', async () => {
      const { deploymentId } = await deployer.start(request);
      figures = { ...figures, 7: { invocations: 3, errors: 0, p99: 100 } };
      now += 5 * MINUTE;

      const progress = await deployer.status(deploymentId);

      expect(progress).toMatchObject({ status: 'IN_PROGRESS', candidateWeight: 50, analyses: [{ weight: 10, verdict: 'pass', synthetic: true }] });
      expect(progress.reason).toMatch(/only 3 request\(s\) reached the candidate; at least 100 are needed to judge it, so 100 synthetic invocations of the smoke cases went to each version: synthetic checks: error rate 0% against 0%/);
      const qualifiers = lambda.commandCalls(InvokeCommand).slice(1).map((c) => c.args[0].input.Qualifier);
      expect(qualifiers.filter((q) => q === '7')).toHaveLength(100);
      expect(qualifiers.filter((q) => q === '6')).toHaveLength(100);
    });

    it('fails the step when the synthetic invocations of the candidate fail, instead of passing blindly', async () => {
      const { deploymentId } = await deployer.start(request);
      figures = { ...figures, 7: { invocations: 0, errors: 0 } };
      invokeAnswer = (q) => (q === '7' ? { body: '{"statusCode":500}' } : { body: '{"statusCode":200}' });
      now += 5 * MINUTE;

      const progress = await deployer.status(deploymentId);

      expect(progress).toMatchObject({ status: 'ROLLED_BACK' });
      expect(progress.reason).toMatch(/synthetic checks: error rate 100% against 0%: more than 1 point\(s\) worse/);
    });

    it('rolls back at once when an alarm of the component is in ALARM, naming it', async () => {
      const { deploymentId } = await deployer.start(request);
      cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'upkeep-api-errors', StateValue: 'ALARM', StateReason: 'Threshold Crossed: 1 datapoint [4.0] was >= 1.0' }] });

      const progress = await deployer.status(deploymentId);

      expect(progress).toMatchObject({ status: 'ROLLED_BACK', alarm: 'upkeep-api-errors' });
      expect(progress.reason).toMatch(/^alarm upkeep-api-errors: Threshold Crossed/);
    });

    it('rolls back when the post-traffic smoke test fails at 100%', async () => {
      const { deploymentId } = await deployer.start(request);
      for (let i = 0; i < 2; i += 1) {
        now += 5 * MINUTE;
        await deployer.status(deploymentId);
      }
      invokeAnswer = () => ({ body: '{"statusCode":503}' });
      figures = { ...figures, 7: { invocations: 10_000, errors: 0, p99: 100 } };
      now += 5 * MINUTE;

      const progress = await deployer.status(deploymentId);

      expect(progress.status).toBe('ROLLED_BACK');
      expect(progress.reason).toMatch(/^post-traffic smoke test failed/);
      expect(alias.FunctionVersion).toBe('6');
    });

    it('does not step twice when another poll moved the alias first', async () => {
      const { deploymentId } = await deployer.start(request);
      now += 5 * MINUTE;
      const stale = { ...alias };
      lambda.on(GetAliasCommand).callsFakeOnce(() => stale).callsFake(() => ({ ...alias }));
      alias = { ...alias, RevisionId: 'r-other' };

      const progress = await deployer.status(deploymentId);

      expect(progress.candidateWeight).toBe(50);
      expect(updates().filter((u) => u.RoutingConfig?.AdditionalVersionWeights?.['7'] === 0.5)).toHaveLength(1);
    });

    it('reports FAILED when the alias no longer carries the rollout', async () => {
      const { deploymentId } = await deployer.start(request);
      alias = { FunctionVersion: '6', RevisionId: 'rx', Description: 'changed by hand' };

      expect(await deployer.status(deploymentId)).toMatchObject({ status: 'FAILED' });
    });
  });

  describe('Method: rollBack', () => {
    it('sends all traffic back to the current version', async () => {
      const { deploymentId } = await deployer.start(request);

      const progress = await deployer.rollBack(deploymentId, 'unhealthy after the bake time');

      expect(progress).toMatchObject({ status: 'ROLLED_BACK', reason: 'rolled back by request: unhealthy after the bake time; all traffic back on version 6' });
      expect(alias).toMatchObject({ FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: {} } });
    });
  });
});

describe('Class: StrategyRoutingDeployer', () => {
  it('sends stepped strategies to the stepped deployer and the others, by id, to CodeDeploy', async () => {
    const stepped = new FakeDeployer();
    const codeDeploy = new FakeDeployer();
    const routing = new StrategyRoutingDeployer({ config, codeDeploy, stepped: { ...fakeIds(stepped) } });

    await routing.start(request);
    await routing.start({ ...request, workflowId: 'wf-2', emergency: true });
    await routing.status('stepped:api:wf-1');
    await routing.status('d-1');
    await routing.health('api');

    expect(stepped.started.map((r) => r.workflowId)).toEqual(['wf-1']);
    expect(codeDeploy.started.map((r) => r.workflowId)).toEqual(['wf-2']);
    expect(codeDeploy.calls.map((c) => c.method)).toEqual(['start', 'status', 'health']);
  });
});

/** The fake with `stepped:` ids, as the stepped deployer hands out. */
function fakeIds(fake: FakeDeployer): Deployer {
  return {
    start: async (r) => ({ ...(await fake.start(r)), deploymentId: `stepped:${r.component}:${r.workflowId}` }),
    status: (id) => fake.status(id.startsWith('stepped:') ? 'd-1' : id),
    rollBack: (id, reason) => fake.rollBack(id, reason),
    health: (c) => fake.health(c),
  };
}
