import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { annotate, tracing } from '../../adapters/aws/tracing.js';
import type { AppDeps } from '../../app/app-deps.js';
import { appDeps } from '../deps.js';
import { logger } from './logger.js';
import type { Payload } from './payload.js';
import { figuresOf, publishFigures } from './step-metrics.js';

/**
 * A state machine step as a Lambda handler: validates the payload, runs the use case with the
 * runtime's adapters, and lets errors out with their names (the ASL's Retry/Catch match on
 * `errorType`, which Lambda takes from the error's name). Payloads are neither logged nor traced:
 * the approval step's carries a task token. In AWS each invocation is an X-Ray subsegment
 * annotated with `step` and `workflowId`, so a workflow's traces can be found by its id.
 *
 * @example
 * ```ts
 * export const handler = stepHandler('verify-artifact', WorkflowStep, verifyArtifact);
 * ```
 */
export function stepHandler<P, R>(
  step: string,
  parse: Payload<P>,
  useCase: (deps: AppDeps, input: P) => Promise<R>,
): middy.MiddyfiedHandler<unknown, R, Error, Context> {
  return middy<unknown, R, Error, Context>()
    .use(tracing())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      annotate('step', step);
      const input = parse(event, step);
      const { workflowId } = input as { workflowId?: string };
      if (workflowId !== undefined) annotate('workflowId', workflowId);
      logger.appendKeys({ step, workflowId });
      const started = Date.now();
      try {
        const result = await useCase(await appDeps(), input);
        logger.info('step done', { ms: Date.now() - started });
        // A metric that cannot be written must not fail the step (and its workflow).
        try {
          publishFigures(figuresOf(step, result));
        } catch (error) {
          logger.warn('metrics not published', { error: error instanceof Error ? error.message : String(error) });
        }
        return result;
      } catch (error) {
        logger.warn('step failed', { ms: Date.now() - started, error: error instanceof Error ? { name: error.name, message: error.message } : String(error) });
        throw error;
      }
    });
}
