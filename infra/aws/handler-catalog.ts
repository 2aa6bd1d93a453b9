import { OMITTABLE_PORTS, omitVariable, type OmittablePort, type StorePort } from '../../functions/adapters/aws/omittable-ports.js';
import { SOURCE_TYPES, SOURCE_TYPES_WITH_SECRETS, omitSourceVariable } from '../../functions/adapters/sources/source-types.js';
import type { SourceType } from '../../functions/core/config/source-schema.js';
import { ROUTES, type Route } from '../../functions/handlers/routes.js';
import { STEP_HANDLERS } from '../../statemachines/substitutions.js';

/**
 * What a handler's code does with AWS, as the use cases it runs call the ports (see
 * `functions/app/`). The stack turns each into IAM statements on exactly the resources it
 * names, and the bundle benchmark into the SDK clients the handler needs.
 */
export type Need =
  /** Query and read the table. */
  | 'table-read'
  /** Write the table (journal, stores); implies read. */
  | 'table-write'
  /** Delete items (releasing a quarantined version retires its workflow key). */
  | 'table-delete'
  /** The registries' HTTP cache in the table, read and written in batches (the version sources use it). */
  | 'http-cache'
  /** Invoke the per-type `list-versions` functions: list versions through them instead of bundling every source. */
  | 'invoke-sources'
  /** Invoke the detect function: hand detection on request (check-updates, process-update, webhooks) to it. */
  | 'invoke-detector'
  /** `states:StartExecution` on the update workflow. */
  | 'start-execution'
  /** `states:GetExecutionHistory` on its executions. */
  | 'read-execution'
  /** `states:SendTaskSuccess`/`SendTaskFailure` (the approval's task token). */
  | 'task-token'
  /** `states:StopExecution` (cancelling a workflow). */
  | 'stop-execution'
  /** CodeBuild builds and test reports of the simulation projects. */
  | 'read-builds'
  /**
   * Start a rollout: create the CodeDeploy deployment (its revision and configuration), after
   * looking for one already running; for components that can roll out `stepped`, the first
   * shift of the alias and the pre-traffic smoke cases. The aliases and the alarms.
   */
  | 'deploy'
  /**
   * Follow a rollout: read the deployment, the alias weights and the alarms; for `stepped`
   * components, the next shift (or the shift back), the smoke cases and the metrics analysed.
   * Never creates or stops a deployment.
   */
  | 'watch-rollout'
  /** Roll back: stop the deployment, or redeploy the previous version when it had finished; the alias back for `stepped`. */
  | 'roll-back'
  /** The state of the components' rollback alarms (the health check after a rollout). */
  | 'read-alarms'
  /** A CodeDeploy lifecycle hook: read its deployment, invoke the candidate, report the verdict. */
  | 'report-hook'
  /** Publish to the approval topic. */
  | 'publish'
  /** Registry tokens of the version sources. */
  | 'source-secrets'
  /** CI tokens, and starting and reading CodePipeline executions. */
  | 'pipelines'
  /** Read the detection schedules (is detection on?). */
  | 'schedules'
  /** Switch the detection schedules on and off (`POST /api/self-update/start|stop`). */
  | 'schedule-control'
  /** The secrets that verify webhook deliveries (`webhooks.<provider>` in upkeep.yaml). */
  | 'webhook-secrets';

/** The AWS SDK v3 packages each need brings into a bundle. */
export const NEED_CLIENTS: Readonly<Record<Need, readonly string[]>> = {
  'table-read': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  'table-write': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  'table-delete': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  'http-cache': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  'invoke-sources': ['@aws-sdk/client-lambda'],
  'invoke-detector': ['@aws-sdk/client-lambda'],
  'start-execution': ['@aws-sdk/client-sfn'],
  'read-execution': ['@aws-sdk/client-sfn'],
  'task-token': ['@aws-sdk/client-sfn'],
  'stop-execution': ['@aws-sdk/client-sfn'],
  'read-builds': ['@aws-sdk/client-codebuild'],
  deploy: ['@aws-sdk/client-codedeploy', '@aws-sdk/client-lambda', '@aws-sdk/client-cloudwatch'],
  // The deployer port is one object: its bundle carries every client the rollout needs; the
  // grants are per step, as what each step's code calls (test/infra/aws/sdk-calls.ts) needs.
  'watch-rollout': ['@aws-sdk/client-codedeploy', '@aws-sdk/client-lambda', '@aws-sdk/client-cloudwatch'],
  'roll-back': ['@aws-sdk/client-codedeploy', '@aws-sdk/client-lambda', '@aws-sdk/client-cloudwatch'],
  'read-alarms': ['@aws-sdk/client-codedeploy', '@aws-sdk/client-lambda', '@aws-sdk/client-cloudwatch'],
  'report-hook': ['@aws-sdk/client-codedeploy', '@aws-sdk/client-lambda'],
  publish: ['@aws-sdk/client-sns'],
  'source-secrets': ['@aws-sdk/client-secrets-manager'],
  pipelines: ['@aws-sdk/client-secrets-manager', '@aws-sdk/client-codepipeline'],
  schedules: ['@aws-sdk/client-scheduler'],
  'schedule-control': ['@aws-sdk/client-scheduler'],
  'webhook-secrets': ['@aws-sdk/client-secrets-manager'],
};

