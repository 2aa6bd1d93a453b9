import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEMO_APPROVER, prepareDemo, publishDemoReleases } from '../../examples/demo/prepare-demo.js';
import { ROUTES } from '../../functions/handlers/routes.js';
import { startLocalHttpServer } from '../../infra/local/http-server.js';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';
import { until } from '../support/until.js';

const VIEWER = 'vic@example.com';
const APPROVER = 'ana@example.com';
const API = '/api/self-update';

interface Answer { status: number; json: Record<string, unknown>; text: string; headers: Headers }

/** The demo's configuration plus a viewer and an approver, so every role can be tried. */
async function demoWithRoles(dataDir: string): Promise<{ configPath: string; timeScale: number }> {
  const demo = await prepareDemo({ dataDir, print: () => undefined });
  const config = parse(await readFile(demo.configPath, 'utf8')) as { approvers: unknown[] };
  config.approvers.push({ email: VIEWER, role: 'viewer' }, { email: APPROVER, role: 'approver' });
  await writeFile(demo.configPath, stringify(config));
  return demo;
}

describe('HTTP API end to end (local mode)', () => {
  const dirs: string[] = [];
  let runtime: LocalRuntime | undefined;
  let roles: Awaited<ReturnType<typeof startLocalHttpServer>> | undefined;
  let base = '';
  const TOKENS = { viewer: 'viewer-token-0123456789', approver: 'approver-token-0123456789' };

  /** A request as a user would make it: `token` is the admin's unless a role is named (or `null` for none). */
  async function call(method: string, path: string, options: { body?: unknown; raw?: string; token?: string | null; as?: keyof typeof TOKENS; headers?: Record<string, string> } = {}): Promise<Answer> {
    const token = options.as !== undefined ? TOKENS[options.as] : options.token === undefined ? runtime?.token : options.token;
    const url = `${options.as !== undefined ? roles?.url : base}${path}`;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON (the metrics text).
    }
    return { status: response.status, json, text, headers: response.headers };
  }

  const exportText = async (): Promise<string> => (await call('GET', `${API}/export-state`)).text;

  /**
   * Runs a request that must be refused with `status`, and checks the store did not change. While other
   * workflows are still running, `unchanged` names the part of the state the request could have touched.
   */
  async function refused(status: number, method: string, path: string, options: Parameters<typeof call>[2] & { unchanged?: () => Promise<string> } = {}): Promise<Answer> {
    const state = options.unchanged ?? exportText;
    const before = await state();
    const answer = await call(method, path, options);
    expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(status);
    expect(typeof answer.json.message === 'string' || answer.status === 413, 'a clear message').toBe(true);
    expect(await state(), `${method} ${path} changed nothing`).toBe(before);
    return answer;
  }

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'upkeep-api-'));
    dirs.push(dataDir);
    const demo = await demoWithRoles(dataDir);
    runtime = await startLocalRuntime({ configPath: demo.configPath, dataDir, port: 0, timeScale: demo.timeScale, schedule: false });
    base = runtime.url;
    // A second front door with per-person tokens (the handlers and stores are the runtime's).
    roles = await startLocalHttpServer({ port: 0, tokens: { [TOKENS.viewer]: VIEWER, [TOKENS.approver]: APPROVER } });
  });

  afterAll(async () => {
    await roles?.close();
    await runtime?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('documents every route in OpenAPI 3.1', async () => {
    const { status, json } = await call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(json.openapi).toBe('3.1.0');
    const paths = json.paths as Record<string, Record<string, unknown>>;
    for (const r of ROUTES) expect(paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
  });

  it('refuses missing and wrong tokens (401) and callers without the role (403), changing nothing', async () => {
    await refused(401, 'GET', `${API}/status`, { token: null });
    await refused(401, 'GET', `${API}/export-state`, { token: 'not-the-token' });
    await refused(401, 'GET', '/metrics', { token: 'not-the-token' });
    expect((await call('GET', `${API}/status`, { as: 'viewer' })).status).toBe(200);
    await refused(403, 'POST', `${API}/stop`, { as: 'viewer' });
    await refused(403, 'POST', `${API}/check-updates`, { as: 'viewer' });
    await refused(403, 'POST', `${API}/register-component`, { as: 'approver', body: { component: 'payments', version: '9.9.9' } });
    const forbidden = await refused(403, 'PUT', `${API}/policies/patches`, { as: 'approver', body: { priority: 1, actions: { decision: 'REJECT' } } });
    expect(forbidden.json.message).toMatch(/needs the admin role/);
    await refused(403, 'POST', `${API}/import-state`, { as: 'viewer', body: {} });
  });

  it('answers bad input with 4xx naming the field, the value and the fix, changing nothing', async () => {
    const malformed = await refused(400, 'PUT', `${API}/policies/patches`, { raw: '{"priority": 1,' });
    expect(malformed.json.problems).toEqual([expect.objectContaining({ path: '(body)', message: 'must be valid JSON' })]);
    const invalid = await refused(400, 'PUT', `${API}/policies/patches`, { body: { priority: 5000, conditions: { moon_phase: 'full' }, actions: { decision: 'SHIP_IT' } } });
    expect(invalid.json.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'priority', value: '5000' }),
      expect.objectContaining({ path: 'conditions.moon_phase', value: 'full' }),
      expect.objectContaining({ path: 'actions.decision', value: 'SHIP_IT' }),
    ]));
    await refused(400, 'PUT', `${API}/policies/patches`, { body: { name: 'other', priority: 1, actions: { decision: 'REJECT' } } });
    await refused(400, 'PUT', `${API}/policies/Bad%20Name`, { body: { priority: 1, actions: { decision: 'REJECT' } } });
    await refused(409, 'PUT', `${API}/policies/release_cooldown`, { body: { priority: 1, actions: { decision: 'REJECT' } } });
    await refused(409, 'PUT', `${API}/policies/release_cooldown`, { body: { priority: 1, actions: { decision: 'REJECT' } }, headers: { 'if-match': '"99"' } });
    await refused(400, 'PUT', `${API}/policies/release_cooldown`, { body: { priority: 1, actions: { decision: 'REJECT' } }, headers: { 'if-match': 'yesterday' } });
    await refused(413, 'PUT', `${API}/policies/patches`, { raw: JSON.stringify({ description: 'x'.repeat(70 * 1024) }) });
    const noSource = await refused(400, 'POST', `${API}/register-component`, { body: { component: 'newcomer', version: '1.0.0' } });
    expect(noSource.json.problems).toEqual([expect.objectContaining({ path: 'source', value: '(missing)' })]);
    await refused(400, 'POST', `${API}/register-component`, { body: { component: 'payments', version: 'not a version' } });
    await refused(400, 'POST', `${API}/register-component`, { body: { component: 'payments', version: '1.0.0', colour: 'blue' } });
    const since = await refused(400, 'GET', `${API}/workflows?since=last-week`);
    expect(since.json.problems).toEqual([expect.objectContaining({ path: 'since', value: 'last-week' })]);
    await refused(400, 'GET', `${API}/workflows?limit=1000`);
    await refused(400, 'GET', `${API}/workflows?stage=SHIPPED`);
    await refused(400, 'POST', `${API}/check-updates?dryRun=maybe`);
    await refused(400, 'POST', `${API}/approve/nothing`, { body: { decision: 'perhaps' } });
    await refused(400, 'POST', `${API}/import-state`, { body: { format: 'something-else' } });
  });

  it('answers unknown ids with 404, changing nothing', async () => {
    await refused(404, 'GET', `${API}/workflows/00000000-0000-4000-8000-000000000000`);
    await refused(404, 'POST', `${API}/approve/00000000-0000-4000-8000-000000000000`, { body: { decision: 'approve' } });
    await refused(404, 'POST', `${API}/components/nothing/release/1.0.0`);
    await refused(404, 'POST', `${API}/components/payments/release/9.9.9`);
    await refused(404, 'POST', `${API}/policies/nothing/enable`);
    await refused(404, 'GET', `${API}/no-such-route`);
  });

  it('stops and starts detection, keeping the flag on disk and auditing who did it', async () => {
    const stopped = await call('POST', `${API}/stop`);
    expect(stopped.json).toMatchObject({ enabled: false, changed: true, changedBy: DEMO_APPROVER });
    expect((await call('GET', `${API}/status`)).json).toMatchObject({ status: 'stopped', running: false });
    const flag = JSON.parse(await readFile(join(runtime?.dataDir ?? '', 'detection.json'), 'utf8')) as { enabled: boolean };
    expect(flag.enabled).toBe(false);
    expect((await call('POST', `${API}/start`)).json).toMatchObject({ enabled: true, changed: true });
    const events = (JSON.parse(await exportText()) as { events: { workflowId: string; type: string; actor: string }[] }).events.filter((e) => e.workflowId === 'system');
    expect(events.map((e) => [e.type, e.actor])).toEqual([['DETECTION_STOPPED', DEMO_APPROVER], ['DETECTION_STARTED', DEMO_APPROVER]]);
  });

  it('creates, replaces, disables and lists policies, with revisions and an audit trail', async () => {
    const policy = { description: 'patches ship', priority: 120, conditions: { update_type: ['patch'] }, actions: { decision: 'AUTO_APPROVE' } };
    const created = await call('PUT', `${API}/policies/patches`, { body: policy });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const replaced = await call('PUT', `${API}/policies/patches`, { body: { ...policy, priority: 130 }, headers: { 'if-match': '"1"' } });
    expect(replaced.json).toMatchObject({ rev: 2, policy: { priority: 130 } });
    expect((await call('POST', `${API}/policies/patches/disable`, { body: { rev: 2 } })).json).toMatchObject({ enabled: false, rev: 3 });
    expect((await call('POST', `${API}/policies/patches/enable`)).json).toMatchObject({ enabled: true, rev: 4 });
    const list = (await call('GET', `${API}/policies`, { as: 'viewer' })).json.items as { name: string; rev: number; enabled: boolean }[];
    expect(list.find((p) => p.name === 'patches')).toMatchObject({ rev: 4, enabled: true, updatedBy: `api:${DEMO_APPROVER}` });
    const trail = (JSON.parse(await exportText()) as { events: { workflowId: string; type: string }[] }).events.filter((e) => e.workflowId === 'policy:patches');
    expect(trail.map((e) => e.type)).toEqual(['POLICY_CREATED', 'POLICY_CHANGED', 'POLICY_DISABLED', 'POLICY_ENABLED']);
  });

  it('registers components and versions, lists components and releases a quarantined version', async () => {
    const created = await call('POST', `${API}/register-component`, { body: { component: 'newcomer', version: '1.0.0', scheme: 'semver', source: { type: 'npm', package: 'newcomer', registry: 'http://127.0.0.1:9/' } } });
    expect(created.status).toBe(201);
    const running = await call('POST', `${API}/register-component`, { body: { component: 'newcomer', version: '1.0.1' } });
    expect(running.json).toMatchObject({ changed: true, component: { current: '1.0.1', previous: '1.0.0' } });
    await runtime?.deps.components.quarantine('newcomer', '1.0.2', new Date().toISOString());
    expect((await call('GET', `${API}/components`, { as: 'viewer' })).json.items).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'newcomer', current: '1.0.1', quarantined: ['1.0.2'] })]));
    const released = await call('POST', `${API}/components/newcomer/release/1.0.2`);
    expect(released.json).toMatchObject({ component: { quarantined: [] } });
  });

  it('runs detection, lists and filters workflows, shows one, and approves the one awaiting approval', async () => {
    await publishDemoReleases(runtime?.dataDir ?? '');
    const dry = await call('POST', `${API}/check-updates?dryRun=true`, { as: 'approver' });
    expect((dry.json.results as { updateAvailable: boolean }[]).some((r) => r.updateAvailable)).toBe(true);
    expect((await call('GET', `${API}/workflows`)).json.items).toEqual([]);
    expect((await call('POST', `${API}/check-updates`)).status).toBe(200);
    const waiting = await until('payments to await approval', async () => {
      const { json } = await call('GET', `${API}/pending-approvals`, { as: 'viewer' });
      return (json.items as { id: string; component: string }[]).find((w) => w.component === 'payments');
    });
    const all = (await call('GET', `${API}/workflows`)).json.items as { id: string; createdAt: string }[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await call('GET', `${API}/workflows?limit=1`);
    const second = await call('GET', `${API}/workflows?limit=1&cursor=${encodeURIComponent(String(first.json.cursor))}`);
    expect((first.json.items as unknown[]).length + (second.json.items as unknown[]).length).toBe(2);
    expect((await call('GET', `${API}/workflows?component=payments&stage=AWAITING_APPROVAL`)).json.items).toEqual([expect.objectContaining({ id: waiting.id })]);
    expect((await call('GET', `${API}/workflows?until=2000-01-01T00:00:00Z`)).json.items).toEqual([]);
    await until('the approval request', async () => ((await runtime?.deps.workflows.get(waiting.id))?.approvalRound === 1 ? true : undefined));
    // The demo's other workflows are still running, so the check is on the one the request names.
    const waitingRecord = async (): Promise<string> => (await call('GET', `${API}/workflows/${waiting.id}`)).text;
    await refused(403, 'POST', `${API}/approve/${waiting.id}`, { as: 'viewer', body: { decision: 'approve' }, unchanged: waitingRecord });
    const approved = await call('POST', `${API}/approve/${waiting.id}`, { body: { decision: 'approve', reason: 'e2e' } });
    expect(approved.json).toMatchObject({ effect: 'decided', outcome: 'APPROVED', approver: DEMO_APPROVER });
    const detail = (await call('GET', `${API}/workflows/${waiting.id}`, { as: 'viewer' })).json;
    expect(detail).toMatchObject({ id: waiting.id, component: 'payments', approval: { round: 1, outcome: { decision: 'APPROVED', by: DEMO_APPROVER } } });
    expect((detail.events as { type: string }[]).map((e) => e.type)).toEqual(expect.arrayContaining(['DETECTED', 'APPROVAL_REQUESTED', 'APPROVED']));
    expect(detail).not.toHaveProperty('checkpoint');
    // A store with workflows takes no import (workflows still run here, so "nothing changed" is checked after the round trip).
    expect((await call('POST', `${API}/import-state`, { raw: await exportText() })).status).toBe(409);
  }, 120_000);

  it('reports status and Prometheus metrics', async () => {
    const status = (await call('GET', `${API}/status`, { as: 'viewer' })).json;
    expect(status).toMatchObject({ status: 'running', running: true });
    expect(typeof status.lastDetectionAt).toBe('string');
    expect((status.components as { name: string }[]).map((c) => c.name)).toEqual(expect.arrayContaining(['payments', 'newcomer']));
    const metrics = await call('GET', '/metrics', { as: 'viewer' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toMatch(/^# HELP upkeep_updates_detected_total /m);
    expect(metrics.text).toMatch(/^upkeep_active_workflows \d+$/m);
    expect(metrics.text).toMatch(/^upkeep_detection_last_run_timestamp_seconds \d+/m);
  });

  it('round-trips export-state through a fresh data directory', async () => {
    // Prepare: the first instance's state once every workflow has ended, then a fresh instance of the same system.
    await until('every workflow to end', async () => (/^upkeep_active_workflows 0$/m.test((await call('GET', '/metrics')).text) ? true : undefined));
    const exported = await exportText();
    expect(exported.length).toBeGreaterThan(64 * 1024 / 8);
    await roles?.close();
    roles = undefined;
    await runtime?.close();
    const fresh = await mkdtemp(join(tmpdir(), 'upkeep-api-import-'));
    dirs.push(fresh);
    const demo = await demoWithRoles(fresh);
    runtime = await startLocalRuntime({ configPath: demo.configPath, dataDir: fresh, port: 0, timeScale: demo.timeScale, schedule: false });
    base = runtime.url;
    await refused(400, 'POST', `${API}/import-state`, { raw: exported.slice(0, -10) });

    // Act
    const imported = await call('POST', `${API}/import-state`, { raw: exported });
    const again = await exportText();

    // Assess
    expect(imported.status, imported.text).toBe(201);
    expect(again).toBe(exported);
    await refused(409, 'POST', `${API}/import-state`, { raw: exported });
  }, 120_000);
});
