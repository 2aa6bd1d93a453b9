import { InvokeCommand, LambdaClient, TooManyRequestsException, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaVersionSources } from '../../../../functions/adapters/aws/lambda-version-sources.js';
import { answerListingBatch, type ListingBatchRequest } from '../../../../functions/adapters/aws/listing-batches.js';
import type { NpmSource } from '../../../../functions/core/config/source-schema.js';
import { NotFoundError, TransientError, UpkeepError } from '../../../../functions/core/errors.js';
import { FakeVersionSource } from '../../../support/fakes/index.js';

const client = new LambdaClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const lambda = mockClient(client);
const FUNCTIONS = { npm: 'upkeep-list-versions-npm', git: 'upkeep-list-versions-git' };
const npm = (name: string): NpmSource => ({ type: 'npm', package: name, registry: 'https://registry.example.test' });

let registry: FakeVersionSource;
let budgetBytes: number | undefined;
/** Holds each invocation until released, when set. */
let gate: Promise<void> | undefined;

const requestOf = (input: InvokeCommandInput): ListingBatchRequest & { function: string } =>
  ({ ...(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as ListingBatchRequest), function: input.FunctionName as string });
const invocations = (): (ListingBatchRequest & { function: string })[] => lambda.commandCalls(InvokeCommand).map((c) => requestOf(c.args[0].input));

