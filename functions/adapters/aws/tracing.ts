import type { Tracer } from '@aws-lambda-powertools/tracer';
import type middy from '@middy/core';
import { captureClientsWith } from './traced-client.js';

/**
 * Only a Lambda function loads the tracer. Loading the X-Ray SDK switches on Node's async hooks
 * for the whole process (its context store), which makes every `await` about ten times slower:
 * a cost for a traced function, not for local mode, `upkeep check` or the tests. Powertools
 * alone would enable tracing wherever `AWS_EXECUTION_ENV` is set, which CloudShell and ECS also
 * set; `AWS_LAMBDA_FUNCTION_NAME` is set by Lambda only. In Lambda, `POWERTOOLS_TRACE_ENABLED=false`
 * and SAM local still turn tracing off.
 */
const powertools = process.env.AWS_LAMBDA_FUNCTION_NAME === undefined
  ? undefined
  : await Promise.all([import('@aws-lambda-powertools/tracer'), import('@aws-lambda-powertools/tracer/middleware')]);

/**
 * One tracer per execution environment, shared by the handlers' middleware and the SDK clients
 * the adapters build; `undefined` outside Lambda, where the helpers below record nothing, print
 * nothing and leave clients as they are.
 *
 * Routes that call nothing downstream do not import this module (`routeHandler` in
 * `functions/handlers/shared/route-handler.ts`): importing it bundles the tracer and the X-Ray
 * SDK, about 125 KB.
 *
 * Responses are never recorded (`POWERTOOLS_TRACER_CAPTURE_RESPONSE=false` in the stack, and
 * `captureResponse: false` in the handlers' middleware): they can carry an approval's task token.
 *
 * @example
 * ```ts
 * export const handler = middy().use(tracing()).use(injectLambdaContext(logger)).handler(run);
 * ```
 */
export const tracer: Tracer | undefined = powertools === undefined ? undefined : new powertools[0].Tracer({ serviceName: 'upkeep' });

// The SDK clients the adapters build from now on are traced (`traced-client.ts`).
if (tracer !== undefined) captureClientsWith((client) => tracer.captureAWSv3Client(client));

/**
 * The handler's middy middlewares: each invocation an X-Ray subsegment, its response not recorded.
 *
 * @example
 * ```ts
 * export const handler = middy().use(tracing()).use(injectLambdaContext(logger)).handler(run);
 * ```
 */
export function tracing(): middy.MiddlewareObj[] {
  return powertools === undefined || tracer === undefined ? [] : [powertools[1].captureLambdaHandler(tracer, { captureResponse: false })];
}

/** Annotates the invocation's trace, so that it can be searched by `key` (a step, a workflow id, a route). */
export function annotate(key: string, value: string): void {
  tracer?.putAnnotation(key, value);
}

/** Marks the invocation's trace with an error it answered rather than threw (an HTTP 500). */
export function recordError(error: unknown): void {
  tracer?.addErrorAsMetadata(error instanceof Error ? error : new Error(String(error)));
}
