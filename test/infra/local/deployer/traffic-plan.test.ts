import { describe, expect, it } from 'vitest';
import { StrategySchema } from '../../../../functions/core/config/deploy-schema.js';
import { ValidationError } from '../../../../functions/core/errors.js';
import { KNOWN_CONFIGS, trafficPlan } from '../../../../infra/local/deployer/traffic-plan.js';
import { WeightedRouter } from '../../../../infra/local/deployer/weighted-router.js';

const plan = (input: unknown) => trafficPlan(StrategySchema.parse(input));
const weights = (input: unknown) => plan(input).steps.map((step) => step.weight);

describe('Function: trafficPlan', () => {
  it('holds a canary for its interval, then shifts the rest at once', () => {
    expect(plan({ type: 'canary', percent: 10, interval: '5m' })).toEqual({
      name: 'Canary10Percent5Minutes',
      steps: [{ weight: 10, holdMs: 300_000 }, { weight: 100, holdMs: 0 }],
    });
  });

  it('adds the linear percentage every interval until all traffic is shifted', () => {
    expect(weights({ type: 'linear', percent: 10, interval: '1m' })).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(weights({ type: 'linear', percent: 33, interval: '1m' })).toEqual([33, 66, 99, 100]);
    expect(plan({ type: 'linear', percent: 25, interval: '2m' }).steps[0]?.holdMs).toBe(120_000);
  });

  it('shifts everything in one step for all-at-once', () => {
    expect(plan({ type: 'all-at-once' }).steps).toEqual([{ weight: 100, holdMs: 0 }]);
  });

  it.each([
    ['CodeDeployDefault.LambdaCanary10Percent5Minutes', [10, 100], 300_000],
    ['CodeDeployDefault.LambdaCanary10Percent30Minutes', [10, 100], 1_800_000],
    ['CodeDeployDefault.LambdaLinear10PercentEvery1Minute', [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 60_000],
    ['CodeDeployDefault.ECSLinear10PercentEvery3Minutes', [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 180_000],
    ['CodeDeployDefault.LambdaAllAtOnce', [100], 0],
    ['CodeDeployDefault.AllAtOnce', [100], 0],
  ] as const)('maps the predefined configuration %s', (config, expected, firstHold) => {
    const result = plan({ type: 'custom', config });
    expect(result.steps.map((step) => step.weight)).toEqual(expected);
    expect(result.steps[0]?.holdMs).toBe(firstHold);
  });

  it('knows every predefined Lambda and ECS configuration', () => {
    expect(KNOWN_CONFIGS.filter((name) => name.includes('Lambda'))).toHaveLength(9);
    expect(KNOWN_CONFIGS.filter((name) => name.includes('ECS'))).toHaveLength(5);
  });

  it('refuses a configuration it cannot know, naming the ones it can', () => {
    expect(() => plan({ type: 'custom', config: 'MyCompany.Canary5Percent' })).toThrow(ValidationError);
    const error = (() => {
      try {
        plan({ type: 'custom', config: 'CodeDeployDefault.HalfAtATime' });
      } catch (caught) {
        return caught as ValidationError;
      }
      throw new Error('expected a ValidationError');
    })();
    expect(error.problems[0]).toMatchObject({ path: 'strategy.config', value: 'CodeDeployDefault.HalfAtATime' });
    expect(error.problems[0]?.message).toContain('CodeDeployDefault.LambdaAllAtOnce');
  });

  it('holds each stepped step for the bake time and marks it for analysis', () => {
    const result = plan({ type: 'stepped', steps: [10, 50, 100], bake: '2m' });
    expect(result.steps).toEqual([
      { weight: 10, holdMs: 120_000, analyse: true },
      { weight: 50, holdMs: 120_000, analyse: true },
      { weight: 100, holdMs: 0, analyse: true },
    ]);
  });
});

describe('Class: WeightedRouter', () => {
  it('sends exactly the weight\'s share of every hundred requests to the candidate', () => {
    const router = new WeightedRouter();
    router.setCandidateWeight(10);
    const picks = Array.from({ length: 100 }, () => router.pick());
    expect(picks.filter((role) => role === 'candidate')).toHaveLength(10);
    // Spread out, not bunched: no two candidate picks in a row.
    expect(picks.join(',')).not.toContain('candidate,candidate');
  });

  it('sends everything to one side at 0 and at 100', () => {
    const router = new WeightedRouter();
    expect(router.pick()).toBe('current');
    router.setCandidateWeight(100);
    expect(Array.from({ length: 5 }, () => router.pick())).toEqual(Array(5).fill('candidate'));
  });

  it('refuses a weight outside 0–100', () => {
    expect(() => new WeightedRouter().setCandidateWeight(101)).toThrow(ValidationError);
  });
});
