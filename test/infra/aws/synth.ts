/**
 * Shared by the infra tests: the Upkeep app synthesized in-process without bundling (esbuild
 * runs only in the CLI synth test), once per configuration and per test file.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
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

/** Every kind of strategy `rollouts:` can name, each a CodeDeploy configuration somewhere (or stepped, or unusable on a target). */
export const NAMED_ROLLOUTS = {
  emergency: { type: 'canary', percent: 25, interval: '5m' },
  'quick-canary': { type: 'canary', percent: 10, interval: '5m' },
  'slow-linear': { type: 'linear', percent: 20, interval: '2m' },
  'steady-linear': { type: 'linear', percent: 10, interval: '1m' },
  'big-bang': { type: 'all-at-once' },
  swap: { type: 'blue-green' },
  halves: { type: 'rolling', batch: 'HalfAtATime' },
  'two-up': { type: 'rolling', minimumHealthyHosts: 2 },
  careful: { type: 'stepped', steps: [10, 50, 100], bake: '5m' },
  acme: { type: 'custom', config: 'AcmeCanary20Percent3Minutes' },
} as const;

let everything: string | undefined;

/**
 * The example with everything switched on: an alarm on the server component, smoke tests (and
 * so lifecycle hooks) on the Lambda component, every kind of named rollout, and a webhook.
 * Written with its smoke-test file to a temporary directory, once per test file.
 */
export function everythingConfig(): string {
  if (everything !== undefined) return everything;
  const doc = parse(readFileSync(fullyAlarmedConfig(), 'utf8')) as { components: { name: string; deploy?: { smokeTest?: string } }[]; rollouts: unknown; webhooks?: unknown };
  const billing = doc.components.find((c) => c.name === 'billing-api');
  if (billing?.deploy === undefined) throw new Error('examples/upkeep.yaml changed: billing-api no longer deploys');
  billing.deploy.smokeTest = 'smoke/billing-api.json';
  doc.rollouts = NAMED_ROLLOUTS;
  doc.webhooks = { github: { secret: 'upkeep/github-webhook' } };
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-config-'));
  mkdirSync(join(dir, 'smoke'));
  writeFileSync(join(dir, 'smoke', 'billing-api.json'), JSON.stringify({ cases: [{ name: 'health', payload: { rawPath: '/health' }, expect: { statusCode: 200 } }] }));
  everything = join(dir, 'upkeep.yaml');
  writeFileSync(everything, stringify(doc));
  return everything;
}

/** The synth warnings of a stack, as text. */
export function warningsOf(stack: UpkeepStack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => (typeof w.entry.data === 'string' ? w.entry.data : JSON.stringify(w.entry.data)));
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

