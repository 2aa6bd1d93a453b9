import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPROVER, prepareDemo, publishDemoReleases } from '../../examples/demo/prepare-demo.js';
import type { WorkflowRecord } from '../../functions/core/workflow-types.js';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_MISSING = !existsSync(CHROMIUM);
if (CHROMIUM_MISSING) console.warn(`dashboard.e2e: skipping the browser tests: ${CHROMIUM} is not installed (apt-get install chromium)`);
const ARTIFACTS = resolve('test-artifacts');
/** The demo's outcomes, as the dashboard must show them before anyone acts. */
const OUTCOMES = { catalog: 'SUCCEEDED', payments: 'AWAITING_APPROVAL', search: 'ROLLED_BACK' } as const;

let dataDir = '';
let runtime: LocalRuntime;

async function get(path: string, token: string | null = runtime.token): Promise<Response> {
  return fetch(`${runtime.url}${path}`, { redirect: 'manual', headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

/** Read in the page: what the dashboard keeps in session storage (a string, so no DOM types are needed here). */
const TOKEN_IN_SESSION = "sessionStorage.getItem('upkeep.token')";

/** One attribute of every element a selector finds, in document order. */
async function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  const found = page.locator(selector);
  return Promise.all(Array.from({ length: await found.count() }, (_, i) => found.nth(i).getAttribute(name)));
}

async function workflowOf(component: string): Promise<WorkflowRecord> {
  const { items } = await runtime.deps.workflows.listByComponent(component, { limit: 10 });
  const wf = items[0];
  if (wf === undefined) throw new Error(`no workflow for ${component}`);
  return wf;
}

describe('Dashboard (web/) in local mode, during the demo', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'upkeep-dashboard-'));
    const { configPath, timeScale } = await prepareDemo({ dataDir, print: () => undefined });
    runtime = await startLocalRuntime({ configPath, dataDir, port: 0, timeScale, schedule: false });
    await publishDemoReleases(dataDir);
    await runtime.detect();
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await runtime?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  describe('Static files at /', () => {
    it('serves index.html at / and each file with its content type', async () => {
      // Act
      const index = await get('/', null);
      const script = await get('/app.js', null);
      const styles = await get('/styles.css', null);

      // Assess
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await index.text()).toContain('<script type="module" src="/app.js">');
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    });

    it('serves nothing outside web/, no dot-files and no unknown kinds', async () => {
      // Act
      const attempts = ['/../package.json', '/%2e%2e/package.json', '/views/%2e%2e/%2e%2e/package.json', '/..%2fpackage.json', '/.env', '/%00.js', '/views/', '/nope.js', '/README'];
      const answers = await Promise.all(attempts.map(async (path) => [path, (await get(path, null)).status] as const));

      // Assess
      expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(attempts.map((p) => [p, 404])));
    });

    it('redirects the outcome e-mails\' /workflows/<id> links to that workflow\'s page', async () => {
      // Act
      const answer = await get('/workflows/abc-123', null);

      // Assess
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe('/#/workflows/abc-123');
    });

    it('answers GET /api/self-update/workflow-definition with the ASL document, for viewers only', async () => {
      // Act
      const answer = await get('/api/self-update/workflow-definition');
      const anonymous = await get('/api/self-update/workflow-definition', null);

      // Assess
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual(JSON.parse(readFileSync('statemachines/update-workflow.asl.json', 'utf8')));
      expect(anonymous.status).toBe(401);
    });
  });

  describe.skipIf(CHROMIUM_MISSING)('In headless Chromium', () => {
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('asks for a token without one, and refuses a wrong one', async () => {
      // Prepare
      const stranger = await browser.newPage({ viewport: { width: 900, height: 700 } });
      try {
        await stranger.goto(`${runtime.url}/`);
        await stranger.waitForSelector('dialog#login[open]');

        // Act
        await stranger.fill('#token-input', 'not-the-token');
        await stranger.click('#login-form button[type=submit]');
        await stranger.waitForSelector('#login-error:not([hidden])');
        await stranger.screenshot({ path: join(ARTIFACTS, 'dashboard-login.png') });

        // Assess
        expect(await stranger.textContent('#login-error')).toContain('not accepted');
        expect(await stranger.evaluate(TOKEN_IN_SESSION)).toBeNull();
      } finally {
        await stranger.close();
      }
    });

    it('signs in from the #token= link `upkeep start` prints and shows the three demo workflows reach their outcomes', async () => {
      // Act
      await page.goto(`${runtime.url}/#token=${runtime.token}`);
      for (const [component, stage] of Object.entries(OUTCOMES)) {
        await page.waitForSelector(`table.workflows tr[data-component="${component}"][data-stage="${stage}"]`, { timeout: 100_000 });
      }
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-workflows.png'), fullPage: true });

      // Assess: the token left the address bar for the tab's session storage.
      expect(new URL(page.url()).hash).toBe('#/workflows');
      expect(await page.evaluate(TOKEN_IN_SESSION)).toBe(runtime.token);
      const [components, stages] = [await attributes(page, 'table.workflows tbody tr', 'data-component'), await attributes(page, 'table.workflows tbody tr', 'data-stage')];
      expect(Object.fromEntries(components.map((c, i) => [c, stages[i]]))).toEqual(OUTCOMES);
      expect(await page.textContent('tr[data-component="search"]')).toContain('rolled back: alarm search-errors');
      expect(await page.textContent('#approval-count')).toBe('1');
    });

    it('filters the list by stage', async () => {
      // Act
      await page.selectOption('#filter-stage', 'ROLLED_BACK');
      // Polled from here: the dashboard's CSP (rightly) refuses waitForFunction's string evaluation.
      await expect.poll(() => page.locator('table.workflows tbody tr').count(), { timeout: 10_000 }).toBe(1);

      // Assess
      expect(new URL(page.url()).hash).toBe('#/workflows?stage=ROLLED_BACK');
      expect(await attributes(page, 'table.workflows tbody tr', 'data-component')).toEqual(['search']);
    });

    it('shows the rolled-back workflow: stage timeline, graph coloured from the execution, policy trace, simulation, rollout and audit trail', async () => {
      // Prepare
      const search = await workflowOf('search');

      // Act
      await page.click('tr[data-component="search"] a');
      await page.waitForSelector('svg.graph .node[data-state="Rolled back"]');
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-detail.png'), fullPage: true });
      await page.click('.col-side button.expand');
      // The whole graph, from the full page (an element shot would sit under the sticky header).
      await page.evaluate('window.scrollTo(0, 0)');
      const box = await page.locator('.col-side .card').boundingBox();
      if (box === null) throw new Error('the graph card is not shown');
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-graph.png'), fullPage: true, clip: box });
      const status = (state: string): Promise<string | null> => page.getAttribute(`svg.graph .node[data-state="${state}"]`, 'data-status');

      // Assess
      expect(new URL(page.url()).hash).toBe(`#/workflows/${search.id}`);
      expect(await attributes(page, 'ol.timeline li', 'data-stage')).toEqual(search.history.map((h) => h.stage));
      expect(await status('Record detection')).toBe('succeeded');
      expect(await status('Check rollout')).toBe('succeeded');
      expect(await status('Rolled back')).toBe('failed');
      expect(await status('Request approval')).toBe('none');
      expect(await status('Updated')).toBe('none');
      expect(await page.textContent('table.trace')).toContain('auto_approve_patches');
      expect(await page.textContent('table.suites')).toContain('unit');
      expect(await page.textContent('.slot-simulation')).toContain('Benchmark: answer-size');
      expect(await page.textContent('.slot-rollout')).toContain('search-errors');
      expect(await attributes(page, 'table.events tbody tr', 'data-type')).toContain('ROLLED_BACK');
    });

    it('approves the pending workflow from the Approvals page, and the list shows it reach SUCCEEDED', async () => {
      // Prepare
      const payments = await workflowOf('payments');
      await page.goto(`${runtime.url}/#/approvals`);
      const card = `article.approval-card[data-component="payments"]`;
      await page.waitForSelector(card);
      await page.fill(`${card} textarea`, 'Migration checked in the browser');
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-approvals.png'), fullPage: true });

      // Act
      await page.click(`${card} button.approve`);
      await page.waitForSelector(card, { state: 'detached' });
      await page.goto(`${runtime.url}/#/workflows`);
      await page.waitForSelector('table.workflows tr[data-component="payments"][data-stage="SUCCEEDED"]', { timeout: 100_000 });

      // Assess
      const done = await runtime.deps.workflows.get(payments.id);
      expect(done.stage).toBe('SUCCEEDED');
      expect(done.approvals).toMatchObject([{ approver: DEMO_APPROVER, decision: 'APPROVED', via: 'api', reason: 'Migration checked in the browser' }]);
      expect(await page.isHidden('#approval-count')).toBe(true);
    });

    it('shows statistics with charts of outcomes, decisions, rollouts and durations', async () => {
      // Act
      await page.goto(`${runtime.url}/#/statistics`);
      await page.waitForSelector('.stats svg.chart');
      await page.locator('.tiles', { hasText: '2 of 3 finished' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-stats.png'), fullPage: true });

      // Assess
      const tiles = await page.textContent('.tiles');
      expect(tiles).toContain('67%');
      expect(await page.locator('.stats svg.chart').count()).toBe(2);
      expect(await page.textContent('.share-bars')).toContain('approved by a person');
      expect(await page.locator('.stats svg.chart circle.dot').count()).toBe(3);
    });

    it('shows components with the quarantined search release, and lets the admin release it', async () => {
      // Prepare
      page.once('dialog', (dialog) => void dialog.accept());
      await page.goto(`${runtime.url}/#/components`);
      const chip = 'tr[data-component="search"] .chip';
      await page.waitForSelector(chip);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-components.png'), fullPage: true });
      const before = await page.textContent(chip);

      // Act
      await page.click(`${chip} button`);
      await page.waitForSelector(chip, { state: 'detached' });

      // Assess
      expect(before).toContain('2.1.1');
      expect((await runtime.deps.components.get('search')).quarantined).toEqual([]);
      expect(await page.textContent('tr[data-component="catalog"]')).toContain('1.0.1');
    });
  });
});
