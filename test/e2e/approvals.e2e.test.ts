import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { secretHash } from '../../functions/app/approval-links.js';
import type { WorkflowRecord } from '../../functions/core/workflow-types.js';
import { logger } from '../../functions/handlers/shared/logger.js';
import type { NewApproval } from '../../functions/ports/approval-store.js';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';
import { outbox, PEOPLE, prepareApprovalSystem, release, until } from './support/approval-system.js';

/** Approval deadlines run 50× faster: the `expiry` component's 5-minute deadline takes 6 s. */
const APPROVAL_TIME_SCALE = 0.02;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_MISSING = !existsSync(CHROMIUM);
if (CHROMIUM_MISSING) console.warn(`approvals.e2e: skipping the confirmation page screenshot: ${CHROMIUM} is not installed (apt-get install chromium)`);
const SCANNERS = ['Mozilla/5.0 (compatible; Microsoft Office Protocol Discovery)', 'Barracuda Sentinel (EE)', 'ProofPoint URL Defense', 'Mozilla/5.0 (compatible; Mimecast)'];

interface Exchange {
  readonly request: string;
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/** Everything the system said during these tests, for the leak scan. */
const seen = { exchanges: [] as Exchange[], printed: [] as string[], written: [] as string[] };
/** Every approval item stored (with its task token), and every settle call the engine received. */
const stored: NewApproval[] = [];
const settles: { kind: 'success' | 'failure'; taskToken: string }[] = [];

let dataDir = '';
let runtime: LocalRuntime;

async function http(method: string, path: string, options: { as?: string | null; json?: unknown; form?: Record<string, string>; ua?: string } = {}): Promise<Exchange> {
  const url = path.startsWith('http') ? path : `${runtime.url}${path}`;
  const token = options.as === undefined ? runtime.token : options.as === null ? undefined : runtime.apiTokens[options.as];
  const headers: Record<string, string> = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(options.ua ? { 'user-agent': options.ua } : {}),
    ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.form ? new URLSearchParams(options.form).toString() : undefined;
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const exchange = { request: `${method} ${url}`, status: response.status, headers: JSON.stringify([...response.headers]), body: await response.text() };
  seen.exchanges.push(exchange);
  return exchange;
}

async function workflowOf(component: string): Promise<WorkflowRecord> {
  const id = await until(`a workflow for ${component}`, async () => runtime.deps.workflows.findId(component, '2.0.0'));
  return runtime.deps.workflows.get(id);
}

/** Releases 2.0.0 of `component`, detects it, and waits until every approver has been mailed. */
async function awaitingApproval(component: string): Promise<{ wf: WorkflowRecord; links: Record<string, string> }> {
  await release(dataDir, component);
  await runtime.detect();
  const wf = await until(`${component} to await approval`, async () => {
    const w = await workflowOf(component);
    return w.stage === 'AWAITING_APPROVAL' ? w : undefined;
  });
  const links = await until(`the approval emails for ${component}`, async () => {
    const mails = (await outbox(dataDir)).filter((m) => m.kind === 'approval-request' && m.workflowId === wf.id);
    return mails.length === 3 ? Object.fromEntries(mails.map((m) => [m.to?.[0] ?? '', m.links[0] ?? ''])) : undefined;
  });
  return { wf, links };
}

function stageOf(id: string): Promise<string> {
  return runtime.deps.workflows.get(id).then((w) => w.stage);
}

function settlesOf(workflowId: string): typeof settles {
  const tokens = new Set(stored.filter((a) => a.workflowId === workflowId).map((a) => a.taskToken));
  return settles.filter((s) => tokens.has(s.taskToken));
}

/** The CSRF token in the confirmation page's form, as a browser would read it. */
function csrfIn(page: Exchange): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page.body);
  if (match?.[1] === undefined) throw new Error(`no CSRF field in the page (HTTP ${page.status})`);
  return match[1];
}

function secretOf(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}

async function linkItemConsumed(link: string): Promise<boolean> {
  return (await runtime.deps.approvals.get(secretHash(secretOf(link)))).consumedAt !== undefined;
}

