import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  BatchGetDeploymentsCommand, CodeDeployClient, CreateDeploymentCommand, GetDeploymentCommand, ListDeploymentsCommand, StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import type { DeploymentInfo, RevisionLocation } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { ComponentConfig, DeployConfig } from '../../core/config/schema.js';
import { BadResponseError, ConflictError, DeploymentFailedError, ValidationError } from '../../core/errors.js';
import { chooseStrategy } from '../../core/rollout-choice.js';
import type { RolloutProgress } from '../../core/workflow-types.js';
import type { Clock } from '../../ports/clock.js';
import type { ConfigProvider } from '../../ports/config-provider.js';
import type { DeploymentRequest, Deployer, HealthReport } from '../../ports/deployer.js';
import { awsErrorName, toAwsUpkeepError } from './aws-errors.js';
import { codeDeployApplicationName, codeDeployGroupName, componentAlarmName } from './aws-names.js';
import { describeAlarms } from './cloudwatch-alarms.js';
import {
  deploymentConfigFor, ecsAppSpec, estimatedWeight, functionNameOf, lambdaAppSpec, lambdaSpecOf, serverBundle, type EcsRevision,
} from './codedeploy-plan.js';
import { ACTIVE_STATUSES, deploymentDescription, deploymentOutcome, mentionedAlarms, parseDescription } from './codedeploy-status.js';
import { findLambdaVersion, readAlias } from './lambda-versions.js';
import { traced } from './traced-client.js';

/** Options of {@link CodeDeployDeployer}. */
export interface CodeDeployDeployerOptions {
  /** Each component's `deploy` section: target, strategy, alarms. */
  readonly config: ConfigProvider;
  /** @default - clients built from the Lambda's environment (region and credentials) */
  readonly codeDeploy?: CodeDeployClient;
  readonly lambda?: LambdaClient;
  readonly cloudWatch?: CloudWatchClient;
  /** @default - the system clock */
  readonly clock?: Clock;
  /**
   * The candidate's ECS task definition (and container port) for a rollout: the pipeline
   * registers it, so whoever wires this adapter reads it from the pipeline run's outputs.
   * @default - ECS rollouts are refused with an error that says so
   */
  readonly ecsRevision?: (request: DeploymentRequest, component: ComponentConfig) => Promise<EcsRevision>;
}

type Deploy = DeployConfig & { readonly component: ComponentConfig };

const now = (): Clock => ({ now: () => new Date() });

/**
 * {@link Deployer} on AWS CodeDeploy, for Lambda aliases (traffic shifting), ECS services
 * (blue/green) and servers (in place, rolling). The CDK stack creates, per component with a
 * `deploy` section, the application and deployment group (`upkeep-<component>` unless the
 * target names them; see `aws-names.ts`), custom deployment configurations where no predefined
 * one fits, alarms `upkeep-<component>-<alarm>` attached to the group, and automatic rollback on
 * alarm and on failure.
 *
 * Contracts with the pipeline: a Lambda candidate is a published version described
 * `upkeep:<version>` (this adapter publishes nothing); a server candidate is the bundle
 * `<revisionLocation>/<version>.zip`; an ECS candidate's task definition comes from the
 * `ecsRevision` option. An alarm rollback is `ROLLED_BACK` with the alarm's name and its
 * CloudWatch `StateReason`; a person's `StopDeployment` is `STOPPED`.
 *
 * @example
 * ```ts
 * const deployer = new CodeDeployDeployer({ config });
 * const progress = await deployer.start({ workflowId, component: 'billing-api', fromVersion: '4.2.1', toVersion: '4.3.0' });
 * ```
 */
export class CodeDeployDeployer implements Deployer {
  readonly #config: ConfigProvider;
  readonly #codeDeploy: CodeDeployClient;
  readonly #lambda: LambdaClient;
  readonly #cloudWatch: CloudWatchClient;
  readonly #clock: Clock;
  readonly #ecsRevision: CodeDeployDeployerOptions['ecsRevision'];

  public constructor(options: CodeDeployDeployerOptions) {
    this.#config = options.config;
    this.#codeDeploy = options.codeDeploy ?? traced(new CodeDeployClient({}));
    this.#lambda = options.lambda ?? traced(new LambdaClient({}));
    this.#cloudWatch = options.cloudWatch ?? traced(new CloudWatchClient({}));
    this.#clock = options.clock ?? now();
    this.#ecsRevision = options.ecsRevision;
  }

