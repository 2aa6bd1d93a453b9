import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import xraySdk from 'aws-xray-sdk-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as TracedClientModule from '../../../../functions/adapters/aws/traced-client.js';
import type * as TracingModule from '../../../../functions/adapters/aws/tracing.js';
import { fakeAppDeps } from '../../../support/fakes/index.js';

const XRAY_MIDDLEWARE = 'XRaySDKInstrumentation - build';
const context = { functionName: 'upkeep-test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 30_000 } as Context;

/** What Lambda sets for a traced function. */
function simulateLambda(): void {
  vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'upkeep-test');
  vi.stubEnv('_HANDLER', 'index.handler');
  vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1');
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
  // Enabled, the tracer patches node:http for the whole worker; this file only needs the SDK middleware.
  vi.stubEnv('POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS', 'false');
}

function leaveLambda(): void {
  for (const name of ['AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME', '_HANDLER', '_X_AMZN_TRACE_ID', 'POWERTOOLS_TRACE_ENABLED']) vi.stubEnv(name, undefined);
}

/**
 * The tracing module as a fresh execution environment loads it (its tracer reads the environment
 * of now), with `traced` as the adapters then see it.
 */
async function freshTracing(): Promise<typeof TracingModule & Pick<typeof TracedClientModule, 'traced'>> {
  vi.resetModules();
  const tracing = await import('../../../../functions/adapters/aws/tracing.js');
  const { traced } = await import('../../../../functions/adapters/aws/traced-client.js');
  return { ...tracing, traced };
}

interface SentSubsegment {
  readonly name?: string;
  readonly annotations?: Record<string, unknown>;
  readonly fault?: boolean;
}

/** The subsegments of `segment` as X-Ray would receive them. */
function sent(segment: InstanceType<typeof xraySdk.Segment>): SentSubsegment[] {
  return (JSON.parse(JSON.stringify(segment)) as { subsegments?: SentSubsegment[] }).subsegments ?? [];
}

