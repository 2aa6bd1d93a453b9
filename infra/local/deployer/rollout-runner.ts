import type { DeployConfig } from '../../../functions/core/config/schema.js';
import { NotFoundError } from '../../../functions/core/errors.js';
import type { RolloutProgress } from '../../../functions/core/workflow-types.js';
import { sleep } from '../asl/timers.js';
import { AlarmWatch, type AlarmFiring } from './alarm-watch.js';
import { versionsForAlarm, type ComponentRuntime } from './component-runtime.js';
import type { DeploymentRecord } from './deployment-state-file.js';
import type { MetricStore } from './metric-store.js';
import { runSmokeTest } from './smoke-test.js';
import type { TrafficPlan, TrafficStep } from './traffic-plan.js';
import type { VersionProcess } from './version-process.js';

/** What a step analysis concluded (stepped rollouts, issue 8). */
export interface StepVerdict {
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly reason: string;
  /** True when synthetic checks settled it. @default false */
  readonly synthetic?: boolean;
}

/** What a step analysis gets to look at. */
export interface StepContext {
  readonly deploymentId: string;
  readonly component: string;
  readonly current?: string;
  readonly candidate: string;
  readonly step: TrafficStep;
  /** Epoch ms the step's traffic began; compare the versions' samples since then. */
  readonly stepStartedAt: number;
  readonly metrics: MetricStore;
  /** The versions' own ports, for checks sent straight to one of them (synthetic checks). */
  readonly ports?: { readonly current?: number; readonly candidate: number };
  /** The stepped strategy's thresholds. */
  readonly analysis?: TrafficPlan['analysis'];
}

/** Judges a step of a stepped rollout; `fail` rolls back, `pass` and `inconclusive` go on. */
export type StepGate = (context: StepContext) => Promise<StepVerdict>;

/** Why a rollout was told to stop from outside. */
export type StopRequest = { readonly kind: 'rollback'; readonly reason: string } | { readonly kind: 'close' };

/** Everything one rollout needs; the deployer builds it. */
export interface RolloutContext {
  readonly record: DeploymentRecord;
  readonly runtime: ComponentRuntime;
  readonly deploy: DeployConfig;
  readonly plan: TrafficPlan;
  readonly checkout: (version: string) => Promise<string>;
  readonly timeScale: number;
  /** Wall-clock hold at 100% before success. @default - the longest alarm window */
  readonly finalBakeMs?: number;
  readonly stepGate?: StepGate;
  /** Aborted by `rollBack()` or `close()`; `stopRequest()` says which. */
  readonly signal: AbortSignal;
  readonly stopRequest: () => StopRequest | undefined;
  readonly update: (patch: Partial<RolloutProgress>) => Promise<void>;
  readonly promoted: (version: string) => Promise<void>;
}

type Interruption =
  | { readonly kind: 'alarm'; readonly firing: AlarmFiring }
  | { readonly kind: 'crash'; readonly reason: string }
  | { readonly kind: 'analysis'; readonly reason: string }
  | { readonly kind: 'check'; readonly reason: string }
  | StopRequest;

/**
 * Runs one rollout to its end: current version up (started if it is not running), candidate
 * up, traffic moved step by step while alarms watch the candidate, then either promotion or a
 * rollback in which every new request goes to the current version at once and the candidate
 * is stopped. Never throws: every ending is a status.
 */
