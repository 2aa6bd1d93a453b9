import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/core/errors.js';
import { chooseStrategy } from '../../../functions/core/rollout-choice.js';

const own = { type: 'canary', percent: 10, interval: '10m' } as const;
const emergency = { type: 'canary', percent: 50, interval: '1m' } as const;
const fast = { type: 'all-at-once' } as const;

describe('Function: chooseStrategy', () => {
  it('takes the component\'s own strategy by default', () => {
    expect(chooseStrategy(own, { emergency }, {})).toEqual({ strategy: own });
  });

  it('takes rollouts.emergency in the emergency lane', () => {
    expect(chooseStrategy(own, { emergency }, { emergency: true })).toEqual({ strategy: emergency, rolloutName: 'emergency' });
  });

  it('keeps the component\'s strategy in the emergency lane when no emergency rollout is declared', () => {
    expect(chooseStrategy(own, {}, { emergency: true })).toEqual({ strategy: own });
  });

  it('takes the rollout policy named, even in the emergency lane', () => {
    expect(chooseStrategy(own, { emergency, fast }, { emergency: true, rollout: 'fast' })).toEqual({ strategy: fast, rolloutName: 'fast' });
  });

  it('refuses a rollout that is not declared, listing those that are', () => {
    expect(() => chooseStrategy(own, { emergency }, { rollout: 'fast' })).toThrow(ValidationError);
    expect(() => chooseStrategy(own, { emergency }, { rollout: 'fast' })).toThrow('rollout "fast" is not declared under rollouts in upkeep.yaml ("emergency")');
    expect(() => chooseStrategy(own, {}, { rollout: 'fast' })).toThrow('(none are)');
  });
});
