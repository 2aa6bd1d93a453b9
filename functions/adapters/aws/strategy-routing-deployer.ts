import { chooseStrategy } from '../../core/rollout-choice.js';
import type { RolloutProgress } from '../../core/workflow-types.js';
import type { ConfigProvider } from '../../ports/config-provider.js';
import type { Deployer, DeploymentRequest, HealthReport } from '../../ports/deployer.js';
import { isSteppedDeploymentId } from './lambda-stepped-deployer.js';

/** Options of {@link StrategyRoutingDeployer}. */
export interface StrategyRoutingDeployerOptions {
  readonly config: ConfigProvider;
  /** Canary, linear, all-at-once, blue/green, rolling, custom: CodeDeploy. */
  readonly codeDeploy: Deployer;
  /** Stepped rollouts on Lambda aliases, driven by the state machine's polls. */
  readonly stepped: Deployer;
}

/**
 * The AWS {@link Deployer}: a rollout whose strategy (after the named rollout policy chose, or
 * the emergency one) is `stepped` goes to the stepped alias deployer, every other to CodeDeploy.
 * Later calls follow the deployment id (`stepped:…` ids are the stepped deployer's).
 *
 * @example
 * ```ts
 * const deployer = new StrategyRoutingDeployer({ config, codeDeploy: new CodeDeployDeployer({ config }), stepped: new LambdaSteppedDeployer({ config }) });
 * ```
 */
export class StrategyRoutingDeployer implements Deployer {
  public constructor(private readonly options: StrategyRoutingDeployerOptions) {}

  public async start(request: DeploymentRequest): Promise<RolloutProgress> {
    const config = await this.options.config.get();
    const own = config.components.find((c) => c.name === request.component)?.deploy?.strategy;
    const stepped = own !== undefined && chooseStrategy(own, config.rollouts, request).strategy.type === 'stepped';
    return (stepped ? this.options.stepped : this.options.codeDeploy).start(request);
  }

  public status(deploymentId: string): Promise<RolloutProgress> {
    return this.#for(deploymentId).status(deploymentId);
  }

  public rollBack(deploymentId: string, reason: string): Promise<RolloutProgress> {
    return this.#for(deploymentId).rollBack(deploymentId, reason);
  }

  public health(component: string): Promise<HealthReport> {
    return this.options.codeDeploy.health(component);
  }

  #for(deploymentId: string): Deployer {
    return isSteppedDeploymentId(deploymentId) ? this.options.stepped : this.options.codeDeploy;
  }
}
