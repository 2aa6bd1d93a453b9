import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { GetAliasCommand, LambdaClient, UpdateAliasCommand, type GetAliasCommandOutput } from '@aws-sdk/client-lambda';
import { analyseStep, figuresOf, judgeSyntheticChecks, type AnalysisVerdict, type VersionFigures } from '../../core/analysis.js';
import type { DeployConfig, UpkeepConfig } from '../../core/config/schema.js';
import { parseDuration } from '../../core/duration.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { chooseStrategy } from '../../core/rollout-choice.js';
import type { RolloutProgress } from '../../core/workflow-types.js';
import type { Clock } from '../../ports/clock.js';
import type { ConfigProvider } from '../../ports/config-provider.js';
import type { Deployer, DeploymentRequest, HealthReport } from '../../ports/deployer.js';
import { awsErrorName, toAwsUpkeepError } from './aws-errors.js';
import { componentAlarmName } from './aws-names.js';
import { describeAlarms } from './cloudwatch-alarms.js';
import { functionNameOf } from './codedeploy-plan.js';
import { DEFAULT_SMOKE_CASES, invokeCase, runSmokeCases, type SmokeCase } from './lambda-smoke.js';
import { findLambdaVersion } from './lambda-versions.js';
import { traced } from './traced-client.js';

type Stepped = Extract<DeployConfig['strategy'], { type: 'stepped' }>;
type LambdaTarget = Extract<DeployConfig['target'], { type: 'lambda' }>;

/** Options of {@link LambdaSteppedDeployer}. */
export interface LambdaSteppedDeployerOptions {
  readonly config: ConfigProvider;
  /** A component's Lambda smoke cases (`deploy.smokeTest`). @default - {@link DEFAULT_SMOKE_CASES} */
  readonly smokeCases?: (component: string, deploy: DeployConfig) => Promise<readonly SmokeCase[]>;
  /** @default - clients built from the Lambda's environment */
  readonly lambda?: LambdaClient;
  readonly cloudWatch?: CloudWatchClient;
  /** @default - the system clock */
  readonly clock?: Clock;
}

/** The rollout's state, kept in the alias's own `Description` (so no other store can drift from the alias). */
interface AliasState {
  /** Workflow id: whose rollout this is. */
  readonly w: string;
  /** Current and candidate Lambda versions. */
  readonly c: string;
  readonly t: string;
  /** Step index, and epoch ms the step began. */
  readonly s: number;
  readonly at: number;
  /** Epoch ms the rollout began. */
  readonly t0: number;
  readonly st: 'run' | 'ok' | 'back';
}

const PREFIX = 'upkeep-stepped ';
const ID_PREFIX = 'stepped:';

/** A stepped deployment's id: `stepped:<component>:<workflowId>`. */
export function steppedDeploymentId(component: string, workflowId: string): string {
  return `${ID_PREFIX}${component}:${workflowId}`;
}

/** True for ids {@link LambdaSteppedDeployer} hands out. */
export function isSteppedDeploymentId(id: string): boolean {
  return id.startsWith(ID_PREFIX);
}

function parseState(description: string | undefined): AliasState | undefined {
  if (description?.startsWith(PREFIX) !== true) return undefined;
  try {
    return JSON.parse(description.slice(PREFIX.length)) as AliasState;
  } catch {
    return undefined;
  }
}

/**
 * {@link Deployer} for `stepped` strategies on Lambda aliases, driven by the state machine's poll
 * loop rather than CodeDeploy: `start` puts the first step's share on the candidate through the
 * alias's weighted `RoutingConfig`; each `status` call, once the step's bake time has passed,
 * runs the analysis (`functions/core/analysis.ts`) on CloudWatch `GetMetricData` for the
 * candidate and the current version (`ExecutedVersion` of the alias: invocations, errors, p99
 * duration) and moves to the next step, or rolls back. Too few invocations for a verdict runs
 * synthetic checks — the smoke cases invoked on each version directly — unless the strategy
 * says `onInconclusive: fail`. An alarm of the component in ALARM rolls back at any poll. The
 * state lives in the alias's `Description`, and every alias write names the `RevisionId` it
 * read, so two polls racing cannot both step.
 *
 * @example
 * ```ts
 * const deployer = new LambdaSteppedDeployer({ config });
 * const { deploymentId } = await deployer.start({ workflowId, component: 'api', fromVersion: '1.2.0', toVersion: '1.3.0' });
 * await deployer.status(deploymentId); // IN_PROGRESS at 10%, … then SUCCEEDED or ROLLED_BACK
 * ```
 */
export class LambdaSteppedDeployer implements Deployer {
  readonly #config: ConfigProvider;
  readonly #lambda: LambdaClient;
  readonly #cloudWatch: CloudWatchClient;
  readonly #clock: Clock;
  readonly #smokeCases: NonNullable<LambdaSteppedDeployerOptions['smokeCases']>;

