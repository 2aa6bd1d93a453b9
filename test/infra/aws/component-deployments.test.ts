import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { HOOKS, hookFunctionName } from '../../../functions/adapters/aws/aws-names.js';
import { deploymentConfigFor, lambdaAppSpec } from '../../../functions/adapters/aws/codedeploy-plan.js';
import { ComponentDeployments } from '../../../infra/aws/component-deployments.js';
import { LifecycleHooks } from '../../../infra/aws/lifecycle-hooks.js';
import { loadConfig } from '../../../infra/aws/stack-config.js';
import { ECS_CONTEXT, everythingConfig, fullyAlarmedConfig, list, resourcesOf, statementsOfRole, synth, warningsOf, type Statement, type Synthesized } from './synth.js';

/** The statements of the role a construct's function runs with. */
function functionRoleStatements(s: Synthesized, fn: IConstruct): Statement[] {
  const props = resourcesOf(s.template, 'AWS::Lambda::Function')[s.stack.getLogicalId(fn.node.defaultChild as never)]!.Properties;
  return statementsOfRole(s, ((props.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'])[0]!);
}

const resourcesFor = (statements: Statement[], action: string): string =>
  JSON.stringify(statements.filter((st) => st.Effect === 'Allow' && list(st.Action).includes(action)).flatMap((st) => list(st.Resource)));

describe('Construct: ComponentDeployments', () => {
  const s = synth(undefined, { 'upkeep:ecs': ECS_CONTEXT });

  it('attaches alarms to every deployment group that has any, and rolls back on alarm and on failure', () => {
    const groups = Object.entries(resourcesOf(s.template, 'AWS::CodeDeploy::DeploymentGroup'));
    expect(groups.map(([, g]) => g.Properties.DeploymentGroupName).sort()).toEqual(['production', 'upkeep-billing-api', 'upkeep-storefront']);
    for (const [id, g] of groups) {
      const rollback = g.Properties.AutoRollbackConfiguration as { Enabled: boolean; Events: string[] };
      expect(rollback.Enabled, id).toBe(true);
      expect(rollback.Events, id).toContain('DEPLOYMENT_FAILURE');
      if (g.Properties.DeploymentGroupName === 'production') continue; // the example's server component configures no alarm; see the full-alarm case
      expect(g.Properties.AlarmConfiguration, id).toMatchObject({ Enabled: true });
      expect((g.Properties.AlarmConfiguration as { Alarms: unknown[] }).Alarms.length, id).toBeGreaterThan(0);
      expect(rollback.Events, id).toContain('DEPLOYMENT_STOP_ON_ALARM');
    }
  });

  it('attaches alarms to every group when every component has some', () => {
    const full = synth(fullyAlarmedConfig(), { 'upkeep:ecs': ECS_CONTEXT });
    const groups = Object.values(resourcesOf(full.template, 'AWS::CodeDeploy::DeploymentGroup'));
    expect(groups).toHaveLength(3);
    for (const g of groups) {
      expect(g.Properties.AlarmConfiguration, String(g.Properties.DeploymentGroupName)).toMatchObject({ Enabled: true, Alarms: expect.arrayContaining([expect.anything()]) as unknown });
      expect((g.Properties.AutoRollbackConfiguration as { Events: string[] }).Events).toEqual(expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']));
    }
  });

  it('watches the Lambda alias for errors, throttles and latency, plus the configured alarm', () => {
    for (const name of ['errors', 'throttles', 'latency', 'billing-errors']) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `upkeep-billing-api-${name}` });
    }
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'upkeep-billing-api-errors', Namespace: 'AWS/Lambda', MetricName: 'Errors',
      Dimensions: Match.arrayWith([{ Name: 'Resource', Value: 'billing-api:live' }]),
    });
  });

  it('maps strategies to CodeDeploy configurations: predefined when one fits, custom otherwise', () => {
    s.template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentGroupName: 'upkeep-billing-api', DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent10Minutes' });
    s.template.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      DeploymentConfigName: 'upkeep-billing-api-emergency', ComputePlatform: 'Lambda',
      TrafficRoutingConfig: { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 25, CanaryInterval: 5 } },
    });
  });

  it('moves only the configured alias of the user\'s function', () => {
    const deployment = s.stack.node.findAll().find((c) => c.node.path.endsWith('Deployments/BillingApi/Role'));
    expect(deployment).toBeDefined();
    const roleId = s.stack.getLogicalId(deployment!.node.defaultChild as never);
    const alias = statementsOfRole(s, roleId).find((st) => list(st.Action).includes('lambda:UpdateAlias'));
    expect(JSON.stringify(alias?.Resource)).toContain(':function:billing-api:live');
  });
});

