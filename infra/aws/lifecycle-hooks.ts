import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HOOKS, hookFunctionName, type HookName } from '../../functions/adapters/aws/aws-names.js';
import { HandlerFunction } from './handler-function.js';
import { grantNeeds, type GrantTargets } from './handler-grants.js';
import type { LambdaDeployment } from './lambda-deployment.js';

/** Properties of {@link LifecycleHooks}. */
export interface LifecycleHooksProps {
  /** The component's deployment group: its role invokes the hooks. */
  readonly deployment: LambdaDeployment;
  /** What the hooks may touch: this component's deployment group and function versions only. */
  readonly grants: GrantTargets;
  readonly environment: Readonly<Record<string, string>>;
  readonly configFile: string;
  readonly logRetention: RetentionDays;
  /** Where a hook invocation that keeps failing goes (CodeDeploy invokes hooks asynchronously). */
  readonly failureQueue: IQueue;
}

/** Lambda's limit on a function name. */
const MAX_FUNCTION_NAME = 64;

/**
 * The CodeDeploy lifecycle hooks of a Lambda component with `deploy.smokeTest`: the
 * `lifecycle-hook` handler deployed twice, as `upkeep-<component>-pre-traffic`
 * (`BeforeAllowTraffic`) and `upkeep-<component>-post-traffic` (`AfterAllowTraffic`) — the names
 * the `CodeDeployDeployer`'s AppSpec gives, and from which the handler tells which hook it runs.
 * Each may read its component's deployments, report their hook status and invoke the
 * component's published versions (the candidate under test); the deployment group's role may
 * invoke the two hooks. A Lambda deployment group has no hook setting of its own: CodeDeploy
 * takes the hooks from each deployment's AppSpec.
 *
 * @example
 * ```ts
 * new LifecycleHooks(this, 'BillingApiHooks', { deployment, grants, environment, configFile, logRetention, failureQueue });
 * ```
 */
export class LifecycleHooks extends Construct {
  public readonly functions: Readonly<Record<HookName, HandlerFunction>>;

  public constructor(scope: Construct, id: string, props: LifecycleHooksProps) {
    super(scope, id);
    const { component } = props.deployment;
    for (const functionName of HOOKS.map((hook) => hookFunctionName(component, hook))) {
      if (functionName.length > MAX_FUNCTION_NAME) {
        throw new Error(`component ${component}: its lifecycle hook function ${functionName} is ${functionName.length} characters, over Lambda's ${MAX_FUNCTION_NAME}; shorten the component's name to ${MAX_FUNCTION_NAME - functionName.length + component.length} characters or fewer`);
      }
    }
    const functions = {} as Record<HookName, HandlerFunction>;
    for (const hook of HOOKS) {
      const functionName = hookFunctionName(component, hook);
      const fn = new HandlerFunction(this, hook === 'BeforeAllowTraffic' ? 'PreTraffic' : 'PostTraffic', {
        handler: 'lifecycle-hook', environment: props.environment, configFile: props.configFile, logRetention: props.logRetention, failureQueue: props.failureQueue,
      });
      // The AppSpec names hooks by function name, and the handler reads which hook it is from it.
      (fn.function.node.defaultChild as CfnFunction).functionName = functionName;
      grantNeeds(fn.function, fn.spec.needs, props.grants);
      functions[hook] = fn;
    }
    this.functions = functions;
    props.deployment.role.addToPolicy(new PolicyStatement({
      sid: 'InvokeLifecycleHooks',
      actions: ['lambda:InvokeFunction'],
      resources: HOOKS.map((hook) => functions[hook].function.functionArn),
    }));
  }
}
