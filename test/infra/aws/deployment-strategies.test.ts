import { describe, expect, it } from 'vitest';
import type { DeployConfig, StrategyConfig, UpkeepConfig } from '../../../functions/core/config/schema.js';
import { deploymentStrategies } from '../../../infra/aws/deployment-strategies.js';

const lambda = (strategy: StrategyConfig): DeployConfig => ({ target: { type: 'lambda', functionName: 'api', alias: 'live' }, strategy, alarms: [], existingAlarms: [], bake: '5m' });
const withRollouts = (rollouts: Record<string, StrategyConfig>): UpkeepConfig => ({ rollouts } as unknown as UpkeepConfig);

describe('Function: deploymentStrategies', () => {
  it('names a configuration for every named rollout, not only the emergency one', () => {
    // Act
    const planned = deploymentStrategies(withRollouts({
      emergency: { type: 'canary', percent: 25, interval: '5m' },
      gentle: { type: 'linear', percent: 10, interval: '1m' },
      now: { type: 'all-at-once' },
      mine: { type: 'custom', config: 'AcmeLambda' },
    }), 'api', lambda({ type: 'canary', percent: 10, interval: '10m' }));
    // Assess
    expect(planned.groupConfigName).toBe('CodeDeployDefault.LambdaCanary10Percent10Minutes');
    expect([...planned.configNames].sort()).toEqual(['AcmeLambda', 'CodeDeployDefault.LambdaAllAtOnce', 'CodeDeployDefault.LambdaCanary10Percent10Minutes', 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute', 'upkeep-api-emergency']);
    expect(planned.custom).toEqual([{ name: 'upkeep-api-emergency', strategy: { type: 'canary', percent: 25, interval: '5m' } }]);
    expect(planned.unusable).toEqual([]);
  });

  it('leaves stepped rollouts of a Lambda to the stepped deployer, and says so', () => {
    const planned = deploymentStrategies(withRollouts({ careful: { type: 'stepped', steps: [10, 100], bake: '5m', analysis: { maxErrorRateIncrease: 1, maxLatencyIncreasePercent: 20, minRequests: 100, onInconclusive: 'synthetic' } } }), 'api', lambda({ type: 'all-at-once' }));
    expect(planned.stepped).toBe(true);
    expect(planned.custom).toEqual([]);
    expect(deploymentStrategies(withRollouts({}), 'api', lambda({ type: 'all-at-once' })).stepped).toBe(false);
  });

  it('reports a named rollout the target cannot run, with why', () => {
    const server: DeployConfig = { target: { type: 'server', application: 'worker' }, strategy: { type: 'all-at-once' }, alarms: [], existingAlarms: [], bake: '5m' };
    const planned = deploymentStrategies(withRollouts({ emergency: { type: 'canary', percent: 25, interval: '5m' } }), 'worker', server);
    expect(planned.unusable).toEqual([{ rollout: 'emergency', reason: 'component worker: a canary rollout cannot run on a server target through CodeDeploy' }]);
  });

  it('refuses two strategies that would share a configuration name with different settings', () => {
    const act = (): unknown => deploymentStrategies(withRollouts({ canary: { type: 'canary', percent: 30, interval: '5m' } }), 'api', lambda({ type: 'canary', percent: 20, interval: '5m' }));
    expect(act).toThrow('api: named rollout "canary" and another strategy both need the CodeDeploy configuration upkeep-api-canary, with different settings; rename the rollout');
  });
});
