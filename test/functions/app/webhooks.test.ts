import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { receiveWebhook, type WebhookRequest } from '../../../functions/app/webhooks.js';
import { NotFoundError, UnauthorizedError, UpkeepError, ValidationError } from '../../../functions/core/errors.js';
import { FakeSecrets, StaticConfigProvider, fakeAppDeps, seedComponents, testComponent, testConfig } from '../../support/fakes/index.js';
import type { FakeAppDeps } from '../../support/fakes/index.js';

const SECRETS = { 'gh-hook': 'gh-shared-secret', 'npm-hook': 'npm-shared-secret', 'registry-token': 'reg-token-1', 'hub-token': 'hub-token-1' };
const WEBHOOKS = { github: { secret: 'gh-hook' }, npm: { secret: 'npm-hook' }, distribution: { tokenSecret: 'registry-token' }, dockerhub: { tokenSecret: 'hub-token' } };

/** One component per kind of source a webhook can point at, each with a newer release published. */
const COMPONENTS = [
  testComponent(),
  testComponent({ name: 'web', current: '2.0.0', source: { type: 'github-release', repository: 'acme/web' } }),
  testComponent({ name: 'worker', current: '1.0.0', source: { type: 'git', url: 'https://github.com/acme/worker.git' } }),
  testComponent({ name: 'app', current: '1.0.0', source: { type: 'oci', image: 'registry.example.test:5000/acme/app' } }),
  testComponent({ name: 'hub', current: '1.0.0', source: { type: 'oci', image: 'acme/hub' } }),
];

async function watching(options: { webhooks?: object; secrets?: Record<string, string> | null } = {}): Promise<FakeAppDeps> {
  const deps = fakeAppDeps({
    config: new StaticConfigProvider(testConfig({ components: COMPONENTS, ...('webhooks' in options ? options.webhooks : { webhooks: WEBHOOKS }) })),
    ...(options.secrets === null ? {} : { secrets: new FakeSecrets(options.secrets ?? SECRETS) }),
  });
  await seedComponents(deps);
  deps.source.publish('api', [{ version: '1.4.0' }, { version: '1.5.0' }]);
  deps.source.publish('acme/web', [{ version: '2.0.0' }, { version: '2.1.0' }]);
  deps.source.publish('https://github.com/acme/worker.git', [{ version: '1.0.0' }, { version: '1.1.0' }]);
  deps.source.publish('registry.example.test:5000/acme/app', [{ version: '1.0.0' }, { version: '1.0.1' }]);
  deps.source.publish('acme/hub', [{ version: '1.0.0' }, { version: '1.2.0' }]);
  return deps;
}

const hmac = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function github(event: string, payload: unknown, options: { secret?: string; body?: string } = {}): WebhookRequest {
  const rawBody = options.body ?? JSON.stringify(payload);
  return { provider: 'github', headers: { 'x-github-event': event, 'content-type': 'application/json', 'x-hub-signature-256': hmac(options.secret ?? SECRETS['gh-hook'], rawBody) }, rawBody, query: {} };
}

const RELEASE = { action: 'published', release: { tag_name: 'v2.1.0' }, repository: { full_name: 'acme/web' } };

/** Nothing read from a source, no workflow, no execution: the delivery changed nothing. */
function expectNothingDone(deps: FakeAppDeps): void {
  expect(deps.source.calls).toEqual([]);
  expect(deps.workflows.all()).toEqual([]);
  expect(deps.engine.executions()).toEqual([]);
}

