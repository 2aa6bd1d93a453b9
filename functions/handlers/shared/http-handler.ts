import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { annotate, recordError, tracing } from '../../adapters/aws/tracing.js';
import type { AppDeps } from '../../app/app-deps.js';
import { appDeps } from '../deps.js';
import { routeHandler, type ApiRequest, type ApiResponse } from './route-handler.js';

export * from './route-handler.js';

/**
 * An API route as a Lambda handler (see {@link routeHandler}), traced: in AWS each request is an
 * X-Ray subsegment annotated with its `routeKey` (`GET /api/…/{id}`), its SDK calls are
 * subsegments of it, and a 500 marks it as a fault. Neither the event nor the answer is recorded
 * (approval links carry a task token).
 *
 * @example
 * ```ts
 * export const handler = httpHandler('api-status', async (deps) => ({ json: await status(deps) }));
 * ```
 */
export function httpHandler(
  route: string,
  run: (deps: AppDeps, request: ApiRequest) => Promise<ApiResponse>,
  options: { readonly maxBodyBytes?: number } = {},
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context> {
  return routeHandler(route, appDeps, run, { ...options, tracing: { middlewares: tracing(), annotate, recordError } });
}