describe('Approvals in local mode, over real HTTP', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'upkeep-approvals-'));
    const { configPath } = await prepareApprovalSystem(dataDir, [
      { name: 'scan' }, { name: 'csrf' }, { name: 'roles' }, { name: 'race' },
      { name: 'quorum', approval: { requiredApprovals: 2 } },
      { name: 'expiry', approval: { deadline: '5m', onExpiry: 'defer', reminderBefore: '4m' } },
      { name: 'cancel' }, { name: 'browser' },
    ]);
    // Every line the process writes is kept for the leak scan, step logs included at their most verbose.
    logger.setLogLevel('DEBUG');
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
        seen.written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
      }));
    }
    // Vitest routes console.* around the streams: capture it too (a Lambda's console.log is a log line).
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[level].bind(console);
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        seen.written.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        original(...args);
      });
    }
    runtime = await startLocalRuntime({ configPath, dataDir, port: 0, schedule: false, approvalTimeScale: APPROVAL_TIME_SCALE, print: (line) => seen.printed.push(line) });
    const create = runtime.deps.approvals.create.bind(runtime.deps.approvals);
    vi.spyOn(runtime.deps.approvals, 'create').mockImplementation(async (approval) => {
      stored.push(approval);
      return create(approval);
    });
    const engine = runtime.deps.engine;
    const success = engine.sendTaskSuccess.bind(engine);
    const failure = engine.sendTaskFailure.bind(engine);
    vi.spyOn(engine, 'sendTaskSuccess').mockImplementation(async (taskToken, output) => {
      settles.push({ kind: 'success', taskToken });
      return success(taskToken, output);
    });
    vi.spyOn(engine, 'sendTaskFailure').mockImplementation(async (taskToken, error, cause) => {
      settles.push({ kind: 'failure', taskToken });
      return failure(taskToken, error, cause);
    });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    logger.setLogLevel('ERROR');
    await runtime?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('gives every configured person an API token in <dataDir>/api-tokens.json', () => {
    // Assess
    expect(Object.keys(runtime.apiTokens).sort()).toEqual([PEOPLE.admin, PEOPLE.ana, PEOPLE.ben, PEOPLE.viewer].sort());
    expect(new Set(Object.values(runtime.apiTokens)).size).toBe(4);
    expect(existsSync(join(dataDir, 'api-tokens.json'))).toBe(true);
  });

  it('leaves the workflow waiting and the link unused after GETs and HEADs by mail scanners', async () => {
    // Prepare
    const { wf, links } = await awaitingApproval('scan');
    const link = links[PEOPLE.ana] as string;
    const events = (await runtime.deps.audit.list(wf.id)).items.length;

    // Act
    const answers = await Promise.all(SCANNERS.flatMap((ua) => [http('GET', link, { as: null, ua }), http('HEAD', link, { as: null, ua })]));

    // Assess
    expect(answers.map((a) => a.status)).toEqual(SCANNERS.flatMap(() => [200, 200]));
    expect(answers.filter((_, i) => i % 2 === 1).every((a) => a.body === '')).toBe(true);
    expect(answers[0]?.body).toContain('Opening this page decided nothing');
    const after = await runtime.deps.workflows.get(wf.id);
    expect(after).toMatchObject({ stage: 'AWAITING_APPROVAL' });
    expect(after.approvalOutcome).toBeUndefined();
    expect(after.approvals).toBeUndefined();
    expect(await linkItemConsumed(link)).toBe(false);
    expect((await runtime.deps.audit.list(wf.id)).items).toHaveLength(events);
    expect(settlesOf(wf.id)).toEqual([]);
    expect(runtime.machine.describeExecution(after.executionArn as string).status).toBe('RUNNING');
  });

  it('does nothing on a POST with a missing, wrong or other link\'s CSRF token; decides once with the right one; a reused link gets 410', async () => {
    // Prepare
    const { wf, links } = await awaitingApproval('csrf');
    const link = links[PEOPLE.ana] as string;
    const csrf = csrfIn(await http('GET', link, { as: null }));
    const othersCsrf = csrfIn(await http('GET', links[PEOPLE.ben] as string, { as: null }));

    // Act
    const refused = [
      await http('POST', link, { as: null, form: { decision: 'approve' } }),
      await http('POST', link, { as: null, form: { decision: 'approve', csrf: `${csrf.slice(0, -2)}xx` } }),
      await http('POST', link, { as: null, form: { decision: 'approve', csrf: othersCsrf } }),
    ];
    const stillWaiting = await stageOf(wf.id);
    const unused = !(await linkItemConsumed(link));
    const accepted = await http('POST', link, { as: null, form: { decision: 'approve', csrf, reason: 'read the migration notes' } });
    const reused = await http('POST', link, { as: null, form: { decision: 'reject', csrf } });
    const reopened = await http('GET', link, { as: null });

    // Assess
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(stillWaiting).toBe('AWAITING_APPROVAL');
    expect(unused).toBe(true);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain(`Recorded: approved by ${PEOPLE.ana}.`);
    expect(reused.status).toBe(410);
    expect(reopened.status).toBe(410);
    expect(reopened.body).toContain('Link already used');
    expect(await until('csrf to ship', async () => ((await stageOf(wf.id)) === 'SUCCEEDED' ? true : undefined))).toBe(true);
    expect(settlesOf(wf.id)).toEqual([expect.objectContaining({ kind: 'success' })]);
    const decided = await runtime.deps.workflows.get(wf.id);
    expect(decided.approvals).toMatchObject([{ approver: PEOPLE.ana, decision: 'APPROVED', via: 'link', reason: 'read the migration notes', sourceIp: expect.any(String) }]);
  });

  it('answers 403 to callers without the approver role (and 401 without a token), and lets an approver decide', async () => {
    // Prepare
    const { wf } = await awaitingApproval('roles');
    const path = `/api/self-update/approve/${wf.id}`;

    // Act
    const viewer = await http('POST', path, { as: PEOPLE.viewer, json: { decision: 'approve' } });
    const anonymous = await http('POST', path, { as: null, json: { decision: 'approve' } });
    const approverCancels = await http('POST', `/api/self-update/workflows/${wf.id}/cancel`, { as: PEOPLE.ana, json: { reason: 'no' } });
    const untouched = { stage: await stageOf(wf.id), settles: settlesOf(wf.id).length };
    const approver = await http('POST', path, { as: PEOPLE.ben, json: { decision: 'approve', reason: 'fine' } });

    // Assess
    expect(viewer.status).toBe(403);
    expect(JSON.parse(viewer.body)).toMatchObject({ error: 'ForbiddenError', message: expect.stringMatching(new RegExp(`^${PEOPLE.viewer} is a viewer; .*needs the approver role`)) });
    expect(anonymous.status).toBe(401);
    expect(approverCancels.status).toBe(403);
    expect(untouched).toEqual({ stage: 'AWAITING_APPROVAL', settles: 0 });
    expect(approver.status).toBe(200);
    expect(JSON.parse(approver.body)).toMatchObject({ effect: 'decided', outcome: 'APPROVED', approver: PEOPLE.ben });
  });

  it('records exactly one decision, and settles the task once, when 100 approve/reject pairs race over HTTP', async () => {
    // Prepare
    const { wf, links } = await awaitingApproval('race');
    const people = [PEOPLE.admin, PEOPLE.ana, PEOPLE.ben];
    const csrf = Object.fromEntries(await Promise.all(people.map(async (p) => [p, csrfIn(await http('GET', links[p] as string, { as: null }))] as const)));
    const pair = (i: number): Promise<Exchange>[] => {
      const [a, b] = [people[i % 3] as string, people[(i + 1) % 3] as string];
      return i % 2 === 0
        ? [http('POST', links[a] as string, { as: null, form: { decision: 'approve', csrf: csrf[a] as string } }), http('POST', links[b] as string, { as: null, form: { decision: 'reject', csrf: csrf[b] as string } })]
        : [http('POST', `/api/self-update/approve/${wf.id}`, { as: a, json: { decision: 'approve' } }), http('POST', `/api/self-update/approve/${wf.id}`, { as: b, json: { decision: 'reject' } })];
    };

    // Act
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => pair(i)).flat());

    // Assess
    expect(answers).toHaveLength(200);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200 && s !== 409 && s !== 410)).toEqual([]);
    const ended = await until('race to end', async () => {
      const w = await runtime.deps.workflows.get(wf.id);
      return ['SUCCEEDED', 'REJECTED'].includes(w.stage) ? w : undefined;
    });
    expect(settlesOf(wf.id)).toHaveLength(1);
    expect(ended.approvals).toHaveLength(1);
    expect(ended.stage).toBe(ended.approvalOutcome?.decision === 'APPROVED' ? 'SUCCEEDED' : 'REJECTED');
    // A decision's event names the approver; the outcome's (REJECTED/SUCCEEDED) is the system's.
    const decisions = (await runtime.deps.audit.list(wf.id)).items.filter((e) => (e.type === 'APPROVED' || e.type === 'REJECTED') && e.actor !== 'system');
    expect(decisions).toHaveLength(1);
    const history = await runtime.deps.engine.history(ended.executionArn as string);
    // The waiting state was entered once and left once: by its success, or by one ApprovalRejected failure.
    const approvalState = history.filter((e) => e.state === 'Request approval');
    expect(approvalState.filter((e) => e.type === 'StateEntered')).toHaveLength(1);
    expect(approvalState.filter((e) => e.type === 'StateExited')).toHaveLength(1);
    expect(approvalState.filter((e) => e.type === 'StateFailed').map((e) => e.error)).toEqual(ended.stage === 'REJECTED' ? ['ApprovalRejected'] : []);
  });

  it('waits for two distinct approvers when requiredApprovals is 2: one approver twice does not count twice', async () => {
    // Prepare
    const { wf, links } = await awaitingApproval('quorum');
    const anasLink = links[PEOPLE.ana] as string;
    const csrf = csrfIn(await http('GET', anasLink, { as: null }));

    // Act
    const first = await http('POST', `/api/self-update/approve/${wf.id}`, { as: PEOPLE.ana, json: { decision: 'approve' } });
    const againByApi = await http('POST', `/api/self-update/approve/${wf.id}`, { as: PEOPLE.ana, json: { decision: 'approve' } });
    const againByLink = await http('POST', anasLink, { as: null, form: { decision: 'approve', csrf } });
    const meanwhile = { stage: await stageOf(wf.id), settles: settlesOf(wf.id).length, anasLinkUsed: await linkItemConsumed(anasLink) };
    const second = await http('POST', links[PEOPLE.ben] as string, { as: null, form: { decision: 'approve', csrf: csrfIn(await http('GET', links[PEOPLE.ben] as string, { as: null })) } });

    // Assess
    expect(JSON.parse(first.body)).toMatchObject({ effect: 'counted', approvals: 1, required: 2 });
    expect([againByApi.status, againByLink.status]).toEqual([409, 409]);
    expect(meanwhile).toEqual({ stage: 'AWAITING_APPROVAL', settles: 0, anasLinkUsed: false });
    expect(second.status).toBe(200);
    expect(second.body).toContain(`Recorded: approved by ${PEOPLE.ben}.`);
    const done = await until('quorum to ship', async () => {
      const w = await runtime.deps.workflows.get(wf.id);
      return w.stage === 'SUCCEEDED' ? w : undefined;
    });
    expect(done.approvals?.map((a) => a.approver)).toEqual([PEOPLE.ana, PEOPLE.ben]);
    expect(settlesOf(wf.id)).toEqual([expect.objectContaining({ kind: 'success' })]);
  });

  it('reminds the approvers once before the deadline; then the expiry action runs and the link gets 410', async () => {
    // Prepare
    const { wf, links } = await awaitingApproval('expiry');
    const link = links[PEOPLE.ana] as string;
    const csrf = csrfIn(await http('GET', link, { as: null }));

    // Act
    const reminders = (await Promise.all(Array.from({ length: 5 }, () => runtime.remind()))).flat();
    const ended = await until('the approval to expire', async () => {
      const w = await runtime.deps.workflows.get(wf.id);
      return w.stage === 'AWAITING_APPROVAL' ? undefined : w;
    }, 30_000);
    const page = await http('GET', link, { as: null });
    const post = await http('POST', link, { as: null, form: { decision: 'approve', csrf } });
    const api = await http('POST', `/api/self-update/approve/${wf.id}`, { as: PEOPLE.ben, json: { decision: 'approve' } });

    // Assess
    expect(reminders).toEqual([{ workflowId: wf.id, round: 1, sentTo: [PEOPLE.admin, PEOPLE.ana, PEOPLE.ben], failed: [] }]);
    const mailed = (await outbox(dataDir)).filter((m) => m.kind === 'approval-reminder' && m.workflowId === wf.id);
    // Emails sent in the same millisecond have no order in the outbox: compare as a set.
    expect(mailed.map((m) => m.to?.[0]).sort()).toEqual([PEOPLE.admin, PEOPLE.ana, PEOPLE.ben].sort());
    expect(mailed.every((m) => m.links.length === 0)).toBe(true);
    const events = (await runtime.deps.audit.list(wf.id)).items.map((e) => e.type);
    expect(events.filter((t) => t === 'APPROVAL_REMINDER_SENT')).toHaveLength(1);
    expect(ended.stage).toBe('DEFERRED'); // onExpiry: defer
    expect(ended.outcomeReason).toMatch(/^no decision by .*; deferred to the next window/);
    const history = await runtime.deps.engine.history(ended.executionArn as string);
    expect(history.some((e) => e.state === 'Record approval expiry' && e.type === 'StateEntered')).toBe(true);
    expect([page.status, post.status, api.status]).toEqual([410, 410, 410]);
    expect(page.body).toContain('Link expired');
    expect(settlesOf(wf.id)).toEqual([]);
    expect(await linkItemConsumed(link)).toBe(false);
  });

  it('cancels through the API (admin only): the execution stops, CANCELLED records who and why, every link answers 410', async () => {
    // Prepare
    const { wf, links } = await awaitingApproval('cancel');
    const csrf = csrfIn(await http('GET', links[PEOPLE.ana] as string, { as: null }));

    // Act
    const byViewer = await http('POST', `/api/self-update/workflows/${wf.id}/cancel`, { as: PEOPLE.viewer, json: { reason: 'no' } });
    const cancelled = await http('POST', `/api/self-update/workflows/${wf.id}/cancel`, { as: PEOPLE.admin, json: { reason: 'superseded by 2.0.1' } });
    const pages = await Promise.all(Object.values(links).map((l) => http('GET', l, { as: null })));
    const head = await http('HEAD', links[PEOPLE.ben] as string, { as: null });
    const post = await http('POST', links[PEOPLE.ana] as string, { as: null, form: { decision: 'approve', csrf } });
    const api = await http('POST', `/api/self-update/approve/${wf.id}`, { as: PEOPLE.ben, json: { decision: 'approve' } });
    const again = await http('POST', `/api/self-update/workflows/${wf.id}/cancel`, { as: PEOPLE.admin, json: {} });

    // Assess
    expect(byViewer.status).toBe(403);
    expect(cancelled.status).toBe(200);
    expect(JSON.parse(cancelled.body)).toMatchObject({ stage: 'CANCELLED', from: 'AWAITING_APPROVAL', execution: 'stopped', outcomeReason: `cancelled by ${PEOPLE.admin}: superseded by 2.0.1` });
    expect(pages.map((p) => p.status)).toEqual([410, 410, 410]);
    expect(pages[0]?.body).toContain('<h1>Cancelled</h1>');
    expect([head.status, post.status, api.status]).toEqual([410, 410, 410]);
    expect(JSON.parse(again.body)).toMatchObject({ repeated: true });
    expect(settlesOf(wf.id)).toEqual([]);
    expect(runtime.machine.describeExecution(wf.executionArn as string).status).toBe('ABORTED');
    const detail = JSON.parse((await http('GET', `/api/self-update/workflows/${wf.id}`)).body) as WorkflowRecord & { events: { type: string; actor: string }[] };
    expect(detail).toMatchObject({ stage: 'CANCELLED', outcomeReason: `cancelled by ${PEOPLE.admin}: superseded by 2.0.1` });
    expect(detail.events.filter((e) => e.type === 'CANCELLED')).toEqual([expect.objectContaining({ actor: PEOPLE.admin })]);
  });

  it.skipIf(CHROMIUM_MISSING)('shows a readable confirmation page in headless Chromium, and its Approve button ships the update', async () => {
    // Prepare
    const { chromium } = await import('playwright-core');
    const { wf, links } = await awaitingApproval('browser');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const artifacts = resolve('test-artifacts');
    await mkdir(artifacts, { recursive: true });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
      const opened = await page.goto(links[PEOPLE.ana] as string);

      // Act
      await page.screenshot({ path: join(artifacts, 'approval-page.png'), fullPage: true });
      const stillWaiting = await stageOf(wf.id);
      await page.fill('#reason', 'Looks good in the browser');
      await page.click('button.approve');
      await page.waitForSelector('text=Thank you');
      await page.screenshot({ path: join(artifacts, 'approval-page-after.png'), fullPage: true });

      // Assess
      expect(opened?.status()).toBe(200);
      expect(await page.title()).toBe('Thank you');
      expect(stillWaiting).toBe('AWAITING_APPROVAL');
      expect(existsSync(join(artifacts, 'approval-page.png'))).toBe(true);
      const done = await until('browser to ship', async () => {
        const w = await runtime.deps.workflows.get(wf.id);
        return w.stage === 'SUCCEEDED' ? w : undefined;
      });
      expect(done.approvals).toMatchObject([{ approver: PEOPLE.ana, via: 'link', reason: 'Looks good in the browser' }]);
    } finally {
      await browser.close();
    }
  });

  it('finds no task token and no link secret in any log line, email or API response, except each link in its own email', async () => {
    // Prepare: every workflow's detail (with its audit events and execution history), as the API gives it.
    for (const component of ['scan', 'csrf', 'roles', 'race', 'quorum', 'expiry', 'cancel', 'browser']) {
      await http('GET', `/api/self-update/workflows/${(await workflowOf(component)).id}`);
    }
    await http('GET', '/api/self-update/workflows?limit=100');
    await http('GET', '/api/self-update/pending-approvals');
    const emails = await outbox(dataDir);
    const tokens = [...new Set(stored.map((a) => a.taskToken))];
    const requests = emails.filter((m) => m.kind === 'approval-request');
    const secrets = requests.map((m) => secretOf(m.links[0] ?? ''));
    const ownLinks = requests.map((m) => m.links[0] ?? '');

    // Act: remove each link where it is meant to be (its own email, and the console line that announces it), then look for leftovers.
    const strip = (text: string): string => ownLinks.reduce((t, link) => t.split(link).join('<link>'), text);
    const places: [string, string][] = [
      ...seen.exchanges.map((x): [string, string] => [`response to ${x.request.replace(/approvals\/\S+/, 'approvals/…')}`, `${x.status} ${x.headers} ${x.body}`]),
      ...seen.exchanges.map((x): [string, string] => [`request ${x.request.replace(/approvals\/\S+/, 'approvals/…')}`, strip(x.request)]),
      ...emails.map((m): [string, string] => [`email ${m.subject} to ${m.to?.join(',') ?? ''}`, strip(JSON.stringify(m))]),
      ...seen.printed.map((line): [string, string] => ['console line', strip(line)]),
      ...seen.written.map((line): [string, string] => ['stdout/stderr', line]),
    ];
    const leaks = places.flatMap(([where, text]) => [...tokens.map((t) => ['task token', t] as const), ...secrets.map((s) => ['link secret', s] as const)]
      .filter(([, value]) => text.includes(value)).map(([what]) => `${what} in ${where}`));

    // Assess: the scan looked at real material …
    expect(tokens.length).toBeGreaterThanOrEqual(8);
    expect(secrets).toHaveLength(8 * 3);
    expect(seen.exchanges.length).toBeGreaterThan(250);
    expect(seen.written.some((line) => line.includes('"service":"upkeep"'))).toBe(true); // the step logs were captured
    expect(requests.every((m) => m.text.includes(m.links[0] ?? '-') && (m.html ?? '').includes(m.links[0] ?? '-'))).toBe(true);
    // … and found nothing.
    expect(leaks).toEqual([]);
  });
});
