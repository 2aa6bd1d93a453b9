import type {
  ProcessUpdateBodySchema, PutPolicyBodySchema, RegisterComponentBodySchema, WorkflowsQuerySchema,
} from '../../functions/app/api/api-schemas.js';
import type { ComponentView } from '../../functions/app/api/components.js';
import type { Input, Output } from '../../functions/core/checks/index.js';
import type { SystemStatus } from '../../functions/app/api/detection.js';
import type { PolicyView } from '../../functions/app/api/policies.js';
import type { ProcessUpdateResult } from '../../functions/app/api/process-update.js';
import type { ImportReport, StateDocument } from '../../functions/app/api/state-snapshot.js';
import type { WorkflowDetail } from '../../functions/app/api/workflow-detail.js';
import type { WorkflowSummary } from '../../functions/app/api/workflow-queries.js';
import type { CancelResult } from '../../functions/app/cancel-workflow.js';
import type { DecisionResult } from '../../functions/app/decide-approval.js';
import type { DetectionResult } from '../../functions/app/detect-updates.js';
import type { WorkflowStatistics } from '../../functions/core/statistics.js';
import type { ComponentRecord } from '../../functions/ports/component-store.js';
import type { DetectionState } from '../../functions/ports/detection-control.js';
import { UpkeepApiError, UpkeepConnectionError } from './errors.js';

export { UpkeepApiError, UpkeepConnectionError, type Problem } from './errors.js';
export type {
  CancelResult, ComponentRecord, ComponentView, DecisionResult, DetectionResult, DetectionState, ImportReport, PolicyView,
  ProcessUpdateResult, StateDocument, SystemStatus, WorkflowDetail, WorkflowStatistics, WorkflowSummary,
};

/** Filters of {@link UpkeepClient.listWorkflows} (`GET /workflows`); `limit` is the page size (1–100). */
export type WorkflowFilter = Omit<Output<typeof WorkflowsQuerySchema>, 'cursor'>;
/** One page of workflows; `cursor` fetches the next, null after the last. */
export interface WorkflowPage { readonly items: WorkflowSummary[]; readonly cursor: string | null }
/** A policy document as written in upkeep.yaml (`PolicySchema`); `name` is the policy's. */
export type PolicyDocument = Omit<Input<typeof PutPolicyBodySchema>, 'rev'>;
export type RegisterOptions = Omit<Input<typeof RegisterComponentBodySchema>, 'component' | 'version'>;
export type ProcessUpdateOptions = Omit<Input<typeof ProcessUpdateBodySchema>, 'component' | 'version'>;
export interface RegisterResult { readonly component: ComponentRecord; readonly changed: boolean }
export type DetectionSwitch = DetectionState & { readonly changed: boolean };

/** Options of {@link UpkeepClient}. */
export interface UpkeepClientOptions {
  /** The API's base URL: `http://127.0.0.1:8787` locally (`<data dir>/server.json`), the stack's `ApiUrl` output in AWS. */
  readonly baseUrl: string;
  /**
   * Sent as `Authorization: Bearer <token>`: locally `<data dir>/api-token` (or a person's token
   * from `api-tokens.json`); in AWS a JWT from the stack's authorizer.
   * @default - no Authorization header (a signing `fetch` authenticates instead)
   */
  readonly token?: string;
  /**
   * The fetch to use. For a stack behind IAM authorization pass one that signs each request with
   * SigV4 (service `execute-api`), e.g. built from `@smithy/signature-v4` and your credentials.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Milliseconds to wait for an answer before failing with `UpkeepConnectionError`; 0 waits forever.
   * @default 60000
   */
  readonly timeoutMs?: number;
}

const API = '/api/self-update';
const seg = encodeURIComponent;