/** The composition root's ports each need uses (the stores a handler uses are its `stores`). */
export const NEED_PORTS: Readonly<Record<Need, readonly OmittablePort[]>> = {
  'table-read': [],
  'table-write': [],
  'table-delete': [],
  // The registries' own clients: only the functions that list in-process.
  'http-cache': ['sources', 'registries'],
  'invoke-sources': ['sources', 'sourceFunctions'],
  'invoke-detector': ['detector'],
  'start-execution': ['engine'],
  'read-execution': ['engine'],
  'task-token': ['engine'],
  'stop-execution': ['engine'],
  'read-builds': ['builds'],
  deploy: ['deployer'],
  'watch-rollout': ['deployer'],
  'roll-back': ['deployer'],
  'read-alarms': ['deployer'],
  // The hook handler builds its own clients, outside the composition root.
  'report-hook': [],
  publish: ['notifier'],
  'source-secrets': ['sources', 'registries', 'secrets'],
  pipelines: ['pipelines', 'secrets'],
  schedules: ['detection', 'schedules'],
  'schedule-control': ['detection', 'schedules'],
  'webhook-secrets': ['secrets'],
};

/** How a handler's function is sized and what it may do. */
export interface HandlerSpec {
  readonly memoryMb: number;
  /** Below every `TimeoutSeconds` of the Task states that call it (a test checks). */
  readonly timeoutSeconds: number;
  readonly needs: readonly Need[];
  /** The DynamoDB stores its code uses (the table needs grant the access); the others are left out of its bundle. */
  readonly stores: readonly StorePort[];
  /** Invoked asynchronously (Scheduler, CloudFormation): gets an on-failure destination. */
  readonly async?: boolean;
  /**
   * Ports the handler's modules reference beyond its needs: the detector noting its run in the
   * table, or a use case in a module it shares. A test checks every port a bundle's modules
   * reference is bundled. (`engine.executionUrl` needs no port: the omitted engine answers it.)
   */
  readonly extraPorts?: readonly OmittablePort[];
  /** Deployed once per source type, each bundle with that type's source only (see {@link bundleDefines}). */
  readonly perSourceType?: boolean;
}

/** What every step journals to: the workflow record and its audit events. */
const JOURNAL = ['workflows', 'audit'] as const satisfies readonly StorePort[];
const step = (timeoutSeconds: number, stores: readonly StorePort[], ...needs: Need[]): HandlerSpec => ({ memoryMb: 512, timeoutSeconds, needs: ['table-write', ...needs], stores: [...JOURNAL, ...stores] });
const api = (stores: readonly StorePort[], ...needs: Need[]): HandlerSpec => ({ memoryMb: 512, timeoutSeconds: 29, needs, stores });

/**
 * Every Lambda the stack deploys, by handler module under `functions/handlers/`. Memory is
 * 512 MB throughout: cold starts are CPU-bound and Lambda allots CPU by memory. API handlers
 * stop at 29 s, under API Gateway's 30 s integration limit.
 */
