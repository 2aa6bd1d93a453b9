import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { UpkeepApiError, UpkeepClient, UpkeepConnectionError } from '../../../cli/client/upkeep-client.js';
import { startFakeServer, type FakeHttpServer } from '../../support/fake-http-server.js';

const API = '/api/self-update';
const TOKEN = 'test-token-0123456789';

/** An answer the fake API gives: status and JSON (or raw text) body. */
interface Scripted { readonly status?: number; readonly json?: unknown; readonly text?: string; readonly delayMs?: number }

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fake Upkeep API answering from `script` by `METHOD path?query` (or by `METHOD path`), 200 `{}` otherwise. */
async function api(script: Record<string, Scripted | Scripted[]> = {}): Promise<{ client: UpkeepClient; server: FakeHttpServer }> {
  const queues = new Map(Object.entries(script).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  server = await startFakeServer(async (req, res: ServerResponse) => {
    const key = `${req.method} ${req.url}`;
    const queue = queues.get(key) ?? queues.get(`${req.method} ${req.url?.split('?')[0]}`);
    const answer = (queue && queue.length > 1 ? queue.shift() : queue?.[0]) ?? { json: {} };
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    res.writeHead(answer.status ?? 200, { 'content-type': answer.text === undefined ? 'application/json' : 'text/plain' });
    res.end(answer.text ?? JSON.stringify(answer.json ?? {}));
  });
  return { client: new UpkeepClient({ baseUrl: `${server.url}/`, token: TOKEN }), server };
}

const summary = (id: string) => ({ id, component: 'api', version: '1.5.0', fromVersion: '1.4.0', stage: 'AWAITING_APPROVAL' });

describe('Class: UpkeepClient', () => {
  describe('Method: each operation', () => {
    it('sends the seed operations to their routes with the bearer token and JSON bodies', async () => {
      // Prepare
      const { client, server: s } = await api({
        [`POST ${API}/register-component`]: { json: { component: { name: 'api', current: '1.5.0' }, changed: true } },
        [`POST ${API}/check-updates?dryRun=true`]: { json: { results: [{ component: 'api', updateAvailable: true }] } },
        [`POST ${API}/process-update`]: { status: 201, json: { created: true, started: true, workflow: summary('w1') } },
        [`POST ${API}/approve/w%2F1`]: { json: { workflowId: 'w/1', effect: 'decided', outcome: 'APPROVED' } },
        [`GET ${API}/workflows/w1`]: { json: { id: 'w1', events: [] } },
        [`GET ${API}/status`]: { json: { running: true, statistics: { workflows: { active: 2 } } } },
        [`GET ${API}/policies`]: { json: { items: [{ name: 'p', rev: 3 }] } },
        [`GET ${API}/components`]: { json: { items: [{ name: 'api' }] } },
        [`POST ${API}/components/api/release/1.4.2`]: { json: { component: { name: 'api', quarantined: [] } } },
        [`POST ${API}/import-state`]: { status: 201, json: { imported: { components: 1, versions: 0, policies: 0, workflows: 0, events: 0 } } },
      });

      // Act
      const registered = await client.registerComponentVersion('api', '1.5.0', { reason: 'manual deploy' });
      const checked = await client.checkAndProcessUpdates({ dryRun: true });
      const processed = await client.processUpdate('api', '1.5.0', { changelog: 'fixes' });
      const approved = await client.approveWorkflow('w/1', { reason: 'ok' });
      await client.rejectWorkflow('w2');
      const detail = await client.getWorkflowStatus('w1');
      const stats = await client.getStatistics();
      const policies = await client.listPolicies();
      await client.addPolicy({ name: 'p', priority: 5, actions: { decision: 'REJECT' } });
      await client.updatePolicy('p', { priority: 6, actions: { decision: 'REJECT' } }, 3);
      await client.setPolicyEnabled('p', false);
      const components = await client.getComponents();
      const released = await client.releaseQuarantined('api', '1.4.2');
      await client.exportState();
      const imported = await client.importState({ format: 'upkeep-state/1' });
      await client.start();
      await client.stop();
      await client.cancelWorkflow('w3', 'superseded');

      // Assess
      expect(registered.changed).toBe(true);
      expect(checked).toEqual([{ component: 'api', updateAvailable: true }]);
      expect(processed.workflow.id).toBe('w1');
      expect(approved.outcome).toBe('APPROVED');
      expect(detail.id).toBe('w1');
      expect(stats.workflows.active).toBe(2);
      expect(policies).toEqual([{ name: 'p', rev: 3 }]);
      expect(components).toEqual([{ name: 'api' }]);
      expect(released.quarantined).toEqual([]);
      expect(imported.components).toBe(1);
      expect(s.requests.map((r) => [r.method, r.url, r.body === '' ? undefined : (JSON.parse(r.body) as unknown)])).toEqual([
        ['POST', `${API}/register-component`, { component: 'api', version: '1.5.0', reason: 'manual deploy' }],
        ['POST', `${API}/check-updates?dryRun=true`, undefined],
        ['POST', `${API}/process-update`, { component: 'api', version: '1.5.0', changelog: 'fixes' }],
        ['POST', `${API}/approve/w%2F1`, { decision: 'approve', reason: 'ok' }],
        ['POST', `${API}/approve/w2`, { decision: 'reject' }],
        ['GET', `${API}/workflows/w1`, undefined],
        ['GET', `${API}/status`, undefined],
        ['GET', `${API}/policies`, undefined],
        ['PUT', `${API}/policies/p`, { name: 'p', priority: 5, actions: { decision: 'REJECT' } }],
        ['PUT', `${API}/policies/p`, { priority: 6, actions: { decision: 'REJECT' } }],
        ['POST', `${API}/policies/p/disable`, {}],
        ['GET', `${API}/components`, undefined],
        ['POST', `${API}/components/api/release/1.4.2`, undefined],
        ['GET', `${API}/export-state`, undefined],
        ['POST', `${API}/import-state`, { format: 'upkeep-state/1' }],
        ['POST', `${API}/start`, undefined],
        ['POST', `${API}/stop`, undefined],
        ['POST', `${API}/workflows/w3/cancel`, { reason: 'superseded' }],
      ]);
      expect(s.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      expect(s.requests.find((r) => r.method === 'PUT' && r.body.includes('"priority":6'))?.headers['if-match']).toBe('"3"');
      expect(s.requests.filter((r) => r.body !== '').every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    });

    it('checks and processes updates for real without dryRun', async () => {
      // Prepare
      const { client, server: s } = await api({ [`POST ${API}/check-updates`]: { json: { results: [] } } });

      // Act
      await client.checkAndProcessUpdates();

      // Assess
      expect(s.requests[0]?.url).toBe(`${API}/check-updates`);
    });
  });

  describe('Method: listWorkflows', () => {
    it('walks the pages lazily with the filters, stopping when the loop stops', async () => {
      // Prepare
      const { client, server: s } = await api({
        [`GET ${API}/workflows?stage=ROLLED_BACK&limit=2`]: { json: { items: [summary('a'), summary('b')], cursor: 'c1' } },
        [`GET ${API}/workflows?stage=ROLLED_BACK&limit=2&cursor=c1`]: { json: { items: [summary('c')], cursor: 'c2' } },
        [`GET ${API}/workflows?stage=ROLLED_BACK&limit=2&cursor=c2`]: { json: { items: [summary('d')], cursor: null } },
      });

      // Act
      const all: string[] = [];
      for await (const wf of client.listWorkflows({ stage: 'ROLLED_BACK', limit: 2 })) all.push(wf.id);
      const firstTwo: string[] = [];
      for await (const wf of client.listWorkflows({ stage: 'ROLLED_BACK', limit: 2 })) {
        firstTwo.push(wf.id);
        if (firstTwo.length === 2) break;
      }

      // Assess
      expect(all).toEqual(['a', 'b', 'c', 'd']);
      expect(firstTwo).toEqual(['a', 'b']);
      expect(s.requests).toHaveLength(4);
    });

    it('gathers every page of pending approvals', async () => {
      // Prepare
      const { client } = await api({
        [`GET ${API}/pending-approvals?component=api&limit=100`]: { json: { items: [summary('a')], cursor: 'n' } },
        [`GET ${API}/pending-approvals?component=api&limit=100&cursor=n`]: { json: { items: [summary('b')], cursor: null } },
      });

      // Act
      const pending = await client.getPendingApprovals({ component: 'api' });

      // Assess
      expect(pending.map((w) => w.id)).toEqual(['a', 'b']);
    });
  });

  describe('Method: errors', () => {
    it('throws UpkeepApiError with the status, error name, message and problems of an API error', async () => {
      // Prepare
      const problems = [{ path: 'priority', value: '5000', message: 'must be at most 1000' }];
      const { client } = await api({ [`PUT ${API}/policies/p`]: { status: 400, json: { error: 'ValidationError', message: 'bad policy', problems } } });

      // Act
      const error = await client.addPolicy({ name: 'p', priority: 5000, actions: { decision: 'REJECT' } }).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(UpkeepApiError);
      expect(error).toMatchObject({ name: 'UpkeepApiError', status: 400, error: 'ValidationError', message: 'bad policy', problems, request: `PUT ${API}/policies/p`, callerFault: true });
    });

    it.each([
      ['API Gateway\'s JWT authorizer', 401, { json: { message: 'Unauthorized' } }, 'UnauthorizedError', 'Unauthorized', true],
      ['API Gateway\'s IAM authorization', 403, { json: { Message: 'User: arn:aws:iam::1:user/x is not authorized' } }, 'ForbiddenError', 'User: arn:aws:iam::1:user/x is not authorized', true],
      ['a proxy\'s text page', 502, { text: 'Bad Gateway from nginx' }, 'BadGateway', 'Bad Gateway from nginx', false],
      ['an empty 503', 503, { text: '' }, 'ServiceUnavailable', '503 Service Unavailable', false],
      ['an unusual status', 418, { json: ['not', 'an', 'object'] }, 'HTTP 418', '["not","an","object"]', true],
    ])('names the error of %s by its status', async (_what, status, body, error, message, callerFault) => {
      // Prepare
      const { client } = await api({ [`GET ${API}/status`]: { status, ...body } });

      // Act
      const thrown = await client.getStatus().catch((e: unknown) => e);

      // Assess
      expect(thrown).toMatchObject({ status, error, message, problems: [], callerFault });
    });

    it('fails with a BadResponse UpkeepApiError when a success is not JSON', async () => {
      // Prepare
      const { client } = await api({ [`GET ${API}/status`]: { text: '<html>login</html>' } });

      // Act
      const thrown = await client.getStatus().catch((e: unknown) => e);

      // Assess
      expect(thrown).toMatchObject({ status: 200, error: 'BadResponse', callerFault: false });
    });

    it('throws UpkeepConnectionError when nothing listens, naming the URL', async () => {
      // Prepare
      const { client, server: s } = await api();
      await s.close();

      // Act
      const thrown = await client.getStatus().catch((e: unknown) => e);

      // Assess
      expect(thrown).toBeInstanceOf(UpkeepConnectionError);
      expect((thrown as UpkeepConnectionError).message).toMatch(new RegExp(`cannot reach the Upkeep API at ${s.url} \\(GET ${API}/status\\)`));
    });

    it('throws UpkeepConnectionError when the answer takes longer than timeoutMs', async () => {
      // Prepare
      const { server: s } = await api({ [`GET ${API}/status`]: { delayMs: 500, json: {} } });
      const client = new UpkeepClient({ baseUrl: s.url, token: TOKEN, timeoutMs: 50 });

      // Act
      const thrown = await client.getStatus().catch((e: unknown) => e);

      // Assess
      expect(thrown).toBeInstanceOf(UpkeepConnectionError);
      expect((thrown as Error).message).toMatch(/no answer within 50 ms/);
    });
  });

  describe('Method: constructor', () => {
    it('uses a custom fetch (a SigV4-signing one for IAM) and sends no bearer token without one', async () => {
      // Prepare
      const { server: s } = await api({ [`GET ${API}/status`]: { json: { statistics: {} } } });
      const signed: string[] = [];
      const signing: typeof fetch = (input, init) => {
        signed.push(input instanceof Request ? input.url : input.toString());
        return fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: 'AWS4-HMAC-SHA256 Credential=test' } });
      };
      const client = new UpkeepClient({ baseUrl: s.url, fetch: signing });

      // Act
      await client.getStatus();

      // Assess
      expect(signed).toEqual([`${s.url}${API}/status`]);
      expect(s.requests[0]?.headers.authorization).toBe('AWS4-HMAC-SHA256 Credential=test');
    });

    it('keeps a base path and drops trailing slashes', () => {
      expect(new UpkeepClient({ baseUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod///' }).baseUrl).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod');
    });

    it('refuses a base URL that is not absolute http(s)', () => {
      expect(() => new UpkeepClient({ baseUrl: '127.0.0.1:8787' })).toThrow(/baseUrl must be/);
      expect(() => new UpkeepClient({ baseUrl: 'ftp://example.com' })).toThrow(/must be http or https/);
    });
  });
});
