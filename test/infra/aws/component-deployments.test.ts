import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ECS_CONTEXT, fullyAlarmedConfig, list, resourcesOf, statementsOfRole, synth } from './synth.js';

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
