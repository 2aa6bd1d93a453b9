import './asl/polyfill.js';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LOCAL_OPERATOR } from '../../functions/app/api/access.js';
import type { AppDeps } from '../../functions/app/app-deps.js';
import { detectUpdates, type DetectionResult } from '../../functions/app/detect-updates.js';
import { InProcessDetector } from '../../functions/app/in-process-detector.js';
import { seedFromConfig, type SeedReport } from '../../functions/app/seed-from-config.js';
import { sendReminders, type ReminderResult } from '../../functions/app/send-reminders.js';
import { DynamoApprovalStore } from '../../functions/adapters/aws/dynamo-approval-store.js';
import { DynamoAuditLog } from '../../functions/adapters/aws/dynamo-audit-log.js';
import { DynamoComponentStore } from '../../functions/adapters/aws/dynamo-component-store.js';
import { DynamoDeploymentQueue } from '../../functions/adapters/aws/dynamo-deployment-queue.js';
import { DynamoHttpCache } from '../../functions/adapters/aws/dynamo-http-cache.js';
import { DynamoPolicyStore } from '../../functions/adapters/aws/dynamo-policy-store.js';
import { DynamoWorkflowStore } from '../../functions/adapters/aws/dynamo-workflow-store.js';
import { LocalSecrets } from '../../functions/adapters/local/local-secrets.js';
import { provideLocalDeps } from '../../functions/adapters/local/local-runtime.js';
import { OutboxNotifier } from '../../functions/adapters/local/outbox-notifier.js';
import { pipelineTriggerFor } from '../../functions/adapters/pipelines/pipeline-triggers.js';
import { FileConfigProvider } from '../../functions/adapters/shared/file-config-provider.js';
import { PoliteHttpClient } from '../../functions/adapters/sources/http-client.js';
import { createVersionSources } from '../../functions/adapters/sources/registry.js';
import { DEFAULT_POLL_SECONDS } from '../../functions/constants.js';
import { resetAppDeps } from '../../functions/handlers/deps.js';
import type { Clock } from '../../functions/ports/clock.js';
import type { LocalStateMachine } from './asl/index.js';
import { buildProjectOf } from './build-runner/build-project.js';
import { startBuildSyncHandler } from './build-runner/codebuild-task.js';
import { LocalBuildRunner } from './build-runner/local-build-runner.js';
import { LocalTrafficDeployer } from './deployer/local-traffic-deployer.js';
import { stepAnalysisGate } from './deployer/step-analysis.js';
import { startDynalite } from './dynalite.js';
import { ensureApiTokens, newApiToken, tokensByEmail } from './api-tokens.js';
import { startLocalHttpServer } from './http-server.js';
import { staticFiles } from './static-files.js';
import { LocalDetectionControl } from './local-detection-control.js';
import { LocalExecutionEngine } from './local-execution-engine.js';
import { ProgressPrinter, WorkflowCheckpoints } from './progress.js';
import { LocalScheduler } from './scheduler.js';
import { createWorkflowMachine } from './workflow-machine.js';

/** The file in the data directory that names a running instance's API (`{ url, pid }`). */
export const SERVER_FILE = 'server.json';

/** Options of {@link startLocalRuntime}. */
export interface LocalRuntimeOptions {
  readonly configPath: string;
  /** @default '.upkeep' */
  readonly dataDir?: string;
  /** @default 8787; 0 picks a free port */
  readonly port?: number;
  /**
   * Wall-clock time per unit of workflow time (waits, canaries, bakes, approval deadlines): 0.01
   * makes a 5-minute canary take 3 s. Builds always run in real time.
   * @default 1
   */
  readonly timeScale?: number;
  /** Where progress lines go. @default - nowhere */
  readonly print?: (line: string) => void;
  /** Run detection on the configured schedule (and once at start), and approval reminders every minute. @default true */
  readonly schedule?: boolean;
  /**
   * Tests only: multiplies every approval deadline (the Task timeout and the deadline approvers
   * are shown alike), so an expiry can be watched in seconds. Other timeouts stay real.
   * @default 1
   */
  readonly approvalTimeScale?: number;
}