  public async start(request: DeploymentRequest): Promise<RolloutProgress> {
    const config = await this.#config.get();
    const deploy = await this.#deployOf(request.component);
    const { strategy, rolloutName } = chooseStrategy(deploy.strategy, config.rollouts, request);
    const configName = deploymentConfigFor(request.component, deploy.target, strategy, rolloutName);
    const applicationName = codeDeployApplicationName(request.component, deploy.target);
    const deploymentGroupName = codeDeployGroupName(request.component, deploy.target);
    const revision = await this.#revision(request, deploy);
    let deploymentId: string | undefined;
    try {
      const out = await this.#codeDeploy.send(new CreateDeploymentCommand({
        applicationName, deploymentGroupName, revision, description: deploymentDescription(request), ...(configName === undefined ? {} : { deploymentConfigName: configName }),
      }));
      deploymentId = out.deploymentId;
    } catch (error) {
      // A retried start finds the deployment its first attempt created rather than failing on it.
      if (awsErrorName(error) !== 'DeploymentLimitExceededException') throw toAwsUpkeepError(error, `start deployment of ${request.component} ${request.toVersion}`, 'CodeDeploy');
      const active = await this.#activeDeployments(applicationName, deploymentGroupName);
      const mine = active.find((info) => parseDescription(info.description)?.workflowId === request.workflowId);
      if (mine?.deploymentId === undefined) {
        throw new ConflictError(`deployment group ${deploymentGroupName} already has an active deployment (${active.map((d) => d.deploymentId).join(', ') || 'unknown'}); wait for it to finish`, {
          cause: error, context: { component: request.component, applicationName, deploymentGroupName },
        });
      }
      return this.status(mine.deploymentId);
    }
    if (deploymentId === undefined) throw new BadResponseError(`CodeDeploy created a deployment of ${request.component} but returned no id`);
    return { deploymentId, strategy: configName ?? `${strategy.type} (group default)`, status: 'IN_PROGRESS', candidateWeight: 0, startedAt: this.#clock.now().toISOString() };
  }

  public async status(deploymentId: string): Promise<RolloutProgress> {
    const info = await this.#get(deploymentId);
    const deploy = await this.#deployFor(info);
    const outcome = deploymentOutcome(info);
    const base = {
      deploymentId,
      strategy: info.deploymentConfigName ?? 'CodeDeploy',
      startedAt: (info.startTime ?? info.createTime ?? this.#clock.now()).toISOString(),
      ...(info.completeTime === undefined ? {} : { endedAt: info.completeTime.toISOString() }),
    };
    switch (outcome.kind) {
      case 'active':
        return { ...base, status: 'IN_PROGRESS', candidateWeight: await this.#weight(info, deploy) };
      case 'succeeded':
        return { ...base, status: 'SUCCEEDED', candidateWeight: 100 };
      case 'stopped':
        return { ...base, status: 'STOPPED', candidateWeight: 0, reason: `stopped: ${outcome.message}` };
      case 'failed':
        return { ...base, status: 'FAILED', candidateWeight: 0, reason: outcome.message };
      default: {
        const rolling = outcome.rollbackDeploymentId === undefined ? undefined : await this.#get(outcome.rollbackDeploymentId);
        const rollbackOutcome = rolling === undefined ? undefined : deploymentOutcome(rolling);
        if (rollbackOutcome?.kind === 'failed' || rollbackOutcome?.kind === 'stopped') {
          return { ...base, status: 'FAILED', candidateWeight: 0, reason: `rollback deployment ${outcome.rollbackDeploymentId} did not finish: ${rollbackOutcome.message}` };
        }
        const alarm = outcome.kind === 'alarm' ? await this.#firedAlarms(outcome.message, deploy) : undefined;
        const why = alarm === undefined || alarm.length === 0 ? outcome.message : alarm.map((a) => `alarm ${a.name}: ${a.reason}`).join('; ');
        if (rollbackOutcome?.kind === 'active') {
          // Traffic is not back yet: keep the workflow polling until the rollback lands.
          return { ...base, status: 'IN_PROGRESS', candidateWeight: await this.#weight(info, deploy), reason: `rolling back: ${why}` };
        }
        return { ...base, status: 'ROLLED_BACK', candidateWeight: 0, reason: why, ...(alarm === undefined || alarm.length === 0 ? {} : { alarm: alarm.map((a) => a.name).join(', ') }) };
      }
    }
  }

  public async rollBack(deploymentId: string, reason: string): Promise<RolloutProgress> {
    let info = await this.#get(deploymentId);
    if ((ACTIVE_STATUSES as readonly string[]).includes(info.status ?? '')) {
      try {
        await this.#codeDeploy.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));
        return { ...this.#progressBase(info), status: 'ROLLED_BACK', candidateWeight: 0, reason };
      } catch (error) {
        if (awsErrorName(error) !== 'DeploymentAlreadyCompletedException') throw toAwsUpkeepError(error, `stop deployment ${deploymentId}`, 'CodeDeploy');
        info = await this.#get(deploymentId);
      }
    }
    if (info.status !== 'Succeeded') {
      const current = await this.status(deploymentId);
      return current.status === 'STOPPED' || current.status === 'FAILED' ? { ...current, reason: `${reason}; ${current.reason ?? ''}`.trim() } : current;
    }
    // A finished deployment cannot be stopped: deploy the previous revision again, all at once.
    const deploy = await this.#deployFor(info);
    const { revision, configName } = await this.#previous(info, deploy);
    try {
      const out = await this.#codeDeploy.send(new CreateDeploymentCommand({
        applicationName: info.applicationName, deploymentGroupName: info.deploymentGroupName, revision, deploymentConfigName: configName,
        description: `Upkeep rollback of ${deploymentId}: ${reason}`.slice(0, 1000),
      }));
      return { ...this.#progressBase(info), status: 'ROLLED_BACK', candidateWeight: 0, reason: `${reason}; previous version redeployed by ${out.deploymentId ?? 'CodeDeploy'}` };
    } catch (error) {
      throw toAwsUpkeepError(error, `roll back deployment ${deploymentId}`, 'CodeDeploy');
    }
  }

  public async health(component: string): Promise<HealthReport> {
    const config = await this.#config.get();
    const deploy = config.components.find((c) => c.name === component)?.deploy;
    if (deploy === undefined) return { healthy: true, alarms: [] };
    const states = await describeAlarms(this.#cloudWatch, alarmNames(component, deploy));
    const alarms = states.filter((s) => s.state === 'ALARM' || s.state === 'MISSING').map((s) => ({ name: s.name, reason: s.reason }));
    return { healthy: alarms.length === 0, alarms };
  }

  async #deployOf(component: string): Promise<Deploy> {
    const found = (await this.#config.get()).components.find((c) => c.name === component);
    if (found?.deploy === undefined) throw new ValidationError(`component ${component} has no deploy section in upkeep.yaml, so Upkeep has nothing to roll out`);
    return { ...found.deploy, component: found };
  }

  /** The component a deployment belongs to: its description, else its application and group. */
  async #deployFor(info: DeploymentInfo): Promise<Deploy | undefined> {
    const named = parseDescription(info.description)?.component;
    const components = (await this.#config.get()).components;
    const found = components.find((c) => c.deploy !== undefined && (c.name === named
      || (codeDeployApplicationName(c.name, c.deploy.target) === info.applicationName && codeDeployGroupName(c.name, c.deploy.target) === info.deploymentGroupName)));
    return found?.deploy === undefined ? undefined : { ...found.deploy, component: found };
  }

  async #revision(request: DeploymentRequest, deploy: Deploy): Promise<RevisionLocation> {
    const { target } = deploy;
    switch (target.type) {
      case 'lambda': {
        const [alias, targetVersion] = await Promise.all([
          readAlias(this.#lambda, target.functionName, target.alias),
          findLambdaVersion(this.#lambda, target.functionName, request.toVersion),
        ]);
        const content = lambdaAppSpec(request.component, deploy, target, { current: alias.functionVersion, target: targetVersion });
        return { revisionType: 'AppSpecContent', appSpecContent: { content } };
      }
      case 'ecs': {
        if (this.#ecsRevision === undefined) throw new ValidationError(`component ${request.component}: an ECS rollout needs the candidate's task definition; wire the ecsRevision option to the pipeline's output`);
        const content = ecsAppSpec(request.component, deploy, await this.#ecsRevision(request, deploy.component), target.container);
        return { revisionType: 'AppSpecContent', appSpecContent: { content } };
      }
      case 'server':
        return { revisionType: 'S3', s3Location: { ...serverBundle(request.component, target.revisionLocation, request.toVersion), bundleType: 'zip' } };
      default:
        throw new ValidationError(`component ${request.component}: a ${target.type} target is deployed by the local deployer, not CodeDeploy`);
    }
  }

  /** The revision to go back to after a finished deployment, and the configuration that does it at once. */
  async #previous(info: DeploymentInfo, deploy: Deploy | undefined): Promise<{ revision: RevisionLocation; configName: string }> {
    const id = info.deploymentId ?? '(unknown)';
    if (deploy?.target.type === 'lambda') {
      const spec = lambdaSpecOf(info.revision);
      const from = spec?.current ?? await this.#versionFromDescription(info, deploy.target.functionName);
      const to = spec?.target ?? (await readAlias(this.#lambda, deploy.target.functionName, deploy.target.alias)).functionVersion;
      const content = lambdaAppSpec(deploy.component.name, deploy, deploy.target, { current: to, target: from }, { withHooks: false });
      return { revision: { revisionType: 'AppSpecContent', appSpecContent: { content } }, configName: 'CodeDeployDefault.LambdaAllAtOnce' };
    }
    if (info.previousRevision === undefined) throw new DeploymentFailedError(`deployment ${id} has no previous revision to roll back to; roll back by hand`);
    return { revision: info.previousRevision, configName: info.computePlatform === 'ECS' ? 'CodeDeployDefault.ECSAllAtOnce' : 'CodeDeployDefault.AllAtOnce' };
  }

  async #versionFromDescription(info: DeploymentInfo, functionName: string): Promise<string> {
    const from = parseDescription(info.description)?.fromVersion;
    if (from === undefined) throw new DeploymentFailedError(`deployment ${info.deploymentId ?? ''} does not say which version it replaced; roll back by hand`);
    return findLambdaVersion(this.#lambda, functionName, from);
  }

  async #weight(info: DeploymentInfo, deploy: Deploy | undefined): Promise<number> {
    if (info.status === 'Created' || info.status === 'Queued') return 0;
    const spec = lambdaSpecOf(info.revision);
    if (deploy?.target.type === 'lambda' && spec !== undefined) {
      const alias = await readAlias(this.#lambda, functionNameOf(deploy.target.functionName), deploy.target.alias);
      return alias.weights[spec.target] ?? (alias.functionVersion === spec.target ? 100 : 0);
    }
    const overview = info.deploymentOverview;
    const counts: (number | undefined)[] = overview === undefined ? [] : [overview.Pending, overview.InProgress, overview.Succeeded, overview.Failed, overview.Skipped, overview.Ready];
    const hosts = counts.reduce<number>((sum, n) => sum + (n ?? 0), 0);
    if (info.computePlatform === 'Server' && overview !== undefined && hosts > 0) return Math.round(((overview.Succeeded ?? 0) / hosts) * 100);
    const started = (info.startTime ?? info.createTime ?? this.#clock.now()).getTime();
    return estimatedWeight(info.deploymentConfigName, deploy?.strategy, (this.#clock.now().getTime() - started) / 1000) ?? 0;
  }

  async #firedAlarms(message: string, deploy: Deploy | undefined): Promise<{ name: string; reason: string }[]> {
    const known = deploy === undefined ? [] : alarmNames(deploy.component.name, deploy);
    const named = mentionedAlarms(message, known);
    const states = await describeAlarms(this.#cloudWatch, named.length > 0 ? named : known);
    // CodeDeploy named them: report them whatever their state now. Else: those in ALARM now.
    const fired = named.length > 0 ? states : states.filter((s) => s.state === 'ALARM');
    return fired.map((s) => ({ name: s.name, reason: s.state === 'MISSING' ? message : s.reason }));
  }

  #progressBase(info: DeploymentInfo): Pick<RolloutProgress, 'deploymentId' | 'strategy' | 'startedAt' | 'endedAt'> {
    return {
      deploymentId: info.deploymentId ?? '',
      strategy: info.deploymentConfigName ?? 'CodeDeploy',
      startedAt: (info.startTime ?? info.createTime ?? this.#clock.now()).toISOString(),
      endedAt: this.#clock.now().toISOString(),
    };
  }

  async #get(deploymentId: string): Promise<DeploymentInfo> {
    try {
      const out = await this.#codeDeploy.send(new GetDeploymentCommand({ deploymentId }));
      if (out.deploymentInfo === undefined) throw new BadResponseError(`CodeDeploy described deployment ${deploymentId} without its details`);
      return out.deploymentInfo;
    } catch (error) {
      throw toAwsUpkeepError(error, `read deployment ${deploymentId}`, 'CodeDeploy');
    }
  }

  async #activeDeployments(applicationName: string, deploymentGroupName: string): Promise<DeploymentInfo[]> {
    try {
      const listed = await this.#codeDeploy.send(new ListDeploymentsCommand({ applicationName, deploymentGroupName, includeOnlyStatuses: [...ACTIVE_STATUSES] }));
      const ids = (listed.deployments ?? []).slice(0, 25);
      if (ids.length === 0) return [];
      return (await this.#codeDeploy.send(new BatchGetDeploymentsCommand({ deploymentIds: ids }))).deploymentsInfo ?? [];
    } catch (error) {
      throw toAwsUpkeepError(error, `list active deployments of ${deploymentGroupName}`, 'CodeDeploy');
    }
  }
}

/** The alarms that guard a component: `upkeep-<component>-<alarm>` for each configured one, plus the existing ones named. */
function alarmNames(component: string, deploy: DeployConfig): string[] {
  return [...deploy.alarms.map((a) => componentAlarmName(component, a.name)), ...deploy.existingAlarms];
}

