import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { CONTEXT, loadConfig, parseApiAuth, parseEcsContext } from './stack-config.js';
import { UpkeepStack } from './upkeep-stack.js';

/** The default configuration when the context names none. */
export const DEFAULT_CONFIG_PATH = 'upkeep.yaml';

/**
 * The Upkeep CDK app: reads CDK context (`upkeep:config`, `upkeep:ecs`, `upkeep:api-auth`),
 * validates `upkeep.yaml`, builds {@link UpkeepStack} and registers cdk-nag's AWS Solutions and
 * Serverless packs as policy validation, so a finding nobody acknowledged fails the synth.
 *
 * @example
 * ```ts
 * const { app, stack } = createUpkeepApp({ context: { 'upkeep:config': 'examples/upkeep.yaml' } });
 * app.synth();
 * ```
 */
export function createUpkeepApp(props: AppProps & { readonly stackName?: string } = {}): { app: App; stack: UpkeepStack } {
  const app = new App(props);
  const configPath = (app.node.tryGetContext(CONTEXT.config) as string | undefined) ?? DEFAULT_CONFIG_PATH;
  const stack = new UpkeepStack(app, props.stackName ?? 'Upkeep', {
    description: 'Upkeep: self-triggered updates with simulation, policy, approval and progressive rollout',
    settings: {
      config: loadConfig(configPath),
      configPath,
      ecs: parseEcsContext(app.node.tryGetContext(CONTEXT.ecs)),
      apiAuth: parseApiAuth(app.node.tryGetContext(CONTEXT.apiAuth)),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
}