/** A running local Upkeep. */
export interface LocalRuntime {
  readonly url: string;
  /** The bearer token for the API (also in `<dataDir>/api-token`). */
  readonly token: string;
  readonly dataDir: string;
  readonly deps: AppDeps;
  readonly machine: LocalStateMachine;
  readonly seeded: SeedReport;
  /** Email → bearer token of every configured person (also in `<dataDir>/api-tokens.json`). */
  readonly apiTokens: Readonly<Record<string, string>>;
  /** One detection pass now, starting workflows for what is new. */
  detect(): Promise<DetectionResult[]>;
  /** One reminder pass now: reminds approvers of approvals near their deadline. */
  remind(): Promise<ReminderResult[]>;
  /** Stops everything: scheduler, server, running executions, builds, deployed processes, database. */
  close(): Promise<void>;
}

async function apiToken(dataDir: string): Promise<string> {
  const file = join(dataDir, 'api-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const token = newApiToken();
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    return token;
  }
}

/**
 * Local mode: the whole system on one machine with no AWS account — dynalite for DynamoDB, the
 * ASL runner for Step Functions (running `update-workflow.asl.json` with the Lambda handlers
 * in-process), the buildspec runner for CodeBuild, the traffic-shifting deployer for
 * CodeDeploy, the outbox for SNS, a scheduler for EventBridge and an HTTP server for API
 * Gateway. Workflows interrupted by a previous stop resume from their last state.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir ?? '.upkeep');
  const print = options.print ?? (() => undefined);
  const timeScale = options.timeScale ?? 1;
  await mkdir(dataDir, { recursive: true });
  const configProvider = new FileConfigProvider(options.configPath);
  const config = await configProvider.get();
  const db = await startDynalite({ dataDir });
  // Everything started is undone in reverse order: the last thing started stops first.
  const closers: (() => Promise<void>)[] = [() => db.close()];
  const undo = async (report: (error: unknown) => void): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close().catch(report);
  };
  try {
    const store = { tableName: db.tableName, client: db.client };
    const clock: Clock = { now: () => new Date() };
    const secrets = new LocalSecrets({ dir: join(dataDir, 'secrets') });
    const http = new PoliteHttpClient({ cache: new DynamoHttpCache(store), maxConcurrencyPerHost: config.detection.concurrencyPerHost });
    const sources = createVersionSources({ http, secrets });
    const components = new DynamoComponentStore(store);
    const builds = new LocalBuildRunner({ dataDir, secrets, projects: async (name) => buildProjectOf((await configProvider.get()).components.find((c) => c.name === name)) });
    closers.push(() => builds.close());
    const deployer = new LocalTrafficDeployer({
      dataDir,
      timeScale,
      config: async (name) => {
        const current = await configProvider.get();
        const c = current.components.find((x) => x.name === name);
        return c?.deploy === undefined || c.source.type !== 'git' ? undefined : { source: c.source, deploy: c.deploy, rollouts: current.rollouts };
      },
      // Stepped rollouts: the analysis of each step, with synthetic checks when real traffic is too thin (issue 8).
      stepGate: stepAnalysisGate({ onVerdict: (step, v) => print(`${v.verdict === 'fail' ? '✖' : '✔'}  ${step.component} ${step.candidate} at ${step.step.weight}%: analysis ${v.verdict}${v.synthetic ? ' (synthetic checks)' : ''}: ${v.reason}`) }),
    });
    closers.push(() => deployer.close());
    const workflows = new DynamoWorkflowStore(store);
    const audit = new DynamoAuditLog(store);
    const progress = new ProgressPrinter(print);
    const checkpoints = new WorkflowCheckpoints({ workflows, clock });
    closers.push(() => checkpoints.flush());
    const token = await apiToken(dataDir);
    const admin = config.approvers.find((a) => a.role === 'admin')?.email ?? LOCAL_OPERATOR;
    const people = await ensureApiTokens(dataDir, config.approvers);
    // The dashboard (web/) is served at `/` next to the API, as one origin.
    const server = await startLocalHttpServer({ port: options.port ?? 8787, tokens: { ...people, [token]: admin }, fallback: staticFiles() });
    closers.push(() => server.close());
    // Lets `upkeep check` and the CLI find this running instance instead of opening the database twice.
    await writeFile(join(dataDir, SERVER_FILE), `${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
    closers.push(() => rm(join(dataDir, SERVER_FILE), { force: true }));
    const machine = await createWorkflowMachine({
      buildTask: startBuildSyncHandler(builds),
      // Builds and approvals keep real time limits; only waits (windows, polls, bakes) are compressed.
      time: { waitScale: timeScale },
      ...(options.approvalTimeScale === undefined ? {} : { approvalTimeScale: options.approvalTimeScale }),
      onEvent: (event) => {
        progress.onEvent(event);
        checkpoints.onEvent(event);
      },
    });
    // Running executions stop before the server and database go; their checkpoints resume them at the next start.
    closers.push(() => {
      for (const e of machine.listExecutions({ statusFilter: 'RUNNING' })) machine.stopExecution(e.executionArn, { error: 'LocalModeStopped', cause: 'upkeep start was stopped' });
      return Promise.resolve();
    });
    // Start/stop through the API persists here, so a restart keeps "stopped".
    const detection = new LocalDetectionControl({ file: join(dataDir, 'detection.json') });
    const deps: AppDeps = {
      workflows, audit, components, clock, builds, deployer, detection,
      policies: new DynamoPolicyStore(store),
      deploymentQueue: new DynamoDeploymentQueue(store),
      approvals: new DynamoApprovalStore(store),
      config: configProvider,
      pipelines: (pipeline) => pipelineTriggerFor(pipeline, { secrets }),
      notifier: new OutboxNotifier({ dir: join(dataDir, 'outbox'), print }),
      sources: (type) => sources[type],
      engine: new LocalExecutionEngine(machine, server.url),
      // The API's and the webhook's detection runs here, as in the detect function in AWS.
      detector: new InProcessDetector(() => deps),
      apiUrl: server.url,
      pollSeconds: DEFAULT_POLL_SECONDS,
      secrets,
    };
    process.env.UPKEEP_RUNTIME = 'local';
    // The step handlers' CloudWatch EMF metrics are for AWS; locally `/metrics` serves them.
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    resetAppDeps();
    provideLocalDeps(deps);
    const seeded = await seedFromConfig(deps);
    await checkpoints.resume(machine, deps, print);
    const detect = async (): Promise<DetectionResult[]> => {
      await detection.recordRun(clock.now().toISOString());
      const results = await detectUpdates(deps, { startWorkflows: true });
      for (const r of results) {
        if (r.error !== null) print(`⚠  ${r.component}: ${r.error}`);
        else if (r.started === true) print(`★  ${r.component} ${r.currentVersion} → ${r.availableVersion} (${r.updateType}, ${r.priority}): workflow ${r.workflowId}`);
      }
      return results;
    };
    const scheduler = new LocalScheduler(config.detection.schedule, async () => void (await detect()), print);
    if (options.schedule !== false) {
      detection.attach(scheduler);
      if ((await detection.status()).enabled) scheduler.start(true);
    }
    closers.push(() => Promise.resolve(scheduler.stop()));
    const remind = (): Promise<ReminderResult[]> => sendReminders(deps);
    // Failures are reported here: the scheduler's own messages speak of detection.
    const reminders = new LocalScheduler('rate(1 minute)', () => remind().then(
      (sent) => sent.forEach((r) => print(`⏰ reminded ${r.sentTo.join(', ')} of workflow ${r.workflowId}`)),
      (error: unknown) => print(`reminders failed: ${error instanceof Error ? error.message : String(error)}`),
    ), print);
    if (options.schedule !== false) reminders.start();
    closers.push(() => Promise.resolve(reminders.stop()));
    return {
      url: server.url, token, dataDir, deps, machine, seeded, detect, remind, apiTokens: tokensByEmail(people),
      close: () => undo((error) => print(`while stopping: ${error instanceof Error ? error.message : String(error)}`)),
    };
  } catch (error) {
    await undo(() => undefined);
    throw error;
  }
}