export async function runRollout(context: RolloutContext): Promise<void> {
  const { record, runtime } = context;
  const { component, fromVersion: from, toVersion: to } = record;
  const finish = (status: RolloutProgress['status'], reason: string, extra: Partial<RolloutProgress> = {}) =>
    context.update({ status, reason, endedAt: new Date().toISOString(), ...extra });
  let candidate: VersionProcess | undefined;
  let candidateDir = '';
  let note = '';
  try {
    if (runtime.live?.version !== from || runtime.live.exit !== undefined) {
      note = await startCurrent(context);
    }
    if (from === to) {
      if (runtime.live?.version !== to) await runtime.setLive(await runtime.startVersion(to, await context.checkout(to)));
      await context.promoted(to);
      await finish('SUCCEEDED', `${component} ${to} is already the current version; no traffic to shift`, { candidateWeight: 100 });
      return;
    }
    if (context.signal.aborted) return await stopped(context, undefined);
    candidateDir = await context.checkout(to);
    candidate = await runtime.startVersion(to, candidateDir);
    record.timeline.candidateReadyAt = Date.now();
  } catch (error) {
    await candidate?.stop();
    return await finish('FAILED', `could not start ${component}: ${(error as Error).message}${note === '' ? '' : ` (${note})`}`, { candidateWeight: 0 });
  }

  const interrupt = new AbortController();
  let interruption: Interruption | undefined;
  const stop = (why: Interruption): void => {
    interruption ??= why;
    interrupt.abort();
  };
  const onExternal = (): void => stop(context.stopRequest() ?? { kind: 'close' });
  context.signal.addEventListener('abort', onExternal, { once: true });
  if (context.signal.aborted) onExternal();
  const running = candidate;
  void running.exited.then((exit) => stop({ kind: 'crash', reason: `${component} ${to} exited (code ${exit.code ?? exit.signal}) during the rollout` }));
  const watch = new AlarmWatch({
    alarms: context.deploy.alarms,
    metrics: runtime.metrics,
    versionsFor: (alarm) => versionsForAlarm(alarm, { live: runtime.live?.version, candidate: to }, 'candidate'),
    timeScale: context.timeScale,
    onAlarm: (firing) => stop({ kind: 'alarm', firing }),
  });
  runtime.setCandidate(running);
  watch.start();
  // CodeDeploy's BeforeAllowTraffic / AfterAllowTraffic hooks, locally: the component's smoke test against the candidate.
  const smoke = async (phase: 'pre-traffic' | 'post-traffic'): Promise<void> => {
    if (context.deploy.smokeTest === undefined || interrupt.signal.aborted) return;
    const result = await runSmokeTest({
      dir: candidateDir, script: context.deploy.smokeTest, phase, candidateUrl: `http://127.0.0.1:${running.port}`, component, candidate: to, current: runtime.live?.version,
    });
    if (!result.ok) stop({ kind: 'check', reason: `${phase} smoke test failed: ${result.summary}${result.output.trim() === '' ? '' : ` (${result.output.trim().split('\n').slice(-3).join(' | ')})`}` });
  };
  try {
    await smoke('pre-traffic');
    for (const step of context.plan.steps) {
      if (interrupt.signal.aborted) break;
      runtime.proxy.router.setCandidateWeight(step.weight);
      record.timeline.firstTrafficAt ??= Date.now();
      const stepStartedAt = Date.now();
      await context.update({ candidateWeight: runtime.live === undefined ? 100 : step.weight });
      const holdMs = step.weight === 100 ? (context.finalBakeMs ?? watch.longestWindowMs()) : step.holdMs * context.timeScale;
      await sleep(holdMs, interrupt.signal);
      if (interrupt.signal.aborted || step.analyse !== true || context.stepGate === undefined) continue;
      const verdict = await context.stepGate({
        deploymentId: record.progress.deploymentId, component, current: runtime.live?.version, candidate: to, step, stepStartedAt, metrics: runtime.metrics,
        ports: { candidate: running.port, ...(runtime.live === undefined ? {} : { current: runtime.live.port }) },
        ...(context.plan.analysis === undefined ? {} : { analysis: context.plan.analysis }),
      });
      // The workflow reads the verdicts from the progress it polls.
      const analyses = [...(record.progress.analyses ?? []), {
        weight: step.weight, verdict: verdict.verdict, reason: verdict.reason, at: new Date().toISOString(), ...(verdict.synthetic === true ? { synthetic: true } : {}),
      }];
      if (verdict.verdict === 'fail') {
        await context.update({ analyses });
        stop({ kind: 'analysis', reason: `analysis at ${step.weight}% failed: ${verdict.reason}` });
      } else {
        await context.update({ analyses, reason: `analysis at ${step.weight}%: ${verdict.verdict} (${verdict.reason})` });
      }
    }
    await smoke('post-traffic');
  } catch (error) {
    // A failing analysis or state write must not leave traffic split: treat it as a failure.
    stop({ kind: 'crash', reason: `the rollout broke off: ${(error as Error).message}` });
  } finally {
    watch.stop();
    context.signal.removeEventListener('abort', onExternal);
  }

  if (interruption === undefined) {
    await runtime.setLive(running);
    await context.promoted(to);
    const replaced = note === '' ? `; ${from} stopped` : `; ${note}`;
    return await finish('SUCCEEDED', `${component} ${to} took 100% of traffic (${context.plan.name})${replaced}`, { candidateWeight: 100 });
  }
  await rollBack(context, running, interruption);
}

/**
 * Starts the current version. When the source has no such version (nothing was ever deployed
 * from it), the rollout goes on as a first deploy with the candidate alone; a current version
 * that exists but will not start fails the rollout, since a rollback would have nowhere to go.
 */
async function startCurrent(context: RolloutContext): Promise<string> {
  const { runtime, record } = context;
  let dir: string;
  try {
    dir = await context.checkout(record.fromVersion);
  } catch (error) {
    if (record.fromVersion === record.toVersion || !(error instanceof NotFoundError)) throw error;
    return `${record.fromVersion} could not start (${error.message}); first deploy`;
  }
  await runtime.setLive(await runtime.startVersion(record.fromVersion, dir));
  return '';
}

/** All traffic back to the current version at once, then the candidate stopped. */
async function rollBack(context: RolloutContext, candidate: VersionProcess, why: Interruption): Promise<void> {
  const { runtime, record } = context;
  const hadCurrent = runtime.live !== undefined;
  runtime.setCandidate(undefined);
  record.timeline.trafficRestoredAt = Date.now();
  if (why.kind === 'alarm') {
    record.timeline.alarmAt = why.firing.at;
    if (why.firing.firstBreachAt !== undefined) record.timeline.firstBreachAt = why.firing.firstBreachAt;
  }
  await candidate.stop();
  if (why.kind === 'close') return stopped(context, candidate);
  const reason = why.kind === 'alarm' ? `alarm ${why.firing.alarm}: ${why.firing.reason}` : why.reason;
  const endedAt = new Date().toISOString();
  if (!hadCurrent) {
    await context.update({ status: 'FAILED', candidateWeight: 0, endedAt, reason: `${reason}; no current version to return to, so ${record.toVersion} was stopped` });
    return;
  }
  await context.update({
    status: 'ROLLED_BACK',
    candidateWeight: 0,
    endedAt,
    reason: `${reason}; all traffic back on ${record.fromVersion}, ${record.toVersion} stopped`,
    ...(why.kind === 'alarm' ? { alarm: why.firing.alarm } : {}),
  });
}

async function stopped(context: RolloutContext, candidate: VersionProcess | undefined): Promise<void> {
  context.runtime.setCandidate(undefined);
  await candidate?.stop();
  await context.update({
    status: 'STOPPED',
    candidateWeight: 0,
    endedAt: new Date().toISOString(),
    reason: `the local deployer was closed during the rollout; traffic was on ${context.record.fromVersion}`,
  });
}
