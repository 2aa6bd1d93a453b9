import { Agent, get } from 'node:http';
import { analyseStep, figuresOf, judgeSyntheticChecks, type AnalysisVerdict, type VersionFigures } from '../../../functions/core/analysis.js';
import type { StepContext, StepGate, StepVerdict } from './rollout-runner.js';

/** Options of {@link stepAnalysisGate}. */
export interface StepAnalysisOptions {
  /** The path synthetic checks request on each version. @default '/' */
  readonly path?: string;
  /** Requests sent at once per version during synthetic checks. @default 10 */
  readonly concurrency?: number;
  /** Per-request time limit of a synthetic check, in ms. @default 5000 */
  readonly timeoutMs?: number;
  /** Called with every verdict (progress lines, tests). */
  readonly onVerdict?: (context: StepContext, verdict: AnalysisVerdict & { readonly synthetic: boolean }) => void;
}

/** Samples older than this are not a baseline for the current version. */
const BASELINE_MS = 600_000;

/**
 * The local deployer's `stepGate` for stepped rollouts: the analysis of
 * `functions/core/analysis.ts` on the proxy's samples of real (user) traffic in the step — the
 * traffic generator's requests do not count. When too few real requests reached the candidate,
 * and the strategy says `onInconclusive: synthetic`, it sends `minRequests` checks straight to
 * each version's own port and judges those instead of passing blindly; `fail` fails at once.
 *
 * @example
 * ```ts
 * new LocalTrafficDeployer({ dataDir, config, stepGate: stepAnalysisGate({ path: '/' }) });
 * ```
 */
export function stepAnalysisGate(options: StepAnalysisOptions = {}): StepGate {
  return async (context) => {
    const analysis = context.analysis ?? { maxErrorRateIncrease: 1, maxLatencyIncreasePercent: 20, minRequests: 100, onInconclusive: 'synthetic' as const };
    const now = Date.now();
    const real = (version: string | undefined, from: number) =>
      version === undefined ? [] : context.metrics.samples(version, from, now + 1).filter((sample) => !sample.synthetic);
    const candidate = figuresOf(real(context.candidate, context.stepStartedAt));
    let currentSamples = real(context.current, context.stepStartedAt);
    // At 100% the current version serves nothing in the step: its earlier traffic is the baseline.
    if (currentSamples.length < analysis.minRequests) currentSamples = real(context.current, now - BASELINE_MS);
    const verdict = analyseStep({ candidate, current: figuresOf(currentSamples), thresholds: analysis });
    if (verdict.verdict !== 'inconclusive' || !verdict.lackOfTraffic) return report(options, context, verdict, false);
    if (analysis.onInconclusive === 'fail') {
      return report(options, context, { ...verdict, verdict: 'fail', reason: `${verdict.reason}; the strategy fails a step it cannot judge (onInconclusive: fail)` }, false);
    }
    const candidatePort = context.ports?.candidate;
    if (candidatePort === undefined) return report(options, context, { ...verdict, verdict: 'fail', reason: `${verdict.reason}; no port to send synthetic checks to` }, true);
    const [probedCandidate, probedCurrent] = await Promise.all([
      probe(candidatePort, analysis.minRequests, options),
      context.ports?.current === undefined ? Promise.resolve(undefined) : probe(context.ports.current, analysis.minRequests, options),
    ]);
    const checked = judgeSyntheticChecks({ candidate: probedCandidate, ...(probedCurrent === undefined ? {} : { current: probedCurrent }), thresholds: analysis });
    return report(options, context, { ...checked, reason: `${verdict.reason}, so ${analysis.minRequests} synthetic checks were sent to each version: ${checked.reason}` }, true);
  };
}

function report(options: StepAnalysisOptions, context: StepContext, verdict: AnalysisVerdict, synthetic: boolean): StepVerdict {
  options.onVerdict?.(context, { ...verdict, synthetic });
  return { verdict: verdict.verdict, reason: verdict.reason, ...(synthetic ? { synthetic: true } : {}) };
}

/** `count` GET requests to 127.0.0.1:`port`, `concurrency` at a time; a 5xx or no answer is an error. */
async function probe(port: number, count: number, options: StepAnalysisOptions): Promise<VersionFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency ?? 10 });
  const concurrency = Math.min(options.concurrency ?? 10, count);
  // Warm-up requests (not counted): a version's first answers pay for connections and a cold JIT, which is not what is compared.
  await Promise.all(Array.from({ length: concurrency }, () => once(port, options.path ?? '/', agent, options.timeoutMs ?? 5000)));
  const outcomes: { latencyMs: number; error: boolean }[] = [];
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      sent += 1;
      outcomes.push(await once(port, options.path ?? '/', agent, options.timeoutMs ?? 5000));
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  // A request that got no answer counts as an error.
  return figuresOf(outcomes);
}

function once(port: number, path: string, agent: Agent, timeoutMs: number): Promise<{ latencyMs: number; error: boolean }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path, agent, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve({ latencyMs: performance.now() - started, error: (response.statusCode ?? 500) >= 500 }));
      response.on('error', () => resolve({ latencyMs: performance.now() - started, error: true }));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve({ latencyMs: performance.now() - started, error: true }));
  });
}
