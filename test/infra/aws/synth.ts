/**
 * Shared by the infra tests: the Upkeep app synthesized in-process without bundling (esbuild
 * runs only in the CLI synth test), once per configuration and per test file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { parse, stringify } from 'yaml';
import type { App } from 'aws-cdk-lib';
import { createUpkeepApp } from '../../../infra/aws/upkeep-app.js';
import type { UpkeepStack } from '../../../infra/aws/upkeep-stack.js';

export const EXAMPLE_CONFIG = 'examples/upkeep.yaml';

/** Load balancing for the example's ECS component, as `cdk.json` would carry it. */
export const ECS_CONTEXT = {
  storefront: {
    listenerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2',
    blueTargetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/storefront-blue/73e2d6bc24d8a067',
    greenTargetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/storefront-green/3f1c9a2b7d5e4c01',
  },
};

export interface Synthesized {
  readonly app: App;
  readonly stack: UpkeepStack;
  readonly template: Template;
}

const cache = new Map<string, Synthesized>();

/** Synthesizes the app for a config file and extra context; skips bundling (`aws:cdk:bundling-stacks: []`). */
export function synth(configPath: string = EXAMPLE_CONFIG, context: Record<string, unknown> = {}): Synthesized {
  const key = JSON.stringify([configPath, context]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const { app, stack } = createUpkeepApp({
    context: { 'upkeep:config': configPath, 'aws:cdk:bundling-stacks': [], ...context },
    outdir: mkdtempSync(join(tmpdir(), 'upkeep-cdk-test-')),
  });
  const synthesized = { app, stack, template: Template.fromStack(stack) };
  cache.set(key, synthesized);
  return synthesized;
}

/**
 * The example configuration with an alarm on the server component too, so every target type
 * has alarms: written to a temporary file, since the app reads a path.
 */
export function fullyAlarmedConfig(): string {
  const doc = parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as { components: { name: string; deploy?: { alarms?: unknown[] } }[] };
  const worker = doc.components.find((c) => c.name === 'report-worker');
  if (worker?.deploy === undefined) throw new Error('examples/upkeep.yaml changed: report-worker no longer deploys');
  worker.deploy.alarms = [{ name: 'errors', metric: 'JobErrors', namespace: 'Acme/ReportWorker', statistic: 'Sum', threshold: 1, comparison: 'GreaterThanOrEqualToThreshold' }];
  const file = join(mkdtempSync(join(tmpdir(), 'upkeep-config-')), 'upkeep.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

/** Every `Properties` of the template's resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties: Record<string, unknown>; DependsOn?: string[] }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown>; DependsOn?: string[] }>;
}

/** An IAM policy statement as synthesized. */
export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

export const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** The statements of the policies attached to a role (by the role's logical id). */
export function statementsOfRole(s: Synthesized, roleId: string): Statement[] {
  return Object.values(resourcesOf(s.template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