export const HANDLERS = {
  'start-workflow': step(50, []),
  'verify-artifact': step(280, ['components'], 'invoke-sources'),
  'collect-results': step(110, [], 'read-builds'),
  'evaluate-policy': step(50, ['components', 'policies']),
  'request-approval': step(50, ['approvals'], 'publish'),
  'schedule-deployment': step(50, []),
  'claim-deployment': step(50, ['components', 'deploymentQueue']),
  'trigger-pipeline': step(110, [], 'pipelines'),
  'check-pipeline': step(110, [], 'pipelines'),
  'start-rollout': step(110, [], 'deploy'),
  'check-rollout': step(110, [], 'watch-rollout'),
  'check-health': step(110, [], 'read-alarms'),
  'roll-back': step(280, [], 'roll-back'),
  'record-outcome': step(50, ['components', 'deploymentQueue'], 'publish'),
  // Scheduled, and called by the API and the webhook (`LambdaDetector`); it notes its runs (`detection`) and lists through `list-versions`.
  detect: { memoryMb: 512, timeoutSeconds: 300, needs: ['table-write', 'start-execution', 'invoke-sources'], stores: [...JOURNAL, 'components'], async: true, extraPorts: ['detection'] },
  // One per source type (`VersionSourceFunctions`), called by the detector and the artifact check; below their timeouts.
  'list-versions': { memoryMb: 512, timeoutSeconds: 270, needs: ['http-cache', 'source-secrets'], stores: [], perSourceType: true },
  'send-reminders': { memoryMb: 512, timeoutSeconds: 50, needs: ['table-write', 'publish'], stores: JOURNAL, async: true },
  'api-status': api([...JOURNAL, 'components'], 'table-read', 'schedules'),
  'api-workflows': api([...JOURNAL, 'components'], 'table-read', 'read-execution'),
  'api-pending-approvals': api([...JOURNAL, 'components'], 'table-read'),
  'api-approve': api([...JOURNAL, 'approvals'], 'table-write', 'task-token'),
  'api-cancel': api(JOURNAL, 'table-write', 'stop-execution'),
  // Notes the run (`detection`); the detect function runs the pass.
  'api-check-updates': { ...api([], 'table-write', 'invoke-detector'), extraPorts: ['detection'] },
  'api-detection': api([...JOURNAL, 'components'], 'table-write', 'schedules', 'schedule-control'),
  'api-register-component': api([...JOURNAL, 'components'], 'table-write'),
  'api-components': api([...JOURNAL, 'components'], 'table-write', 'table-delete'),
  'api-policies': api([...JOURNAL, 'policies'], 'table-write'),
  'api-state': { memoryMb: 1024, timeoutSeconds: 29, needs: ['table-write'], stores: [...JOURNAL, 'components', 'policies'] },
  'api-metrics': api(['workflows', 'components'], 'table-read', 'schedules'),
  'api-openapi': api([]),
  'api-workflow-definition': api([]),
  webhook: api(['components'], 'table-read', 'webhook-secrets', 'invoke-detector'),
  'approval-page': api([...JOURNAL, 'approvals'], 'table-write', 'task-token'),
  'seed-config': { memoryMb: 512, timeoutSeconds: 120, needs: ['table-write'], stores: ['components', 'policies'], async: true },
  // CodeDeploy invokes hooks asynchronously and waits up to an hour for their report; one pair per
  // Lambda component with smoke tests (`LifecycleHooks`), not one function for all.
  'lifecycle-hook': { memoryMb: 512, timeoutSeconds: 300, needs: ['report-hook'], stores: [], async: true },
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof HANDLERS;

/**
 * A handler's needs; for one deployed per source type, those of that type's function: a type
 * whose sources name no secret (PyPI, git) reads no registry token.
 */
export function needsOf(handler: HandlerName, sourceType?: SourceType): readonly Need[] {
  const spec: HandlerSpec = HANDLERS[handler];
  return sourceType === undefined || SOURCE_TYPES_WITH_SECRETS.includes(sourceType) ? spec.needs : spec.needs.filter((need) => need !== 'source-secrets');
}

/** The ports a handler's bundle leaves out: every omittable one its needs do not use. */
export function omittedPorts(handler: HandlerName, sourceType?: SourceType): OmittablePort[] {
  const spec: HandlerSpec = HANDLERS[handler];
  const used = new Set<OmittablePort>([...needsOf(handler, sourceType).flatMap((need) => NEED_PORTS[need]), ...spec.stores, ...(spec.extraPorts ?? [])]);
  return OMITTABLE_PORTS.filter((port) => !used.has(port));
}

/**
 * esbuild `define`s that leave a handler's unused ports (and their SDK clients) out of its bundle,
 * and, for a handler deployed per source type, every other type's source.
 */
export function bundleDefines(handler: HandlerName, sourceType?: SourceType): Record<string, string> {
  const others = sourceType === undefined ? [] : SOURCE_TYPES.filter((type) => type !== sourceType).map(omitSourceVariable);
  return Object.fromEntries([...omittedPorts(handler, sourceType).map(omitVariable), ...others].map((variable) => [`process.env.${variable}`, '"true"']));
}

/** The SDK packages a handler needs, from its needs. */
export function clientsOf(handler: HandlerName, sourceType?: SourceType): string[] {
  return [...new Set(needsOf(handler, sourceType).flatMap((need) => NEED_CLIENTS[need]))].sort();
}

/**
 * Every handler some part of the system calls, deployed once: the state machine's, the routes',
 * the detector, the seeder, and the reminder run when some approval rule sets `reminderBefore`.
 * (The lifecycle hook is deployed per component, by `LifecycleHooks`; `list-versions` per source
 * type, by `VersionSourceFunctions`.)
 */
export function deployedHandlers(routes: readonly Route[] = ROUTES, reminders = true): HandlerName[] {
  const wanted = new Set<string>([...Object.values(STEP_HANDLERS), 'detect', ...routes.map((r) => r.handler), 'seed-config', ...(reminders ? ['send-reminders'] : [])]);
  const unknown = [...wanted].filter((name) => !(name in HANDLERS));
  if (unknown.length > 0) {
    throw new Error(`no sizing or permissions for handler(s) ${unknown.join(', ')}; add them to HANDLERS in infra/aws/handler-catalog.ts`);
  }
  return (Object.keys(HANDLERS) as HandlerName[]).filter((name) => wanted.has(name));
}

/** `evaluate-policy` → `EvaluatePolicy`: construct IDs, a stable contract. */
export function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
}
