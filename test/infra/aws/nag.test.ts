import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ECS_CONTEXT, everythingConfig, fullyAlarmedConfig, synth } from './synth.js';

/** Every cdk-nag violation of both packs, as `<rule> at <construct path>`. */
function findings(app: Parameters<AwsSolutionsChecks['validateScope']>[0]): string[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`)));
}

describe('cdk-nag: AwsSolutionsChecks and ServerlessChecks', () => {
  it('reports nothing unacknowledged for the example configuration', () => {
    expect(findings(synth().app)).toEqual([]);
  });

  it('reports nothing unacknowledged with every target type deployed', () => {
    expect(findings(synth(fullyAlarmedConfig(), { 'upkeep:ecs': ECS_CONTEXT }).app)).toEqual([]);
  });

  it('reports nothing unacknowledged with lifecycle hooks, stepped rollouts and every named rollout', () => {
    expect(findings(synth(everythingConfig(), { 'upkeep:ecs': ECS_CONTEXT }).app)).toEqual([]);
  });

  it('reports nothing unacknowledged when a Lambda target is named by its ARN', () => {
    // Prepare: the same, with the function given as an ARN (its versions' ARN pattern then has no tokens).
    const file = join(dirname(everythingConfig()), 'upkeep-arn.yaml');
    writeFileSync(file, readFileSync(everythingConfig(), 'utf8').replace('functionName: billing-api', 'functionName: arn:aws:lambda:eu-west-1:123456789012:function:billing-api'));
    // Act, Assess
    expect(findings(synth(file, { 'upkeep:ecs': ECS_CONTEXT }).app)).toEqual([]);
  });

  it('still reports a wildcard nobody acknowledged', async () => {
    // Prepare
    const { createUpkeepApp } = await import('../../../infra/aws/upkeep-app.js');
    const { PolicyStatement } = await import('aws-cdk-lib/aws-iam');
    const { app, stack } = createUpkeepApp({ context: { 'upkeep:config': 'examples/upkeep.yaml', 'aws:cdk:bundling-stacks': [] } });
    // Act
    stack.functions['evaluate-policy'].function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }));
    // Assess
    expect(findings(app)).toEqual(['error AwsSolutions-IAM5[Resource::arn:aws:s3:::bucket/*] at Upkeep/EvaluatePolicy/Role/DefaultPolicy/Resource']);
  });
});

describe('synth annotations', () => {
  it('has no errors', () => {
    Annotations.fromStack(synth().stack).hasNoError('*', Match.anyValue());
  });

  it('warns only about what the configuration cannot express, naming the fix', () => {
    const warnings = Annotations.fromStack(synth().stack).findWarning('*', Match.anyValue()).map((w) => (typeof w.entry.data === 'string' ? w.entry.data : JSON.stringify(w.entry.data)));
    expect(warnings).toHaveLength(6);
    expect(warnings.filter((w) => w.includes('simulation.buildspec')).map((w) => w.split(':')[0]).sort()).toEqual(['billing-api', 'payments-sdk', 'report-worker']);
    expect(warnings.find((w) => w.startsWith('storefront:'))).toContain('"upkeep:ecs"');
    expect(warnings.find((w) => w.startsWith('report-worker: no deploy.alarms'))).toBeDefined();
    expect(warnings.find((w) => w.startsWith('report-worker: named rollout "emergency"'))).toBeDefined();
  });
});
