import type { StrategyConfig } from '../../../functions/core/config/schema.js';
import { requireDuration } from '../../../functions/core/duration.js';
import { ValidationError } from '../../../functions/core/errors.js';

/** One traffic step: the candidate's share, held for a time before the next step. */
export interface TrafficStep {
  /** Percent of requests sent to the candidate, 1–100. */
  readonly weight: number;
  /** How long the step lasts, in configuration time (before `timeScale`). */
  readonly holdMs: number;
  /** Stepped rollouts: the step ends with an analysis of candidate against current (issue 8). */
  readonly analyse?: boolean;
}

/** How traffic moves, derived from a strategy: the steps and a name for reports. */
export interface TrafficPlan {
  /** The CodeDeploy-style name, e.g. `Canary10Percent5Minutes`. */
  readonly name: string;
  /** Steps in order; the last one has weight 100. */
  readonly steps: readonly TrafficStep[];
  /** Stepped rollouts: the thresholds each step's analysis applies (`strategy.analysis`). */
  readonly analysis?: Extract<StrategyConfig, { type: 'stepped' }>['analysis'];
}

const MINUTE = 60_000;

/**
 * CodeDeploy's predefined Lambda and ECS configurations, by name, as `[kind, percent, minutes]`.
 * Server in-place configs (`HalfAtATime`, `OneAtATime`) count hosts, which a single local
 * process does not have, so only `CodeDeployDefault.AllAtOnce` of those is known here.
 */
const PREDEFINED: Readonly<Record<string, readonly ['canary' | 'linear', number, number] | readonly ['all-at-once']>> = {
  'CodeDeployDefault.LambdaCanary10Percent5Minutes': ['canary', 10, 5],
  'CodeDeployDefault.LambdaCanary10Percent10Minutes': ['canary', 10, 10],
  'CodeDeployDefault.LambdaCanary10Percent15Minutes': ['canary', 10, 15],
  'CodeDeployDefault.LambdaCanary10Percent30Minutes': ['canary', 10, 30],
  'CodeDeployDefault.LambdaLinear10PercentEvery1Minute': ['linear', 10, 1],
  'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes': ['linear', 10, 2],
  'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes': ['linear', 10, 3],
  'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes': ['linear', 10, 10],
  'CodeDeployDefault.LambdaAllAtOnce': ['all-at-once'],
  'CodeDeployDefault.ECSCanary10Percent5Minutes': ['canary', 10, 5],
  'CodeDeployDefault.ECSCanary10Percent15Minutes': ['canary', 10, 15],
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': ['linear', 10, 1],
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': ['linear', 10, 3],
  'CodeDeployDefault.ECSAllAtOnce': ['all-at-once'],
  'CodeDeployDefault.AllAtOnce': ['all-at-once'],
};

/** Names of the CodeDeploy configurations a `custom` strategy can use locally. */
export const KNOWN_CONFIGS: readonly string[] = Object.keys(PREDEFINED);

/**
 * The traffic steps for a strategy, following CodeDeploy: canary N% for M minutes then 100%;
 * linear N% more every M minutes until 100% (10% every minute is ten steps, the last one 100%);
 * all at once. `custom` names a predefined configuration; `stepped` holds each step for `bake`.
 *
 * @example
 * ```ts
 * trafficPlan({ type: 'canary', percent: 10, interval: '5m' }).steps; // [{ weight: 10, holdMs: 300000 }, { weight: 100, holdMs: 0 }]
 * ```
 */
export function trafficPlan(strategy: StrategyConfig): TrafficPlan {
  switch (strategy.type) {
    case 'canary':
      return canary(strategy.percent, requireDuration(strategy.interval, 'strategy.interval') * 1000);
    case 'linear':
      return linear(strategy.percent, requireDuration(strategy.interval, 'strategy.interval') * 1000);
    case 'all-at-once':
      return { name: 'AllAtOnce', steps: [{ weight: 100, holdMs: 0 }] };
    case 'stepped': {
      const bakeMs = requireDuration(strategy.bake, 'strategy.bake') * 1000;
      return {
        name: `Stepped${strategy.steps.join('-')}`,
        steps: strategy.steps.map((weight) => ({ weight, holdMs: weight === 100 ? 0 : bakeMs, analyse: true })),
        analysis: strategy.analysis,
      };
    }
    case 'custom': {
      const known = PREDEFINED[strategy.config];
      if (known === undefined) {
        throw new ValidationError(`strategy.config is not a CodeDeploy configuration local mode knows, got "${strategy.config}"`, [
          { path: 'strategy.config', value: strategy.config, message: `must be one of ${KNOWN_CONFIGS.join(', ')}; or use a canary or linear strategy with your own numbers` },
        ]);
      }
      if (known[0] === 'all-at-once') return { name: 'AllAtOnce', steps: [{ weight: 100, holdMs: 0 }] };
      return known[0] === 'canary' ? canary(known[1], known[2] * MINUTE) : linear(known[1], known[2] * MINUTE);
    }
    case 'blue-green':
    case 'rolling':
      throw new ValidationError(`strategy.type ${strategy.type} cannot be used with a local target; use canary, linear, all-at-once, stepped or custom`, [
        { path: 'strategy.type', value: strategy.type, message: 'local mode runs one process per version, so it shifts traffic by weight' },
      ]);
  }
}

function canary(percent: number, intervalMs: number): TrafficPlan {
  return {
    name: `Canary${percent}Percent${intervalMs / MINUTE}Minutes`,
    steps: [{ weight: percent, holdMs: intervalMs }, { weight: 100, holdMs: 0 }],
  };
}

function linear(percent: number, intervalMs: number): TrafficPlan {
  const steps: TrafficStep[] = [];
  // Integer tenths avoid 0.1 + 0.2 drift when percent is fractional.
  for (let tenths = percent * 10; tenths < 1000; tenths += percent * 10) {
    steps.push({ weight: Math.round(tenths) / 10, holdMs: intervalMs });
  }
  steps.push({ weight: 100, holdMs: 0 });
  return { name: `Linear${percent}PercentEvery${intervalMs / MINUTE}Minutes`, steps };
}
