import type { StrategyConfig } from './config/deploy-schema.js';
import { ValidationError } from './errors.js';

/** The named rollout (under `rollouts:`) the emergency lane takes when policy names none. */
export const EMERGENCY_ROLLOUT_NAME = 'emergency';

/** The strategy a rollout runs with, and the named rollout it came from (if any). */
export interface ChosenStrategy {
  readonly strategy: StrategyConfig;
  /** The `rollouts:` entry used; absent for the component's own strategy. */
  readonly rolloutName?: string;
}

/**
 * Which strategy a rollout takes: the named rollout policy chose (`actions.rollout`), else in
 * the emergency lane `rollouts.emergency` when declared, else the component's own
 * `deploy.strategy`. A name that is not declared is a `ValidationError` (config validation
 * refuses it too, but policies can also be changed through the API).
 *
 * @example
 * ```ts
 * chooseStrategy(deploy.strategy, config.rollouts, { emergency: true }); // { strategy: { type: 'canary', percent: 50, interval: '1m' }, rolloutName: 'emergency' }
 * ```
 */
export function chooseStrategy(
  own: StrategyConfig,
  rollouts: Readonly<Record<string, StrategyConfig>>,
  request: { readonly emergency?: boolean; readonly rollout?: string },
): ChosenStrategy {
  if (request.rollout !== undefined) {
    const named = rollouts[request.rollout];
    if (named === undefined) {
      const known = Object.keys(rollouts);
      throw new ValidationError(`rollout "${request.rollout}" is not declared under rollouts in upkeep.yaml (${known.length === 0 ? 'none are' : known.map((k) => `"${k}"`).join(', ')})`, [
        { path: 'rollouts', value: request.rollout, message: 'declare it under rollouts, or change the policy that names it' },
      ]);
    }
    return { strategy: named, rolloutName: request.rollout };
  }
  const emergency = request.emergency === true ? rollouts[EMERGENCY_ROLLOUT_NAME] : undefined;
  return emergency === undefined ? { strategy: own } : { strategy: emergency, rolloutName: EMERGENCY_ROLLOUT_NAME };
}