function dynamo(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ region: 'eu-west-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

/** Every console line written while `fn` runs. */
async function printed(fn: () => Promise<unknown>): Promise<unknown[][]> {
  const lines: unknown[][] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args)));
  try {
    await fn();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

describe('Module: tracing', () => {
  // A DynamoDB stand-in that answers ListTables and keeps the headers of each request.
  const requests: IncomingHttpHeaders[] = [];
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.headers);
      request.resume().on('end', () => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ TableNames: ['upkeep'] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    requests.length = 0;
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  describe('outside Lambda', () => {
    beforeEach(leaveLambda);

    it('does not load the tracer (the X-Ray SDK would slow every await), and leaves a client as it was', async () => {
      // Prepare
      const loaded = vi.fn();
      vi.doMock('@aws-lambda-powertools/tracer', () => {
        loaded();
        return {};
      });
      const { tracer, traced } = await freshTracing();
      vi.doUnmock('@aws-lambda-powertools/tracer');
      const client = dynamo(endpoint);
      const before = client.middlewareStack.identify();

      // Act
      const result = traced(client);

      // Assess
      expect(loaded).not.toHaveBeenCalled();
      expect(tracer).toBeUndefined();
      expect(result).toBe(client);
      expect(result.middlewareStack.identify()).toEqual(before);
    });

    it('sends calls through a traced client as before, without a trace header and printing nothing', async () => {
      // Prepare
      const { annotate, traced } = await freshTracing();
      const client = traced(dynamo(endpoint));

      // Act
      let tables: string[] | undefined;
      const lines = await printed(async () => {
        annotate('step', 'detect');
        tables = (await client.send(new ListTablesCommand({}))).TableNames;
      });

      // Assess
      expect(tables).toEqual(['upkeep']);
      expect(requests).toHaveLength(1);
      expect(requests[0]).not.toHaveProperty('x-amzn-trace-id');
      expect(lines).toEqual([]);
    });

    it('stays disabled where AWS_EXECUTION_ENV is set but Lambda is not (CloudShell, ECS)', async () => {
      // Prepare
      vi.stubEnv('AWS_EXECUTION_ENV', 'CloudShell');

      // Act
      const { tracer, traced } = await freshTracing();

      // Assess
      expect(tracer).toBeUndefined();
      expect(traced(dynamo(endpoint)).middlewareStack.identify()).not.toContain(XRAY_MIDDLEWARE);
    });

    it('runs a step handler as before and prints nothing', async () => {
      // Prepare
      vi.resetModules();
      const { provideLocalDeps } = await import('../../../../functions/adapters/local/local-runtime.js');
      const { stepHandler } = await import('../../../../functions/handlers/shared/step-handler.js');
      const { payload, text } = await import('../../../../functions/handlers/shared/payload.js');
      provideLocalDeps(fakeAppDeps());
      const handler = stepHandler('verify-artifact', payload({ workflowId: text() }), (_deps, input) => Promise.resolve({ ok: true, workflowId: input.workflowId }));

      // Act
      let result: unknown;
      const lines = await printed(async () => {
        result = await handler({ workflowId: 'wf-1' }, context);
      });

      // Assess
      expect(result).toEqual({ ok: true, workflowId: 'wf-1' });
      expect(lines).toEqual([]);
    });
  });

  describe('in Lambda', () => {
    beforeEach(simulateLambda);

    it('adds the X-Ray middleware to a client, so each call becomes a subsegment', async () => {
      // Prepare
      const { tracer, traced } = await freshTracing();
      const client = dynamo(endpoint);
      expect(client.middlewareStack.identify()).not.toContain(XRAY_MIDDLEWARE);

      // Act
      const result = traced(client);

      // Assess
      expect(tracer?.isTracingEnabled()).toBe(true);
      expect(result).toBe(client);
      expect(result.middlewareStack.identify()).toContain(XRAY_MIDDLEWARE);
    });

    it('stays disabled when POWERTOOLS_TRACE_ENABLED is false', async () => {
      // Prepare
      vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');

      // Act
      const { tracer, traced } = await freshTracing();

      // Assess
      expect(tracer?.isTracingEnabled()).toBe(false);
      expect(traced(dynamo(endpoint)).middlewareStack.identify()).not.toContain(XRAY_MIDDLEWARE);
    });

    it('records a step as a subsegment annotated with the step and workflow id, and never its response', async () => {
      // Prepare
      vi.resetModules();
      const tracer = (await import('../../../../functions/adapters/aws/tracing.js')).tracer as NonNullable<typeof TracingModule.tracer>;
      const { provideLocalDeps } = await import('../../../../functions/adapters/local/local-runtime.js');
      const { stepHandler } = await import('../../../../functions/handlers/shared/step-handler.js');
      const { payload, text } = await import('../../../../functions/handlers/shared/payload.js');
      provideLocalDeps(fakeAppDeps());
      const handler = stepHandler('request-approval', payload({ workflowId: text() }), () => Promise.resolve({ taskToken: 'secret-token' }));
      // Lambda's own segment for the invocation; the handler's subsegment hangs below it.
      const invocation = new xraySdk.Segment('upkeep-test');

      // Act
      const result = await tracer.provider.getNamespace().runPromise(async () => {
        tracer.setSegment(invocation);
        return handler({ workflowId: 'wf-1' }, context);
      });

      // Assess
      expect(result).toEqual({ taskToken: 'secret-token' });
      const [subsegment] = sent(invocation);
      expect(subsegment?.name).toBe('## index.handler');
      expect(subsegment?.annotations).toEqual(expect.objectContaining({ step: 'request-approval', workflowId: 'wf-1', Service: 'upkeep' }));
      expect(JSON.stringify(invocation)).not.toContain('secret-token');
    });

    it('records a request annotated with its route key, and marks an unexpected error the 500 hides', async () => {
      // Prepare
      vi.resetModules();
      const tracer = (await import('../../../../functions/adapters/aws/tracing.js')).tracer as NonNullable<typeof TracingModule.tracer>;
      const { provideLocalDeps } = await import('../../../../functions/adapters/local/local-runtime.js');
      const { httpHandler } = await import('../../../../functions/handlers/shared/http-handler.js');
      const { logger } = await import('../../../../functions/handlers/shared/logger.js');
      vi.spyOn(logger, 'error').mockImplementation(() => undefined); // the 500's own log line
      provideLocalDeps(fakeAppDeps());
      const handler = httpHandler('webhook', () => Promise.reject(new Error('registry down')));
      const routeKey = 'POST /api/self-update/webhooks/{provider}';
      const event = {
        version: '2.0', routeKey, rawPath: '/api/self-update/webhooks/npm', rawQueryString: '', headers: {}, isBase64Encoded: false, body: '{}',
        pathParameters: { provider: 'npm' }, requestContext: { http: { method: 'POST', path: '/api/self-update/webhooks/npm', sourceIp: '127.0.0.1' } },
      } as unknown as APIGatewayProxyEventV2;
      const invocation = new xraySdk.Segment('upkeep-test');

      // Act
      const result = await tracer.provider.getNamespace().runPromise(async () => {
        tracer.setSegment(invocation);
        return handler(event, context);
      });

      // Assess
      expect(result).toEqual(expect.objectContaining({ statusCode: 500 }));
      const [subsegment] = sent(invocation);
      expect(subsegment?.annotations).toEqual(expect.objectContaining({ routeKey }));
      expect(subsegment?.fault).toBe(true);
    });
  });
});