describe('Named rollouts', () => {
  const path = everythingConfig();
  const config = loadConfig(path);
  const s = synth(path, { 'upkeep:ecs': ECS_CONTEXT });
  const deployed = config.components.filter((c) => c.deploy !== undefined && c.deploy.target.type !== 'local');
  const configs = Object.values(resourcesOf(s.template, 'AWS::CodeDeploy::DeploymentConfig')).map((r) => r.Properties);
  const deployGrant = resourcesFor(functionRoleStatements(s, s.stack.functions['start-rollout'].function), 'codedeploy:GetDeploymentConfig');
  const warnings = warningsOf(s.stack);

  it('declares one of every kind the configuration language allows', () => {
    expect(new Set(Object.values(config.rollouts).map((r) => r.type))).toEqual(new Set(['canary', 'linear', 'all-at-once', 'blue-green', 'rolling', 'stepped', 'custom']));
    expect(deployed.map((c) => c.deploy!.target.type).sort()).toEqual(['ecs', 'lambda', 'server']);
  });

  for (const [rollout, strategy] of Object.entries(config.rollouts)) {
    it(`maps "${rollout}" (${strategy.type}) to a configuration the deployer can name, or says why not`, () => {
      for (const component of deployed) {
        const { target } = component.deploy!;
        const label = `${component.name} ${rollout}`;
        if (strategy.type === 'stepped' && target.type === 'lambda') {
          // Not CodeDeploy's: the stepped deployer moves the alias itself, so the rollout steps may.
          expect(resourcesFor(functionRoleStatements(s, s.stack.functions['start-rollout'].function), 'lambda:UpdateAlias'), label).toContain(':function:billing-api:live');
          continue;
        }
        let name: string | undefined;
        try {
          // What the CodeDeployDeployer asks CodeDeploy for when this rollout is chosen.
          name = deploymentConfigFor(component.name, target, strategy, rollout);
        } catch {
          expect(warnings.some((w) => w.startsWith(`${component.name}: named rollout "${rollout}" cannot run`)), label).toBe(true);
          continue;
        }
        if (name === undefined) continue; // blue/green on servers: the group's own configuration
        expect(deployGrant, label).toContain(`:deploymentconfig:${name}`);
        if (name.startsWith('CodeDeployDefault.') || strategy.type === 'custom') continue;
        expect(configs.map((c) => c.DeploymentConfigName), label).toContain(name);
      }
    });
  }

  it('shapes the custom configurations after their strategies', () => {
    const byName = (name: string): Record<string, unknown> | undefined => configs.find((c) => c.DeploymentConfigName === name);
    expect(byName('upkeep-billing-api-slow-linear')).toMatchObject({ ComputePlatform: 'Lambda', TrafficRoutingConfig: { Type: 'TimeBasedLinear', TimeBasedLinear: { LinearPercentage: 20, LinearInterval: 2 } } });
    expect(byName('upkeep-storefront-slow-linear')).toMatchObject({ ComputePlatform: 'ECS', TrafficRoutingConfig: { Type: 'TimeBasedLinear', TimeBasedLinear: { LinearPercentage: 20, LinearInterval: 2 } } });
    expect(byName('upkeep-storefront-emergency')).toMatchObject({ ComputePlatform: 'ECS', TrafficRoutingConfig: { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 25, CanaryInterval: 5 } } });
    expect(byName('upkeep-report-worker-two-up')).toMatchObject({ MinimumHealthyHosts: { Type: 'HOST_COUNT', Value: 2 } });
    // Predefined ones are never created: CodeDeploy refuses a name in its own namespace.
    expect(configs.filter((c) => String(c.DeploymentConfigName).startsWith('CodeDeployDefault.'))).toEqual([]);
  });

  it('warns about a rollout the example\'s server cannot run', () => {
    const example = warningsOf(synth().stack);
    expect(example.find((w) => w.startsWith('report-worker: named rollout "emergency"'))).toContain('a canary rollout cannot run on a server target');
  });
});

