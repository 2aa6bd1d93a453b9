import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { requireConfig } from '../../functions/core/config/parse.js';
import type { ComponentConfig, UpkeepConfig } from '../../functions/core/config/schema.js';

/**
 * Where an ECS blue/green component's traffic runs: `upkeep.yaml` names the cluster and the
 * service, but CodeDeploy also needs the load balancer's listener and the two target groups it
 * swaps, which belong to your infrastructure rather than to Upkeep's configuration.
 */
export interface EcsLoadBalancing {
  /** The production listener (ALB or NLB) ARN. */
  readonly listenerArn: string;
  /** A test listener for the green fleet. @default - none */
  readonly testListenerArn?: string;
  /** The target group serving now (blue). */
  readonly blueTargetGroupArn: string;
  /** The target group the candidate is registered in (green). */
  readonly greenTargetGroupArn: string;
}

/** How API callers authenticate: AWS SigV4 (IAM) or a JWT issuer such as Cognito. */
export type ApiAuth =
  | { readonly type: 'iam' }
  | { readonly type: 'jwt'; readonly issuer: string; readonly audience: readonly string[] };

/** Everything the stack reads at synth time, besides the app's own context. */
export interface StackSettings {
  /** The validated `upkeep.yaml`. */
  readonly config: UpkeepConfig;
  /**
   * Where `upkeep.yaml` was read from: files it names (`deploy.smokeTest`) are relative to it.
   * @default - none: smoke-test files are neither checked nor staged for the bundles
   */
  readonly configPath?: string;
  /** Per ECS component: the listener and target groups (CDK context `upkeep:ecs`). */
  readonly ecs: Readonly<Record<string, EcsLoadBalancing>>;
  /** CDK context `upkeep:api-auth`. */
  readonly apiAuth: ApiAuth;
}

/** The CDK context keys the app reads (set them in `cdk.json` or with `cdk synth -c key=value`). */
export const CONTEXT = {
  config: 'upkeep:config',
  ecs: 'upkeep:ecs',
  apiAuth: 'upkeep:api-auth',
} as const;

/**
 * Reads and validates `upkeep.yaml` at synth time; a bad file stops the synth with every
 * problem listed (path, value, fix), as `upkeep validate` prints them.
 *
 * @example
 * ```ts
 * const config = loadConfig('examples/upkeep.yaml');
 * ```
 */
export function loadConfig(path: string): UpkeepConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the Upkeep configuration ${file} (CDK context "${CONTEXT.config}"): ${(error as Error).message}`, { cause: error });
  }
  return requireConfig(text, path);
}

/** Context values arrive as strings on the command line (`-c key=json`) and as objects from `cdk.json`. */
function contextObject(value: unknown, key: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new Error(`CDK context "${key}" must be JSON, got ${JSON.stringify(value.slice(0, 60))}`, { cause: error });
  }
}

const ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:/;

/** Reads `upkeep:ecs` (`{ "<component>": { listenerArn, blueTargetGroupArn, greenTargetGroupArn } }`). */
export function parseEcsContext(value: unknown): Record<string, EcsLoadBalancing> {
  const raw = contextObject(value, CONTEXT.ecs);
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`CDK context "${CONTEXT.ecs}" must be an object keyed by component name`);
  const out: Record<string, EcsLoadBalancing> = {};
  for (const [component, entry] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
    for (const field of ['listenerArn', 'blueTargetGroupArn', 'greenTargetGroupArn'] as const) {
      const v = entry[field];
      if (typeof v !== 'string' || !ARN.test(v)) {
        throw new Error(`CDK context "${CONTEXT.ecs}".${component}.${field} must be an Elastic Load Balancing ARN, got ${JSON.stringify(v)}`);
      }
    }
    const test = entry.testListenerArn;
    if (test !== undefined && (typeof test !== 'string' || !ARN.test(test))) {
      throw new Error(`CDK context "${CONTEXT.ecs}".${component}.testListenerArn must be a listener ARN, got ${JSON.stringify(test)}`);
    }
    out[component] = {
      listenerArn: entry.listenerArn as string,
      blueTargetGroupArn: entry.blueTargetGroupArn as string,
      greenTargetGroupArn: entry.greenTargetGroupArn as string,
      ...(typeof test === 'string' ? { testListenerArn: test } : {}),
    };
  }
  return out;
}

/** Reads `upkeep:api-auth`: `{"type":"iam"}` (the default) or `{"type":"jwt","issuer":"https://…","audience":["…"]}`. */
export function parseApiAuth(value: unknown): ApiAuth {
  const raw = contextObject(value, CONTEXT.apiAuth) as Record<string, unknown> | undefined | null;
  if (raw === undefined || raw === null || raw.type === 'iam') return { type: 'iam' };
  if (raw.type === 'jwt') {
    const issuer = raw.issuer;
    const audience = raw.audience;
    if (typeof issuer !== 'string' || !issuer.startsWith('https://')) {
      throw new Error(`CDK context "${CONTEXT.apiAuth}".issuer must be the JWT issuer's https URL, got ${JSON.stringify(issuer)}`);
    }
    if (!Array.isArray(audience) || audience.length === 0 || !audience.every((a) => typeof a === 'string')) {
      throw new Error(`CDK context "${CONTEXT.apiAuth}".audience must be a non-empty list of client ids, got ${JSON.stringify(audience)}`);
    }
    return { type: 'jwt', issuer, audience: audience };
  }
  throw new Error(`CDK context "${CONTEXT.apiAuth}".type must be "iam" or "jwt", got ${JSON.stringify(raw.type)}`);
}

/** Every string under a key ending in `Secret` (tokenSecret, credentialsSecret, …): secret names. */
function secretRefs(section: unknown): string[] {
  if (section === null || typeof section !== 'object') return [];
  return Object.entries(section as Record<string, unknown>).flatMap(([key, value]) =>
    typeof value === 'string' && /Secret$/.test(key) ? [value] : typeof value === 'object' ? secretRefs(value) : []);
}

/** The secrets a component's version source reads (registry tokens and credentials). */
export function sourceSecrets(component: ComponentConfig): string[] {
  return secretRefs(component.source);
}

/** The secrets a component's CI pipeline trigger reads. */
export function pipelineSecrets(component: ComponentConfig): string[] {
  return secretRefs(component.pipeline);
}

/** The secrets that verify webhook deliveries (`webhooks.<provider>.secret` or `.tokenSecret`). */
export function webhookSecrets(config: UpkeepConfig): string[] {
  return Object.values(config.webhooks ?? {}).flatMap((provider: unknown) => {
    if (provider === null || typeof provider !== 'object') return [];
    return Object.entries(provider as Record<string, unknown>).flatMap(([key, value]) => (typeof value === 'string' && /^(secret|\w*Secret)$/.test(key) ? [value] : []));
  });
}

/** Distinct, sorted: stable policies whatever order the config lists things in. */
export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