  public constructor(options: LambdaSteppedDeployerOptions) {
    this.#config = options.config;
    this.#lambda = options.lambda ?? traced(new LambdaClient({}));
    this.#cloudWatch = options.cloudWatch ?? traced(new CloudWatchClient({}));
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#smokeCases = options.smokeCases ?? (() => Promise.resolve(DEFAULT_SMOKE_CASES));
  }

  public async start(request: DeploymentRequest): Promise<RolloutProgress> {
    const { target, deploy, strategy, functionName } = await this.#plan(request.component, request);
    const id = steppedDeploymentId(request.component, request.workflowId);
    const alias = await this.#alias(target);
    const existing = parseState(alias.Description);
    if (existing?.w === request.workflowId) return this.status(id);
    if (existing?.st === 'run' || Object.keys(alias.RoutingConfig?.AdditionalVersionWeights ?? {}).length > 0) {
      throw new ConflictError(`alias ${target.alias} of ${functionName} is already shifting traffic${existing === undefined ? '' : ` (workflow ${existing.w})`}; one rollout per component at a time`);
    }
    const current = alias.FunctionVersion ?? '$LATEST';
    const candidate = await findLambdaVersion(this.#lambda, target.functionName, request.toVersion);
    const now = this.#clock.now().getTime();
    const state: AliasState = { w: request.workflowId, c: current, t: candidate, s: 0, at: now, t0: now, st: 'run' };
    const cases = await this.#smokeCases(request.component, deploy);
    // BeforeAllowTraffic: the smoke test on the candidate before any traffic reaches it.
    const pre = await runSmokeCases(this.#lambda, functionName, candidate, cases);
    if (!pre.ok) {
      await this.#write(target, alias, { ...state, st: 'back' }, current, 0);
      return this.#progress(id, strategy, state, 'ROLLED_BACK', 0, `pre-traffic smoke test failed: ${pre.summary}`);
    }
    const weight = strategy.steps[0] as number;
    await this.#write(target, alias, state, weight === 100 ? candidate : current, weight === 100 ? 0 : weight);
    return this.#progress(id, strategy, state, 'IN_PROGRESS', weight, `${strategy.steps.join('/')}% steps, ${strategy.bake} each, analysed after each`);
  }

  public async status(deploymentId: string): Promise<RolloutProgress> {
    const { component, workflowId } = parseId(deploymentId);
    const { target, deploy, strategy, functionName } = await this.#plan(component);
    const alias = await this.#alias(target);
    const state = parseState(alias.Description);
    if (state?.w !== workflowId) {
      return { deploymentId, strategy: stepName(strategy), status: 'FAILED', candidateWeight: 0, startedAt: this.#clock.now().toISOString(), reason: `alias ${target.alias} of ${functionName} no longer carries this rollout; it was changed outside Upkeep` };
    }
    const weight = strategy.steps[state.s] as number;
    if (state.st === 'ok') return this.#progress(deploymentId, strategy, state, 'SUCCEEDED', 100, `${stepName(strategy)} finished`);
    if (state.st === 'back') return this.#progress(deploymentId, strategy, state, 'ROLLED_BACK', 0, 'rolled back');

    const alarms = (await describeAlarms(this.#cloudWatch, alarmNames(component, deploy))).filter((a) => a.state === 'ALARM');
    if (alarms.length > 0) {
      const why = alarms.map((a) => `alarm ${a.name}: ${a.reason}`).join('; ');
      return this.#rollBackTo(deploymentId, target, alias, state, strategy, why, alarms.map((a) => a.name).join(', '));
    }
    const now = this.#clock.now().getTime();
    const bakeMs = (parseDuration(strategy.bake) ?? 60) * 1000;
    if (now - state.at < bakeMs) return this.#progress(deploymentId, strategy, state, 'IN_PROGRESS', weight, `step at ${weight}% bakes until ${new Date(state.at + bakeMs).toISOString()}`);

    const verdict = await this.#analyse(target, functionName, state, weight, deploy, component, strategy);
    const analysis = { weight, verdict: verdict.verdict, reason: verdict.reason, at: new Date(now).toISOString(), ...(verdict.synthetic ? { synthetic: true } : {}) };
    if (verdict.verdict === 'fail') {
      return { ...(await this.#rollBackTo(deploymentId, target, alias, state, strategy, `analysis at ${weight}% failed: ${verdict.reason}`)), analyses: [analysis] };
    }
    if (state.s + 1 >= strategy.steps.length) {
      // AfterAllowTraffic: the smoke test once all traffic is on the candidate.
      const post = await runSmokeCases(this.#lambda, functionName, state.t, await this.#smokeCases(component, deploy));
      if (!post.ok) return this.#rollBackTo(deploymentId, target, alias, state, strategy, `post-traffic smoke test failed: ${post.summary}`);
      const done: AliasState = { ...state, st: 'ok' };
      if (!(await this.#write(target, alias, done, state.t, 0))) return this.status(deploymentId);
      return { ...this.#progress(deploymentId, strategy, done, 'SUCCEEDED', 100, `analysis at ${weight}%: ${verdict.verdict} (${verdict.reason})`), analyses: [analysis] };
    }
    const next: AliasState = { ...state, s: state.s + 1, at: now };
    const nextWeight = strategy.steps[next.s] as number;
    if (!(await this.#write(target, alias, next, nextWeight === 100 ? state.t : state.c, nextWeight === 100 ? 0 : nextWeight))) return this.status(deploymentId);
    return { ...this.#progress(deploymentId, strategy, next, 'IN_PROGRESS', nextWeight, `analysis at ${weight}%: ${verdict.verdict} (${verdict.reason})`), analyses: [analysis] };
  }

  public async rollBack(deploymentId: string, reason: string): Promise<RolloutProgress> {
    const { component, workflowId } = parseId(deploymentId);
    const { target, strategy } = await this.#plan(component);
    const alias = await this.#alias(target);
    const state = parseState(alias.Description);
    if (state?.w !== workflowId) throw new NotFoundError(`alias ${target.alias} does not carry rollout ${deploymentId}`, { context: { deploymentId } });
    if (state.st === 'back') return this.#progress(deploymentId, strategy, state, 'ROLLED_BACK', 0, reason);
    return this.#rollBackTo(deploymentId, target, alias, state, strategy, `rolled back by request: ${reason}`);
  }

  public async health(component: string): Promise<HealthReport> {
    const deploy = (await this.#config.get()).components.find((c) => c.name === component)?.deploy;
    if (deploy === undefined) return { healthy: true, alarms: [] };
    const states = await describeAlarms(this.#cloudWatch, alarmNames(component, deploy));
    const alarms = states.filter((s) => s.state === 'ALARM' || s.state === 'MISSING').map((s) => ({ name: s.name, reason: s.reason }));
    return { healthy: alarms.length === 0, alarms };
  }

  async #plan(component: string, request?: DeploymentRequest): Promise<{ target: LambdaTarget; deploy: DeployConfig; strategy: Stepped; functionName: string }> {
    const config: UpkeepConfig = await this.#config.get();
    const deploy = config.components.find((c) => c.name === component)?.deploy;
    if (deploy === undefined) throw new ValidationError(`component ${component} has no deploy section in upkeep.yaml, so Upkeep has nothing to roll out`);
    if (deploy.target.type !== 'lambda') throw new ValidationError(`component ${component}: stepped rollouts move Lambda alias weights; its target is ${deploy.target.type}`);
    const { strategy } = chooseStrategy(deploy.strategy, config.rollouts, request ?? {});
    const stepped = strategy.type === 'stepped' ? strategy : deploy.strategy.type === 'stepped' ? deploy.strategy : undefined;
    if (stepped === undefined) throw new ValidationError(`component ${component}: the stepped deployer needs a stepped strategy, got ${strategy.type}`);
    return { target: deploy.target, deploy, strategy: stepped, functionName: functionNameOf(deploy.target.functionName) };
  }

  async #alias(target: LambdaTarget): Promise<GetAliasCommandOutput> {
    try {
      return await this.#lambda.send(new GetAliasCommand({ FunctionName: target.functionName, Name: target.alias }));
    } catch (error) {
      throw toAwsUpkeepError(error, `read alias ${target.alias} of function ${target.functionName}`, 'Lambda');
    }
  }

  /** Points the alias at `version` with `weight`% on the candidate; false when another writer changed it first. */
  async #write(target: LambdaTarget, read: GetAliasCommandOutput, state: AliasState, version: string, weight: number): Promise<boolean> {
    try {
      await this.#lambda.send(new UpdateAliasCommand({
        FunctionName: target.functionName, Name: target.alias, FunctionVersion: version,
        RoutingConfig: { AdditionalVersionWeights: weight > 0 && version !== state.t ? { [state.t]: weight / 100 } : {} },
        Description: `${PREFIX}${JSON.stringify(state)}`,
        ...(read.RevisionId === undefined ? {} : { RevisionId: read.RevisionId }),
      }));
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'PreconditionFailedException') return false;
      throw toAwsUpkeepError(error, `shift alias ${target.alias} of function ${target.functionName}`, 'Lambda');
    }
  }

  async #rollBackTo(id: string, target: LambdaTarget, alias: GetAliasCommandOutput, state: AliasState, strategy: Stepped, reason: string, alarm?: string): Promise<RolloutProgress> {
    const back: AliasState = { ...state, st: 'back' };
    if (!(await this.#write(target, alias, back, state.c, 0))) return this.status(id);
    return { ...this.#progress(id, strategy, back, 'ROLLED_BACK', 0, `${reason}; all traffic back on version ${state.c}`), ...(alarm === undefined ? {} : { alarm }) };
  }

  async #analyse(target: LambdaTarget, functionName: string, state: AliasState, weight: number, deploy: DeployConfig, component: string, strategy: Stepped): Promise<AnalysisVerdict & { synthetic: boolean }> {
    const now = this.#clock.now().getTime();
    const thresholds = strategy.analysis;
    const [candidate, current] = await Promise.all([
      this.#figures(target, functionName, state.t, state.at, now),
      // At 100% the current version serves nothing in the step: the time before the rollout is its baseline.
      weight === 100 ? this.#figures(target, functionName, state.c, state.t0 - (now - state.at), state.t0) : this.#figures(target, functionName, state.c, state.at, now),
    ]);
    const verdict = analyseStep({ candidate, current, thresholds });
    if (verdict.verdict !== 'inconclusive' || !verdict.lackOfTraffic) return { ...verdict, synthetic: false };
    if (thresholds.onInconclusive === 'fail') return { ...verdict, verdict: 'fail', reason: `${verdict.reason}; the strategy fails a step it cannot judge (onInconclusive: fail)`, synthetic: false };
    const cases = await this.#smokeCases(component, deploy);
    const probe = async (version: string): Promise<VersionFigures> => {
      const outcomes = [];
      for (let i = 0; i < thresholds.minRequests; i += 1) {
        const outcome = await invokeCase(this.#lambda, functionName, version, cases[i % cases.length] as SmokeCase);
        outcomes.push({ latencyMs: outcome.latencyMs, error: !outcome.ok });
      }
      return figuresOf(outcomes);
    };
    const checked = judgeSyntheticChecks({ candidate: await probe(state.t), current: await probe(state.c), thresholds });
    return { ...checked, reason: `${verdict.reason}, so ${thresholds.minRequests} synthetic invocations of the smoke cases went to each version: ${checked.reason}`, synthetic: true };
  }

  /** Invocations, errors and p99 duration of one version behind the alias, from CloudWatch. */
  async #figures(target: LambdaTarget, functionName: string, version: string, from: number, to: number): Promise<VersionFigures> {
    const start = Math.floor(from / 60_000) * 60_000;
    const period = Math.max(60, Math.ceil((to - start) / 60_000) * 60);
    const dimensions = [{ Name: 'FunctionName', Value: functionName }, { Name: 'Resource', Value: `${functionName}:${target.alias}` }, { Name: 'ExecutedVersion', Value: version }];
    const query = (id: string, metric: string, stat: string): MetricDataQuery => ({ Id: id, MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: dimensions }, Period: period, Stat: stat }, ReturnData: true });
    try {
      const out = await this.#cloudWatch.send(new GetMetricDataCommand({
        StartTime: new Date(start), EndTime: new Date(Math.max(to, start + period * 1000)),
        MetricDataQueries: [query('invocations', 'Invocations', 'Sum'), query('errors', 'Errors', 'Sum'), query('p99', 'Duration', 'p99')],
      }));
      const values = (id: string) => out.MetricDataResults?.find((r) => r.Id === id)?.Values ?? [];
      const sum = (id: string) => values(id).reduce((a, b) => a + b, 0);
      const p99 = values('p99');
      return { requests: sum('invocations'), errors: sum('errors'), ...(p99.length === 0 ? {} : { p99LatencyMs: Math.max(...p99) }) };
    } catch (error) {
      throw toAwsUpkeepError(error, `read the metrics of ${functionName} version ${version}`, 'CloudWatch');
    }
  }

  #progress(id: string, strategy: Stepped, state: AliasState, status: RolloutProgress['status'], weight: number, reason: string): RolloutProgress {
    return {
      deploymentId: id, strategy: stepName(strategy), status, candidateWeight: weight, startedAt: new Date(state.t0).toISOString(), reason,
      ...(status === 'IN_PROGRESS' ? {} : { endedAt: this.#clock.now().toISOString() }),
    };
  }
}

function stepName(strategy: Stepped): string {
  return `Stepped${strategy.steps.join('-')}`;
}

function parseId(id: string): { component: string; workflowId: string } {
  const match = /^stepped:([^:]+):(.+)$/.exec(id);
  if (match === null) throw new NotFoundError(`${id} is not a stepped deployment`, { context: { deploymentId: id } });
  return { component: match[1] as string, workflowId: match[2] as string };
}

function alarmNames(component: string, deploy: DeployConfig): string[] {
  return [...deploy.alarms.map((a) => componentAlarmName(component, a.name)), ...deploy.existingAlarms];
}