describe('Construct: LifecycleHooks', () => {
  const path = everythingConfig();
  const s = synth(path, { 'upkeep:ecs': ECS_CONTEXT });
  const hooks = s.stack.hooks.get('billing-api');
  const config = loadConfig(path);
  const billing = config.components.find((c) => c.name === 'billing-api')!;

  it('deploys the hook functions the deployer\'s AppSpec names', () => {
    expect(hooks).toBeDefined();
    expect([...s.stack.hooks.keys()]).toEqual(['billing-api']);
    const target = billing.deploy!.target as { type: 'lambda'; functionName: string; alias: string };
    const appSpec = JSON.parse(lambdaAppSpec('billing-api', billing.deploy!, target, { current: '1', target: '2' })) as { Hooks: Record<string, string>[] };
    const named = appSpec.Hooks.flatMap((h) => Object.entries(h));
    expect(named.map(([hook]) => hook)).toEqual([...HOOKS]);
    for (const [hook, functionName] of named) {
      const fn = hooks!.functions[hook as (typeof HOOKS)[number]].function;
      const props = resourcesOf(s.template, 'AWS::Lambda::Function')[s.stack.getLogicalId(fn.node.defaultChild as never)]!.Properties;
      expect(props.FunctionName, hook).toBe(functionName);
      expect(functionName).toBe(hookFunctionName('billing-api', hook as (typeof HOOKS)[number]));
      expect(props).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Environment: { Variables: { UPKEEP_CONFIG_PATH: '/var/task/upkeep-config.json' } } });
    }
  });

  it('lets the deployment group\'s role invoke both hooks', () => {
    const role = s.stack.node.findAll().find((c) => c.node.path.endsWith('Deployments/BillingApi/Role'))!;
    const statements = statementsOfRole(s, s.stack.getLogicalId(role.node.defaultChild as never));
    const invoke = resourcesFor(statements, 'lambda:InvokeFunction');
    for (const hook of HOOKS) expect(invoke).toContain(s.stack.getLogicalId(hooks!.functions[hook].function.node.defaultChild as never));
  });

  it('lets each hook report only on its own component\'s deployments and invoke only its versions', () => {
    for (const hook of HOOKS) {
      const statements = functionRoleStatements(s, hooks!.functions[hook].function);
      for (const action of ['codedeploy:PutLifecycleEventHookExecutionStatus', 'codedeploy:GetDeployment']) {
        expect(resourcesFor(statements, action), action).toContain(':deploymentgroup:upkeep-billing-api/upkeep-billing-api');
        expect(resourcesFor(statements, action), action).not.toContain('storefront');
      }
      expect(JSON.parse(resourcesFor(statements, 'lambda:InvokeFunction'))).toEqual([expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([':function:billing-api:*']) as unknown] })]);
      expect(resourcesFor(statements, 'codedeploy:CreateDeployment')).toBe('[]');
    }
  });

  it('is invoked asynchronously by CodeDeploy, so failures go to the dead-letter queue', () => {
    for (const hook of HOOKS) {
      const id = s.stack.getLogicalId(hooks!.functions[hook].function.node.defaultChild as never);
      expect(resourcesOf(s.template, 'AWS::Lambda::Function')[id]!.Properties.DeadLetterConfig, hook).toBeDefined();
    }
  });

  it('deploys no hooks when no component has smoke tests', () => {
    expect(synth().stack.hooks.size).toBe(0);
    synth().template.resourcePropertiesCountIs('AWS::Lambda::Function', { FunctionName: Match.stringLikeRegexp('-traffic$') }, 0);
  });

  it('warns that an ECS component\'s smoke tests have no hooks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'upkeep-config-'));
    const file = join(dir, 'upkeep.yaml');
    writeFileSync(file, readExample().replace('strategy: { type: blue-green, terminateAfter: 15m }', 'strategy: { type: blue-green, terminateAfter: 15m }\n      smokeTest: smoke/storefront.sh'));
    const warnings = warningsOf(synth(file, { 'upkeep:ecs': ECS_CONTEXT }).stack);
    expect(warnings.find((w) => w.startsWith('storefront: deploy.smokeTest'))).toContain('Lambda targets only');
  });

  it('refuses a component whose hook name would exceed Lambda\'s 64 characters, naming the limit', () => {
    // Prepare
    const long = 'a'.repeat(45);
    const dir = mkdtempSync(join(tmpdir(), 'upkeep-config-'));
    const file = join(dir, 'upkeep.yaml');
    writeFileSync(file, `version: 1\ncomponents:\n  - name: ${long}\n    current: "1.0.0"\n    source: { type: npm, package: x }\n    deploy:\n      target: { type: lambda, functionName: x }\n      smokeTest: smoke.json\n`);
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Hooks');
    const deployments = new ComponentDeployments(stack, 'Deployments', { config: loadConfig(file), ecs: {} });
    // Act
    const act = (): unknown => new LifecycleHooks(stack, 'Hooks', {
      deployment: deployments.lambda[0]!, grants: {} as never, environment: {}, configFile: file, logRetention: RetentionDays.ONE_DAY, failureQueue: new Queue(stack, 'Q'),
    });
    // Assess
    expect(act).toThrow(`component ${long}: its lifecycle hook function upkeep-${long}-post-traffic is 65 characters, over Lambda's 64; shorten the component's name to 44 characters or fewer`);
  });
});

function readExample(): string {
  return readFileSync('examples/upkeep.yaml', 'utf8');
}
