import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { provideLocalDeps } from '../../../functions/adapters/local/local-runtime.js';
import { resetAppDeps } from '../../../functions/handlers/deps.js';
import { handler } from '../../../functions/handlers/seed-config.js';
import { StaticConfigProvider, fakeAppDeps, testConfig } from '../../support/fakes/index.js';

/** A stand-in for CloudFormation's pre-signed response URL: records what the handler PUTs. */
let server: Server;
let url = '';
const received: { method: string; contentType: string | undefined; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', contentType: req.headers['content-type'], body: JSON.parse(text) as Record<string, unknown> });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  received.length = 0;
  resetAppDeps();
});

const event = (type: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent => ({
  RequestType: type, ResponseURL: url, StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Upkeep/1', RequestId: 'req-1',
  LogicalResourceId: 'ConfigSeed', ResourceType: 'Custom::UpkeepConfigSeed', ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:seed',
  ResourceProperties: { ServiceToken: 'x', ConfigHash: 'abc' },
  ...(type === 'Create' ? {} : { PhysicalResourceId: 'upkeep-config-seed', OldResourceProperties: {} }),
}) as CloudFormationCustomResourceEvent;

const context = { logStreamName: 'stream-1', awsRequestId: 'r', functionName: 'seed' } as Context;

describe('Handler: seed-config', () => {
  it('seeds the components of upkeep.yaml on Create and answers SUCCESS with the counts', async () => {
    // Prepare
    const deps = fakeAppDeps();
    provideLocalDeps(deps);
    // Act
    await handler(event('Create'), context);
    // Assess
    expect((await deps.components.get('api'))?.current).toBe('1.4.0');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'PUT', contentType: '', body: { Status: 'SUCCESS', PhysicalResourceId: 'upkeep-config-seed', RequestId: 'req-1', LogicalResourceId: 'ConfigSeed', Data: { componentsAdded: 1 } } });
  });

  it('leaves the table alone on Delete', async () => {
    const deps = fakeAppDeps();
    provideLocalDeps(deps);
    await handler(event('Delete'), context);
    await expect(deps.components.get('api')).rejects.toThrow('component api is not registered');
    expect(received[0]?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'upkeep-config-seed' });
  });

  it('answers FAILED with the reason instead of leaving CloudFormation waiting', async () => {
    const deps = fakeAppDeps({ config: new StaticConfigProvider(testConfig()) });
    provideLocalDeps({ ...deps, config: { get: () => Promise.reject(new Error('the configuration file is unreadable')) } });
    await handler(event('Update'), context);
    expect(received[0]?.body).toMatchObject({ Status: 'FAILED', Reason: 'the configuration file is unreadable (log stream stream-1)' });
  });
});
