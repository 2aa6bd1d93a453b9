import { describe, expect, it } from 'vitest';
import { lines, valid, withComponent } from './helpers.js';

const lambda = { type: 'lambda', functionName: 'billing' };
const alarm = { name: 'errors', metric: 'Errors', statistic: 'Sum', threshold: 1, comparison: 'GreaterThanThreshold' };

function deploy(value: Record<string, unknown>) {
  return withComponent({ deploy: value });
}

describe('Schema: DeploySchema', () => {
  it('defaults to all-at-once with no alarms and a five-minute bake', () => {
    expect(valid(deploy({ target: lambda })).components[0]?.deploy).toEqual({
      target: { type: 'lambda', functionName: 'billing', alias: 'live' },
      strategy: { type: 'all-at-once' },
      alarms: [],
      existingAlarms: [],
      bake: '5m',
    });
  });

  it.each([
    [{ type: 'lambda', functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:billing', alias: 'prod' }, { type: 'canary', percent: 10, interval: '5m' }],
    [lambda, { type: 'linear', percent: 10, interval: '1m' }],
    [lambda, { type: 'stepped', steps: [10, 25, 50, 100], bake: '10m' }],
    [{ type: 'ecs', cluster: 'shop', service: 'web', container: 'app', application: 'web', deploymentGroup: 'prod' }, { type: 'blue-green' }],
    [{ type: 'server', application: 'worker', revisionLocation: 's3://bucket/worker' }, { type: 'rolling', minimumHealthyPercent: 75 }],
    [{ type: 'server', application: 'worker' }, { type: 'rolling' }],
    [{ type: 'local', command: ['node', 'server.js', '--port', '{port}'], port: 8080, cwd: 'app' }, { type: 'custom', config: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' }],
  ])('accepts target %j with strategy %j', (target, strategy) => {
    expect(valid(deploy({ target, strategy })).components[0]?.deploy?.strategy.type).toBe(strategy.type);
  });

  it('fills in the stepped analysis', () => {
    const config = valid(deploy({ target: lambda, strategy: { type: 'stepped', steps: [50, 100], bake: '5m', analysis: { minRequests: 10 } } }));

    expect(config.components[0]?.deploy?.strategy).toMatchObject({ analysis: { maxErrorRateIncrease: 1, maxLatencyIncreasePercent: 20, minRequests: 10, onInconclusive: 'synthetic' } });
  });

  it('refuses a strategy the target cannot run, naming the ones it can', () => {
    expect(lines(deploy({ target: lambda, strategy: { type: 'rolling' } }))).toEqual([
      'components[0].deploy.strategy.type: `type` cannot be used with a lambda target; use one of canary, linear, all-at-once, stepped, custom',
    ]);
  });

  it('lists the kinds of target for an unknown one', () => {
    expect(lines(deploy({ target: { type: 'k8s' } }))).toEqual([
      'components[0].deploy.target.type: `type` must be one of the known kinds: lambda, ecs, server, local',
    ]);
  });

  it('checks percentages, intervals and steps', () => {
    expect(lines(deploy({ target: lambda, strategy: { type: 'canary', percent: 100, interval: '30s' } }))).toEqual([
      'components[0].deploy.strategy.percent: `percent` must be between 0 and 100 (exclusive): the share that gets the candidate first, e.g. 10',
      'components[0].deploy.strategy.interval: `interval` must be between 1m and 2d (CodeDeploy shifts traffic in whole minutes, up to 2 days)',
    ]);
    expect(lines(deploy({ target: lambda, strategy: { type: 'stepped', steps: [50, 25, 100], bake: '5m' } }))).toEqual([
      'components[0].deploy.strategy.steps: `steps` must increase step by step and end at 100, such as [10, 25, 50, 100]',
    ]);
    expect(lines(deploy({ target: lambda, strategy: { type: 'stepped', steps: [10, 50], bake: '5m' } }))).toHaveLength(1);
  });

  it('allows one way of sizing a rolling batch', () => {
    expect(lines(deploy({ target: { type: 'server', application: 'w' }, strategy: { type: 'rolling', batch: 'OneAtATime', minimumHealthyHosts: 2 } }))).toEqual([
      'components[0].deploy.strategy: `strategy` must set only one of batch, minimumHealthyHosts and minimumHealthyPercent',
    ]);
  });

  it('checks the local target', () => {
    expect(lines(deploy({ target: { type: 'local', command: [], port: 70_000, healthPath: 'health', startupTimeout: '1h' } }))).toEqual([
      'components[0].deploy.target.command: `command` must not be empty',
      'components[0].deploy.target.port: `port` must be a port between 1 and 65535',
      'components[0].deploy.target.healthPath: `healthPath` must be an HTTP path starting with "/", such as "/health"',
      'components[0].deploy.target.startupTimeout: `startupTimeout` must be between 1s and 10m',
    ]);
  });

  it('checks alarms with CloudWatch rules', () => {
    const config = valid(deploy({ target: lambda, alarms: [{ ...alarm, period: '30s', statistic: 'p99.9' }, { ...alarm, name: 'latency', period: '5m', evaluationPeriods: 3, datapointsToAlarm: 2 }] }));
    expect(config.components[0]?.deploy?.alarms[0]).toMatchObject({ treatMissingData: 'missing', evaluationPeriods: 1, dimensions: {} });

    expect(lines(deploy({ target: lambda, alarms: [{ ...alarm, period: '45s', statistic: 'Median' }, alarm] }))).toEqual([
      'components[0].deploy.alarms[0].statistic: `statistic` must be Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99',
      'components[0].deploy.alarms[0].period: `period` must be 10s, 30s or a whole number of minutes (the periods CloudWatch alarms support)',
      'components[0].deploy.alarms[1].name: `name` is a duplicate: alarms[0] already has name "errors"; each name must be unique, so rename or remove one of them',
    ]);
    expect(lines(deploy({ target: lambda, alarms: [{ ...alarm, datapointsToAlarm: 2 }] }))).toEqual([
      'components[0].deploy.alarms[0].datapointsToAlarm: `datapointsToAlarm` must not exceed evaluationPeriods (N of M datapoints: N ≤ M)',
    ]);
    expect(lines(deploy({ target: lambda, alarms: [{ ...alarm, period: 'soon' }] }))).toEqual([
      'components[0].deploy.alarms[0].period: `period` must be a duration such as "30m", "2h", "3d" or "PT30M"',
    ]);
  });

  it('checks names of functions, aliases, locations and configs', () => {
    expect(lines(deploy({ target: { type: 'lambda', functionName: 'has space', alias: '12' } })).map((l) => l.split(':')[0])).toEqual([
      'components[0].deploy.target.functionName', 'components[0].deploy.target.alias',
    ]);
    expect(lines(deploy({ target: { type: 'server', application: 'w', revisionLocation: 'bucket' }, strategy: { type: 'custom', config: 'no spaces allowed' } })).map((l) => l.split(':')[0])).toEqual([
      'components[0].deploy.target.revisionLocation', 'components[0].deploy.strategy.config',
    ]);
  });
});