/**
 * A typed client of the Upkeep HTTP API, the seed's orchestrator operations by name. The same
 * calls work against local mode (`upkeep start`) and a deployed stack. Failures are
 * `UpkeepApiError` (the API answered 4xx/5xx: `status`, `error`, `message`, `problems`) or
 * `UpkeepConnectionError` (no answer).
 *
 * @example
 * ```ts
 * import { UpkeepClient } from 'upkeep/client';
 *
 * const upkeep = new UpkeepClient({ baseUrl: 'http://127.0.0.1:8787', token: process.env.UPKEEP_API_TOKEN });
 * for (const wf of await upkeep.getPendingApprovals()) {
 *   if (wf.component === 'payments') await upkeep.approveWorkflow(wf.id, { reason: 'reviewed the changelog' });
 * }
 * for await (const wf of upkeep.listWorkflows({ stage: 'ROLLED_BACK', since: '2025-01-01T00:00:00Z' })) console.log(wf.id);
 * ```
 */
export class UpkeepClient {
  readonly #baseUrl: string;
  readonly #token: string | undefined;
  readonly #fetch: typeof globalThis.fetch;
  readonly #timeoutMs: number;

  public constructor(options: UpkeepClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`baseUrl must be an absolute http(s) URL such as http://127.0.0.1:8787, got "${options.baseUrl}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`baseUrl must be http or https, got "${options.baseUrl}"`);
    this.#baseUrl = url.href.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** The API's base URL, without a trailing slash. */
  public get baseUrl(): string {
    return this.#baseUrl;
  }

  /** Records `version` as the one now running (a new component also passes `source`): `register_component_version`. */
  public registerComponentVersion(component: string, version: string, options: RegisterOptions = {}): Promise<RegisterResult> {
    return this.#call('POST', `${API}/register-component`, { body: { component, version, ...options } });
  }

  /** One detection pass now; starts a workflow per new version unless `dryRun`: `check_and_process_updates`. */
  public async checkAndProcessUpdates(options: { readonly dryRun?: boolean } = {}): Promise<DetectionResult[]> {
    const answer = await this.#call<{ results: DetectionResult[] }>('POST', `${API}/check-updates`, { query: options.dryRun ? { dryRun: 'true' } : {} });
    return answer.results;
  }

  /** Runs `version` of a registered component through a workflow now (exactly one per component+version): `process_update`. */
  public processUpdate(component: string, version: string, options: ProcessUpdateOptions = {}): Promise<ProcessUpdateResult> {
    return this.#call('POST', `${API}/process-update`, { body: { component, version, ...options } });
  }

  /** Every workflow awaiting approval (all pages): `get_pending_approvals`. */
  public async getPendingApprovals(options: { readonly component?: string } = {}): Promise<WorkflowSummary[]> {
    const all: WorkflowSummary[] = [];
    let cursor: string | null = null;
    do {
      const page: WorkflowPage = await this.#call('GET', `${API}/pending-approvals`, { query: { ...options, limit: '100', ...(cursor ? { cursor } : {}) } });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== null);
    return all;
  }

  /** Approves as the authenticated caller (an approver of the component): `approve_workflow`. */
  public approveWorkflow(id: string, options: { readonly reason?: string } = {}): Promise<DecisionResult> {
    return this.#call('POST', `${API}/approve/${seg(id)}`, { body: { decision: 'approve', ...options } });
  }

  /** Rejects as the authenticated caller; the workflow ends REJECTED. */
  public rejectWorkflow(id: string, options: { readonly reason?: string } = {}): Promise<DecisionResult> {
    return this.#call('POST', `${API}/approve/${seg(id)}`, { body: { decision: 'reject', ...options } });
  }

  /** Everything about one workflow (stages, policy trace, simulation, approvals, rollout, audit events): `get_workflow_status`. */
  public getWorkflowStatus(id: string): Promise<WorkflowDetail> {
    return this.#call('GET', `${API}/workflows/${seg(id)}`);
  }

  /** One page of workflows, newest first; pass the previous page's `cursor` for the next. */
  public workflowsPage(filter: WorkflowFilter = {}, cursor?: string): Promise<WorkflowPage> {
    const query = Object.fromEntries(Object.entries({ ...filter, ...(cursor ? { cursor } : {}) }).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    return this.#call('GET', `${API}/workflows`, { query });
  }

  /** Workflows, newest first, fetched a page at a time as the loop asks for more. */
  public async *listWorkflows(filter: WorkflowFilter = {}): AsyncGenerator<WorkflowSummary, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.workflowsPage(filter, cursor);
      yield* page.items;
      cursor = page.cursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** Whether detection runs, its last run, components, pending approvals and statistics. */
  public getStatus(): Promise<SystemStatus> {
    return this.#call('GET', `${API}/status`);
  }

  /** Workflow statistics (active, success rate, decisions, simulation, deployment, timing): `get_statistics`. */
  public async getStatistics(): Promise<WorkflowStatistics> {
    return (await this.getStatus()).statistics;
  }

  /** Stored policies with revision and enabled flag. */
  public async listPolicies(): Promise<PolicyView[]> {
    return (await this.#call<{ items: PolicyView[] }>('GET', `${API}/policies`)).items;
  }

  /** Creates a policy (`ConflictError` when one of that name exists: use {@link updatePolicy}): `policy_engine.add_policy`. */
  public addPolicy(policy: PolicyDocument & { readonly name: string }): Promise<PolicyView> {
    return this.#call('PUT', `${API}/policies/${seg(policy.name)}`, { body: policy });
  }

  /** Replaces a policy over the revision read (`ConflictError` when it moved on). */
  public updatePolicy(name: string, policy: PolicyDocument, rev: number): Promise<PolicyView> {
    return this.#call('PUT', `${API}/policies/${seg(name)}`, { body: policy, headers: { 'if-match': `"${rev}"` } });
  }

  /** Turns a policy on or off (idempotent). */
  public setPolicyEnabled(name: string, enabled: boolean): Promise<PolicyView> {
    return this.#call('POST', `${API}/policies/${seg(name)}/${enabled ? 'enable' : 'disable'}`, { body: {} });
  }

  /** Components: current, available, quarantined, high-water mark. */
  public async getComponents(): Promise<ComponentView[]> {
    return (await this.#call<{ items: ComponentView[] }>('GET', `${API}/components`)).items;
  }

  /** Lets a quarantined version be proposed again. */
  public async releaseQuarantined(component: string, version: string): Promise<ComponentRecord> {
    return (await this.#call<{ component: ComponentRecord }>('POST', `${API}/components/${seg(component)}/release/${seg(version)}`)).component;
  }

  /** A complete, deterministic snapshot of the state. */
  public exportState(): Promise<StateDocument> {
    return this.#call('GET', `${API}/export-state`);
  }

  /** Imports a snapshot into an empty store (`ConflictError` otherwise). */
  public async importState(snapshot: unknown): Promise<ImportReport> {
    return (await this.#call<{ imported: ImportReport }>('POST', `${API}/import-state`, { body: snapshot })).imported;
  }

  /** Starts scheduled detection (idempotent). */
  public start(): Promise<DetectionSwitch> {
    return this.#call('POST', `${API}/start`);
  }

  /** Stops scheduled detection (idempotent; a restart keeps it stopped). */
  public stop(): Promise<DetectionSwitch> {
    return this.#call('POST', `${API}/stop`);
  }

  /** Cancels a workflow that has not ended: records who and why, stops its execution (admins). */
  public cancelWorkflow(id: string, reason: string): Promise<CancelResult> {
    return this.#call('POST', `${API}/workflows/${seg(id)}/cancel`, { body: { reason } });
  }

  async #call<T>(method: string, path: string, options: { readonly query?: Record<string, string>; readonly body?: unknown; readonly headers?: Record<string, string> } = {}): Promise<T> {
    const query = new URLSearchParams(options.query ?? {}).toString();
    const url = `${this.#baseUrl}${path}${query ? `?${query}` : ''}`;
    const what = `${method} ${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    };
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method, headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(this.#timeoutMs > 0 ? { signal: AbortSignal.timeout(this.#timeoutMs) } : {}),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const why = timedOut ? `no answer within ${this.#timeoutMs} ms` : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new UpkeepConnectionError(this.#baseUrl, `cannot reach the Upkeep API at ${this.#baseUrl} (${what}): ${why}`, { cause: error });
    }
    if (!response.ok) throw UpkeepApiError.fromAnswer(response.status, response.statusText, text, what);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new UpkeepApiError(response.status, { error: 'BadResponse', message: `${what} answered ${response.status} with something that is not JSON: ${text.slice(0, 80)}` }, what, { cause: error });
    }
  }
}
