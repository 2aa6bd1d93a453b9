import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { hookOfFunction, runLifecycleHook, type LifecycleHookResult } from '../adapters/aws/codedeploy-hooks.js';
import { BundledConfigProvider } from '../adapters/aws/bundled-config-provider.js';
import { loadSmokeCases } from '../adapters/aws/lambda-smoke.js';
import { traced } from '../adapters/aws/traced-client.js';
import { annotate, tracing } from '../adapters/aws/tracing.js';
import { ENV } from '../constants.js';
import { payload, text } from './shared/payload.js';
import { logger } from './shared/logger.js';

const HookEvent = payload({ DeploymentId: text(), LifecycleEventHookExecutionId: text() });

type HookDeps = Parameters<typeof runLifecycleHook>[0];
let built: HookDeps | undefined;

/**
 * Built on the first invocation and kept for the execution environment, like every handler's
 * adapters (`deps.ts`): the SDK clients are not constructed at module load. Hooks only exist in
 * AWS (locally the deployer runs `deploy.smokeTest` itself).
 */
function hookDeps(): HookDeps {
  const configPath = process.env[ENV.configPath] ?? '';
  built ??= {
    codeDeploy: traced(new CodeDeployClient({})),
    lambda: traced(new LambdaClient({})),
    config: new BundledConfigProvider(configPath),
    smokeCases: (_component: string, smokeTest: string | undefined) => loadSmokeCases(configPath, smokeTest),
  };
  return built;
}

/**
 * The CodeDeploy `BeforeAllowTraffic` / `AfterAllowTraffic` hook of a Lambda component with
 * `deploy.smokeTest`: invokes the candidate version with the component's smoke cases and reports
 * the verdict to CodeDeploy (a failure rolls the deployment back). The stack deploys it as
 * `upkeep-<component>-pre-traffic` and `-post-traffic`; the name says which hook it is.
 */
export const handler = middy<unknown, LifecycleHookResult, Error, Context>()
  .use(tracing())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    const parsed = HookEvent(event, 'lifecycle-hook');
    annotate('deploymentId', parsed.DeploymentId);
    const result = await runLifecycleHook(hookDeps(), parsed, hookOfFunction(context.functionName));
    logger.info('lifecycle hook', { deploymentId: parsed.DeploymentId, ...result });
    return result;
  });