describe('Class: LambdaVersionSources', () => {
  beforeEach(() => {
    lambda.reset();
    registry = new FakeVersionSource();
    budgetBytes = undefined;
    gate = undefined;
    // The list-versions function, as deployed: it answers with the registry behind it.
    lambda.on(InvokeCommand).callsFake(async (input: InvokeCommandInput) => {
      await gate;
      const answer = await answerListingBatch((type) => registry.ofType(type), requestOf(input), { componentTimeoutMs: 1_000, ...(budgetBytes === undefined ? {} : { budgetBytes }) });
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) };
    });
  });

  const sources = (): LambdaVersionSources => new LambdaVersionSources({ functions: FUNCTIONS, client });

  describe('Method: source', () => {
    it('lists through its type\'s function, the calls made together in one invocation', async () => {
      // Prepare
      registry.publish('api', [{ version: '1.5.0', checksum: 'sha256:aa' }], { channels: { latest: '1.5.0' } });
      registry.publish('web', [{ version: '2.0.0' }]);
      const npmSource = sources().source('npm');

      // Act
      const [api, web] = await Promise.all([npmSource.list(npm('api')), npmSource.list(npm('web'))]);

      // Assess
      expect(api).toEqual({ releases: [{ version: '1.5.0', checksum: 'sha256:aa' }], fromCache: false, channels: { latest: '1.5.0' } });
      expect(web?.releases).toEqual([{ version: '2.0.0' }]);
      expect(npmSource.type).toBe('npm');
      expect(invocations()).toEqual([{ function: FUNCTIONS.npm, components: [{ name: 'npm:api', source: npm('api') }, { name: 'npm:web', source: npm('web') }] }]);
    });

    it('answers each source\'s error under its own name, without failing the others of the batch', async () => {
      // Prepare
      registry.publish('api', [{ version: '1.5.0' }]);
      registry.fail('web', new TransientError('registry answered 503'));
      const npmSource = sources().source('npm');

      // Act
      const [api, web] = await Promise.allSettled([npmSource.list(npm('api')), npmSource.list(npm('web'))]);

      // Assess
      expect(api.status).toBe('fulfilled');
      expect(web.status === 'rejected' ? web.reason : undefined).toMatchObject({ name: 'TransientError', message: 'registry answered 503' });
      expect(web.status === 'rejected' ? web.reason : undefined).toBeInstanceOf(UpkeepError);
    });

    it('keeps one batch per type out at a time, and sends the calls made meanwhile together in the next', async () => {
      // Prepare
      for (const name of ['a', 'b', 'c']) registry.publish(name, [{ version: '1.0.0' }]);
      let release = (): void => undefined;
      gate = new Promise((resolve) => { release = resolve; });
      const npmSource = sources().source('npm');

      // Act
      const first = npmSource.list(npm('a'));
      await new Promise((resolve) => setImmediate(resolve));
      const later = [npmSource.list(npm('b')), npmSource.list(npm('c'))];
      await new Promise((resolve) => setImmediate(resolve));
      const outWhileHeld = invocations().length;
      release();
      await Promise.all([first, ...later]);

      // Assess
      expect(outWhileHeld).toBe(1);
      expect(invocations().map((i) => i.components.map((c) => c.name))).toEqual([['npm:a'], ['npm:b', 'npm:c']]);
    });

    it('asks again for a listing that did not fit in the answer', async () => {
      // Prepare: each listing fits an answer alone, not two together.
      const changelog = Array.from({ length: 400 }, (_, i) => ((i * 2_654_435_761) >>> 0).toString(36)).join(' ');
      registry.publish('a', [{ version: '1.0.0', changelog }]);
      registry.publish('b', [{ version: '2.0.0', changelog }]);
      budgetBytes = 4_000;
      const npmSource = sources().source('npm');

      // Act
      const [a, b] = await Promise.all([npmSource.list(npm('a')), npmSource.list(npm('b'))]);

      // Assess
      expect([a?.releases[0]?.version, b?.releases[0]?.version]).toEqual(['1.0.0', '2.0.0']);
      expect(invocations().map((i) => i.components.map((c) => c.name))).toEqual([['npm:a', 'npm:b'], ['npm:b']]);
    });

    it('fails every call of a batch whose invocation failed, throttling as a TransientError', async () => {
      // Prepare
      lambda.on(InvokeCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
      const npmSource = sources().source('npm');

      // Act
      const calls = await Promise.allSettled([npmSource.list(npm('a')), npmSource.list(npm('b'))]);

      // Assess
      for (const call of calls) expect(call.status === 'rejected' ? call.reason : undefined).toBeInstanceOf(TransientError);
    });

    it('reports an error the function threw under the name Lambda gives it', async () => {
      // Prepare
      lambda.on(InvokeCommand).callsFake(() => ({ StatusCode: 200, FunctionError: 'Unhandled', Payload: new TextEncoder().encode(JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 270.00 seconds' })) }));

      // Act
      const listing = sources().source('npm').list(npm('a'));

      // Assess
      await expect(listing).rejects.toMatchObject({ name: 'Sandbox.Timedout', message: `list 1 npm source(s): function ${FUNCTIONS.npm} failed: Task timed out after 270.00 seconds` });
    });

    it('refuses a source type no function lists, naming where the functions are set', async () => {
      await expect(sources().source('maven').list({ type: 'maven', repository: 'https://repo.example.test', groupId: 'org.example', artifactId: 'app' }))
        .rejects.toThrow('no list-versions function lists maven sources here: the stack names one per source type in UPKEEP_SOURCE_FUNCTIONS');
      expect(invocations()).toEqual([]);
    });

    it('stops waiting for a listing whose caller gave up, and leaves the others', async () => {
      // Prepare
      registry.publish('a', [{ version: '1.0.0' }]);
      registry.publish('b', [{ version: '1.0.0' }]);
      let release = (): void => undefined;
      gate = new Promise((resolve) => { release = resolve; });
      const controller = new AbortController();
      const npmSource = sources().source('npm');

      // Act
      const abandoned = npmSource.list(npm('a'), { signal: controller.signal });
      const kept = npmSource.list(npm('b'));
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort(new NotFoundError('gave up'));

      // Assess
      await expect(abandoned).rejects.toThrow('gave up');
      release();
      await expect(kept).resolves.toMatchObject({ releases: [{ version: '1.0.0' }] });
    });
  });
});