describe('Function: receiveWebhook', () => {
  describe('GitHub', () => {
    it('runs detection for the released repository only and starts its workflow', async () => {
      // Prepare
      const deps = await watching();

      // Act
      const outcome = await receiveWebhook(deps, github('release', RELEASE));

      // Assess
      expect(outcome).toMatchObject({ matched: ['web'], event: 'acme/web v2.1.0', results: [{ component: 'web', availableVersion: '2.1.0', started: true }] });
      expect(deps.source.calls.map((s) => s.type)).toEqual(['github-release']);
      expect(deps.workflows.all().map((w) => [w.component, w.version])).toEqual([['web', '2.1.0']]);
      expect(deps.engine.executions()).toHaveLength(1);
    });

    it('matches a git source by the repository at the end of its URL, for a created tag and a pushed one', async () => {
      const deps = await watching();

      const created = await receiveWebhook(deps, github('create', { ref: 'v1.1.0', ref_type: 'tag', repository: { full_name: 'Acme/Worker' } }));
      const pushed = await receiveWebhook(deps, github('push', { ref: 'refs/tags/v1.1.0', deleted: false, repository: { full_name: 'acme/worker' } }));

      expect(created).toMatchObject({ matched: ['worker'], results: [{ component: 'worker', availableVersion: '1.1.0', started: true }] });
      // The second delivery of the same tag finds the workflow already there.
      expect(pushed).toMatchObject({ matched: ['worker'], results: [{ component: 'worker', started: false }] });
      expect(deps.workflows.all()).toHaveLength(1);
    });

    it('reads a form-encoded delivery, signed over the form body', async () => {
      const deps = await watching();
      const body = new URLSearchParams({ payload: JSON.stringify(RELEASE) }).toString();
      const request = github('release', undefined, { body });

      const outcome = await receiveWebhook(deps, { ...request, headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded' } });

      expect(outcome.matched).toEqual(['web']);
    });

    it('refuses a signature made with another secret, and detects nothing', async () => {
      const deps = await watching();

      await expect(receiveWebhook(deps, github('release', RELEASE, { secret: 'guessed' }))).rejects.toThrow(UnauthorizedError);
      expectNothingDone(deps);
    });

    it('refuses a body changed after signing', async () => {
      const deps = await watching();
      const signed = github('release', RELEASE);

      const tampered = { ...signed, rawBody: signed.rawBody.replace('acme/web', 'acme/worker') };

      await expect(receiveWebhook(deps, tampered)).rejects.toThrow(/X-Hub-Signature-256 does not match the body/);
      expectNothingDone(deps);
    });

    it('refuses a missing or malformed signature header', async () => {
      const deps = await watching();
      const signed = github('release', RELEASE);

      await expect(receiveWebhook(deps, { ...signed, headers: { 'x-github-event': 'release' } })).rejects.toThrow('X-Hub-Signature-256 is missing');
      await expect(receiveWebhook(deps, { ...signed, headers: { ...signed.headers, 'x-hub-signature-256': 'sha1=abc' } })).rejects.toThrow('must be "sha256=" and 64 hex digits');
      expectNothingDone(deps);
    });

    it('ignores a ping, a branch, a tag deletion, a draft and other events', async () => {
      const deps = await watching();
      const repository = { full_name: 'acme/web' };

      const outcomes = [
        await receiveWebhook(deps, github('ping', { zen: 'Keep it logically awesome.', hook_id: 1 })),
        await receiveWebhook(deps, github('create', { ref: 'feature', ref_type: 'branch', repository })),
        await receiveWebhook(deps, github('push', { ref: 'refs/heads/main', repository })),
        await receiveWebhook(deps, github('push', { ref: 'refs/tags/v2.1.0', deleted: true, repository })),
        await receiveWebhook(deps, github('release', { ...RELEASE, action: 'created' })),
        await receiveWebhook(deps, github('issues', { action: 'opened', repository })),
      ];

      expect(outcomes).toEqual([
        { matched: [], ignored: 'ping: the webhook is set up' },
        { matched: [], ignored: 'create of a branch, not a tag' },
        { matched: [], ignored: 'push to refs/heads/main, not a tag' },
        { matched: [], ignored: 'push deleting refs/tags/v2.1.0' },
        { matched: [], ignored: 'release created announces no new version' },
        { matched: [], ignored: 'GitHub event issues is not one Upkeep acts on (release, create, push)' },
      ]);
      expectNothingDone(deps);
    });

    it('ignores a release of a repository nothing watches', async () => {
      const deps = await watching();

      const outcome = await receiveWebhook(deps, github('release', { ...RELEASE, repository: { full_name: 'acme/other' } }));

      expect(outcome).toEqual({ matched: [], ignored: 'no watched component comes from acme/other v2.1.0' });
      expectNothingDone(deps);
    });

    it('answers malformed JSON with the parser\'s reason, and a payload without its repository as malformed', async () => {
      const deps = await watching();

      const malformed = receiveWebhook(deps, github('release', undefined, { body: '{"action": "published",' }));
      const incomplete = receiveWebhook(deps, github('release', { action: 'published', release: { tag_name: 'v1' } }));
      const notObject = receiveWebhook(deps, github('release', ['x']));
      const noEvent = github('release', RELEASE);

      await expect(malformed).rejects.toThrow(/^webhook body must be JSON: /);
      await expect(malformed).rejects.toBeInstanceOf(ValidationError);
      await expect(incomplete).rejects.toMatchObject({ name: 'ValidationError', message: 'release payload has no repository.full_name' });
      await expect(notObject).rejects.toThrow('webhook body must be a JSON object');
      await expect(receiveWebhook(deps, { ...noEvent, headers: { ...noEvent.headers, 'x-github-event': '' } })).rejects.toThrow(/X-GitHub-Event header is missing/);
      expectNothingDone(deps);
    });
  });

  describe('npm', () => {
    const publish = { event: 'package:publish', name: 'api', type: 'package', version: '1.0.0', change: { version: '1.5.0' }, time: 1_700_000_000_000 };
    const npm = (payload: unknown, secret = SECRETS['npm-hook']): WebhookRequest => {
      const rawBody = JSON.stringify(payload);
      return { provider: 'npm', headers: { 'x-npm-signature': hmac(secret, rawBody) }, rawBody, query: {} };
    };

    it('runs detection for the published package', async () => {
      const deps = await watching();

      const outcome = await receiveWebhook(deps, npm(publish));

      expect(outcome).toMatchObject({ matched: ['api'], event: 'npm api 1.5.0', results: [{ component: 'api', availableVersion: '1.5.0', started: true }] });
      expect(deps.source.calls.map((s) => s.type)).toEqual(['npm']);
    });

    it('ignores a star and refuses a wrong signature', async () => {
      const deps = await watching();

      expect(await receiveWebhook(deps, npm({ ...publish, event: 'package:star' }))).toEqual({ matched: [], ignored: 'npm event package:star changes no version' });
      await expect(receiveWebhook(deps, npm(publish, 'npm-other'))).rejects.toThrow(/x-npm-signature does not match/);
      expectNothingDone(deps);
    });
  });

  describe('distribution registry', () => {
    const push = (tag: string | undefined, host = 'registry.example.test:5000'): object => ({
      action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'acme/app', digest: 'sha256:ab', ...(tag ? { tag } : {}) }, request: { host },
    });
    const notify = (events: unknown[], authorization = `Bearer ${SECRETS['registry-token']}`): WebhookRequest => ({
      provider: 'distribution', headers: { authorization, 'content-type': 'application/vnd.docker.distribution.events.v2+json' }, rawBody: JSON.stringify({ events }), query: {},
    });

    it('runs detection for the image whose host and path a tag push names', async () => {
      const deps = await watching();

      const outcome = await receiveWebhook(deps, notify([push(undefined), push('1.0.1'), push('1.0.1', 'other.example.test')]));

      expect(outcome).toMatchObject({ matched: ['app'], event: 'registry.example.test:5000/acme/app:1.0.1, other.example.test/acme/app:1.0.1', results: [{ component: 'app', started: true }] });
    });

    it('ignores blob pushes and pulls, and refuses a wrong bearer token or none', async () => {
      const deps = await watching();

      expect(await receiveWebhook(deps, notify([push(undefined), { ...push('1.0.1'), action: 'pull' }]))).toEqual({ matched: [], ignored: 'none of the 2 event(s) is a tag push' });
      await expect(receiveWebhook(deps, notify([push('1.0.1')], 'Bearer reg-token-2'))).rejects.toThrow('the Authorization bearer token is not the configured token');
      await expect(receiveWebhook(deps, notify([push('1.0.1')], 'Basic cmVnOnRva2Vu'))).rejects.toThrow('the Authorization bearer token is missing');
      await expect(receiveWebhook(deps, { ...notify([]), rawBody: '{}' })).rejects.toThrow('registry notification has no events list');
      expectNothingDone(deps);
    });
  });

  describe('Docker Hub', () => {
    const hub = (token: string | undefined, repoName = 'acme/hub'): WebhookRequest => ({
      provider: 'dockerhub', headers: {}, query: token === undefined ? {} : { token }, rawBody: JSON.stringify({ push_data: { tag: '1.2.0', pusher: 'acme' }, repository: { repo_name: repoName } }),
    });

    it('runs detection for the pushed repository when the URL carries the token', async () => {
      const deps = await watching();

      const outcome = await receiveWebhook(deps, hub(SECRETS['hub-token']));

      expect(outcome).toMatchObject({ matched: ['hub'], event: 'registry-1.docker.io/acme/hub:1.2.0', results: [{ component: 'hub', availableVersion: '1.2.0' }] });
    });

    it('refuses a missing or wrong token, whatever its length', async () => {
      const deps = await watching();

      await expect(receiveWebhook(deps, hub(undefined))).rejects.toThrow('the token query parameter is missing');
      await expect(receiveWebhook(deps, hub('hub-token-2'))).rejects.toThrow(UnauthorizedError);
      await expect(receiveWebhook(deps, hub('h'))).rejects.toThrow(UnauthorizedError);
      expectNothingDone(deps);
    });

    it('reads an official image as library/<name>', async () => {
      const deps = await watching();

      expect(await receiveWebhook(deps, hub(SECRETS['hub-token'], 'nginx'))).toEqual({ matched: [], ignored: 'no watched component comes from registry-1.docker.io/nginx:1.2.0' });
    });
  });

  describe('configuration', () => {
    it('answers an unknown provider as not found', async () => {
      const deps = await watching();

      await expect(receiveWebhook(deps, { ...github('release', RELEASE), provider: 'gitlab' })).rejects.toThrow(NotFoundError);
      expectNothingDone(deps);
    });

    it('refuses a provider upkeep.yaml does not configure, saying what to add', async () => {
      const deps = await watching({ webhooks: { webhooks: { npm: { secret: 'npm-hook' } } } });

      await expect(receiveWebhook(deps, github('release', RELEASE))).rejects.toThrow(new UnauthorizedError('github webhooks are not accepted: upkeep.yaml has no webhooks.github naming the secret that verifies them'));
      expectNothingDone(deps);
    });

    it('fails as a server error, not the caller\'s, when the secret is missing, empty or there is no Secrets port', async () => {
      const missing = await watching({ secrets: {} });
      const empty = await watching({ secrets: { 'gh-hook': '' } });
      const noPort = await watching({ secrets: null });

      for (const [deps, message] of [[missing, /secret "gh-hook" could not be read: secret gh-hook does not exist/], [empty, /secret "gh-hook" is empty/], [noPort, /no Secrets port/]] as const) {
        const failure = receiveWebhook(deps, github('release', RELEASE));
        await expect(failure).rejects.toThrow(message);
        await expect(failure).rejects.toSatisfy((e: unknown) => e instanceof UpkeepError && e.name === 'UpkeepError');
        expectNothingDone(deps);
      }
    });
  });
});
