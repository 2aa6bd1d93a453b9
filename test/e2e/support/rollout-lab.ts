/** Local mode with a real sample service: the rollout tests' system (issue 8). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { DetectionResult } from '../../../functions/app/detect-updates.js';
import type { Stage } from '../../../functions/core/types.js';
import type { AuditEvent, WorkflowRecord } from '../../../functions/core/workflow-types.js';
import { freePort } from '../../../infra/local/free-port.js';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../../infra/local/runtime.js';
import { addSampleRelease, createSampleServiceRepo, type SampleRelease } from '../../fixtures/deployer/sample-service.js';
import { until } from '../../support/until.js';

/** The operator of the rollout tests (admin: approves, releases, cancels). */
export const OPERATOR = 'ops@example.com';

/** Error rate above 5% in 2 of 3 one-minute periods (0.6 s each at the labs' time scale). */
export const ERROR_RATE_ALARM = {
  name: 'error-rate-high', metric: 'ErrorRate', statistic: 'Average', period: '1m', evaluationPeriods: 3, datapointsToAlarm: 2, threshold: 5, comparison: 'GreaterThanThreshold',
};

export interface RolloutLabOptions {
  /** The sample service's tags; the first is what runs. */
  readonly releases: readonly SampleRelease[];
  /** The component's `deploy` section minus its target. */
  readonly deploy: Record<string, unknown>;
  /** Top-level `upkeep.yaml` keys to add (policies, rollouts, …). @default - one policy sending everything to review */
  readonly config?: Record<string, unknown>;
  readonly runtime?: Partial<LocalRuntimeOptions>;
}

/**
 * A sample service in a local git repository, and local Upkeep watching it (`sample`, at the
 * first release) with a local target on a free port: real processes, real traffic through the
 * deployer's proxy, real alarms. Detection runs only when a test calls {@link detect}.
 */
export class RolloutLab {
  private constructor(
    public readonly root: string,
    public readonly runtime: LocalRuntime,
    /** The port the component's users reach (the deployer's proxy). */
    public readonly port: number,
    public readonly repo: string,
  ) {}

  public static async start(options: RolloutLabOptions): Promise<RolloutLab> {
    const root = await mkdtemp(join(tmpdir(), 'upkeep-rollouts-'));
    const repo = await createSampleServiceRepo(root, options.releases);
    const port = await freePort();
    const config = {
      version: 1,
      includeDefaultPolicies: false,
      policies: [{ name: 'review', priority: 10, actions: { decision: 'MANUAL_REVIEW' } }],
      approvers: [{ email: OPERATOR, role: 'admin' }],
      detection: { schedule: 'rate(1 hour)' },
      components: [{
        name: 'sample',
        current: options.releases[0]?.version ?? '1.0.0',
        scheme: 'semver',
        source: { type: 'git', url: `file://${repo}`, tagPattern: '^v(\\d+\\.\\d+\\.\\d+)$' },
        deploy: { target: { type: 'local', command: ['node', 'server.mjs', '{port}'], port, healthPath: '/health', startupTimeout: '10s' }, bake: '1m', ...options.deploy },
      }],
      ...options.config,
    };
    const configPath = join(root, 'upkeep.yaml');
    await writeFile(configPath, stringify(config));
    const runtime = await startLocalRuntime({ configPath, dataDir: join(root, 'data'), port: 0, timeScale: 0.01, schedule: false, ...options.runtime });
    return new RolloutLab(root, runtime, port, repo);
  }

  /** One detection pass; returns the sample component's line. */
  public async detect(): Promise<DetectionResult> {
    const [result] = await this.runtime.detect();
    if (result === undefined) throw new Error('detection returned nothing for the sample component');
    return result;
  }

  /** Tags a new release of the sample service (the next detection sees it). */
  public publish(release: SampleRelease): Promise<void> {
    return addSampleRelease(this.root, release);
  }

  /**
   * Sends real (user) requests through the component's port from `workers` loops until the
   * returned function is called; resolves how many were sent.
   */
  public userTraffic(workers = 8): () => Promise<number> {
    let running = true;
    let sent = 0;
    const loop = async (): Promise<void> => {
      while (running) {
        sent += 1;
        await fetch(`http://127.0.0.1:${this.port}/`).then((r) => r.arrayBuffer()).catch(() => undefined);
      }
    };
    const loops = Array.from({ length: workers }, loop);
    return async () => {
      running = false;
      await Promise.all(loops);
      return sent;
    };
  }

  /** Calls the HTTP API as the operator. */
  public async api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${this.runtime.url}${path}`, {
      method, headers: { authorization: `Bearer ${this.runtime.token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: await response.json() };
  }

  public workflow(id: string): Promise<WorkflowRecord> {
    return this.runtime.deps.workflows.get(id);
  }

  /** Waits for the workflow to reach one of `stages`. */
  public waitFor(id: string, stages: readonly Stage[], timeoutMs = 60_000): Promise<WorkflowRecord> {
    return until(`workflow ${id} to reach ${stages.join('/')}`, async () => {
      const wf = await this.workflow(id);
      return stages.includes(wf.stage) ? wf : undefined;
    }, timeoutMs).catch(async (error: unknown) => {
      const wf = await this.workflow(id);
      throw new Error(`${(error as Error).message}; it is ${wf.stage} (${wf.history.map((h) => h.stage).join(' → ')}): ${wf.outcomeReason ?? ''}`);
    });
  }

  /** Waits for the approval request, then approves through the API as the operator. */
  public async approve(id: string): Promise<void> {
    await this.waitFor(id, ['AWAITING_APPROVAL']);
    // Policy marks the workflow AWAITING_APPROVAL a moment before the request is made and its approvals stored: retry until then.
    const answer = await until('the approval to be accepted', async () => {
      const reply = await this.api('POST', `/api/self-update/approve/${id}`, { decision: 'approve', reason: 'rollout test' });
      return reply.status === 403 || reply.status === 409 ? undefined : reply;
    }, 30_000);
    if (answer.status !== 200) throw new Error(`approving ${id} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  }

  /** The audit event types of a workflow, in order. */
  public async events(id: string): Promise<readonly AuditEvent[]> {
    return (await this.runtime.deps.audit.list(id, { limit: 100 })).items;
  }

  public async close(): Promise<void> {
    await this.runtime.close();
    await rm(this.root, { recursive: true, force: true });
  }
}
