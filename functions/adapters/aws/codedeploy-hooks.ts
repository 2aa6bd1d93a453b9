import type { CodeDeployClient} from '@aws-sdk/client-codedeploy';
import { GetDeploymentCommand, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ValidationError } from '../../core/errors.js';
import type { ConfigProvider } from '../../ports/config-provider.js';
import { toAwsUpkeepError } from './aws-errors.js';
import type { HookName } from './aws-names.js';
import { functionNameOf, lambdaSpecOf } from './codedeploy-plan.js';
import { parseDescription } from './codedeploy-status.js';
import { runSmokeCases, type SmokeCase } from './lambda-smoke.js';

/** What CodeDeploy sends a lifecycle hook function. */
export interface LifecycleHookEvent {
  readonly DeploymentId: string;
  readonly LifecycleEventHookExecutionId: string;
}

export interface LifecycleHookDeps {
  readonly codeDeploy: CodeDeployClient;
  readonly lambda: LambdaClient;
  readonly config: ConfigProvider;
  readonly smokeCases: (component: string, smokeTest: string | undefined) => Promise<readonly SmokeCase[]>;
}

/** How the hook ended, as reported to CodeDeploy. */
export interface LifecycleHookResult {
  readonly status: 'Succeeded' | 'Failed';
  readonly component?: string;
  readonly version?: string;
  readonly summary: string;
}

/** The hook a function runs, from its name (`upkeep-<component>-pre-traffic` / `-post-traffic`, see `hookFunctionName`). */
export function hookOfFunction(functionName: string): HookName {
  if (functionName.endsWith('-pre-traffic')) return 'BeforeAllowTraffic';
  if (functionName.endsWith('-post-traffic')) return 'AfterAllowTraffic';
  throw new ValidationError(`lifecycle hook function ${functionName} must be named upkeep-<component>-pre-traffic or -post-traffic`);
}

/**
 * A CodeDeploy lifecycle hook for a Lambda deployment Upkeep started: reads the deployment (its
 * description names the component, its AppSpec the candidate version), runs the component's
 * smoke cases against that version directly, and reports `Succeeded` or `Failed` with
 * `PutLifecycleEventHookExecutionStatus` — a failure makes CodeDeploy stop and roll back, which
 * the workflow then reports as ROLLED_BACK. Anything that goes wrong before the report is a
 * failed check too: a hook that never reports would hold the deployment for an hour.
 *
 * @example
 * ```ts
 * await runLifecycleHook(deps, event, 'BeforeAllowTraffic');
 * ```
 */
export async function runLifecycleHook(deps: LifecycleHookDeps, event: LifecycleHookEvent, hook: HookName): Promise<LifecycleHookResult> {
  let result: LifecycleHookResult;
  try {
    const info = (await deps.codeDeploy.send(new GetDeploymentCommand({ deploymentId: event.DeploymentId }))).deploymentInfo;
    const component = parseDescription(info?.description)?.component;
    const spec = lambdaSpecOf(info?.revision);
    const deploy = (await deps.config.get()).components.find((c) => c.name === component)?.deploy;
    if (component === undefined || spec === undefined || deploy?.target.type !== 'lambda') {
      result = { status: 'Failed', summary: `deployment ${event.DeploymentId} is not a Lambda deployment Upkeep started; nothing to check` };
    } else {
      const run = await runSmokeCases(deps.lambda, functionNameOf(deploy.target.functionName), spec.target, await deps.smokeCases(component, deploy.smokeTest));
      result = { status: run.ok ? 'Succeeded' : 'Failed', component, version: spec.target, summary: `${hook === 'BeforeAllowTraffic' ? 'pre-traffic' : 'post-traffic'} smoke test: ${run.summary}` };
    }
  } catch (error) {
    result = { status: 'Failed', summary: `the smoke test could not run: ${(error as Error).message}` };
  }
  try {
    await deps.codeDeploy.send(new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId: event.DeploymentId, lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId, status: result.status,
    }));
  } catch (error) {
    throw toAwsUpkeepError(error, `report hook ${hook} of deployment ${event.DeploymentId}`, 'CodeDeploy');
  }
  return result;
}
