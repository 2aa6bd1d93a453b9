import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../functions/core/errors.js';
import { computeStatistic, evaluateAlarm, evaluationRange, type AlarmRule, type AlarmState, type Datapoint } from '../../../../infra/local/deployer/alarm-evaluator.js';
import { MetricStore } from '../../../../infra/local/deployer/metric-store.js';

type Treatment = AlarmRule['treatMissingData'];
const TREATMENTS: readonly Treatment[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

/** `0` is within the threshold, `X` breaches it, `-` is missing; oldest first, as in the AWS guide. */
function series(text: string): Datapoint[] {
  return text.split(' ').map((cell) => (cell === '-' ? undefined : cell === 'X' ? 10 : 0));
}

function rule(evaluationPeriods: number, datapointsToAlarm: number, treatMissingData: Treatment): AlarmRule {
  return { metric: 'ErrorRate', statistic: 'Average', evaluationPeriods, datapointsToAlarm, threshold: 5, comparison: 'GreaterThanThreshold', treatMissingData };
}

/** `retain` means the alarm keeps whatever state it had. */
type Expected = AlarmState | 'retain';

function assertRow(m: number, n: number, data: string, expected: Record<Treatment, Expected>): void {
  for (const treatment of TREATMENTS) {
    const want = expected[treatment];
    if (want === 'retain') {
      for (const previous of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const) {
        expect(evaluateAlarm(rule(m, n, treatment), series(data), previous).state, `${data} ${treatment} from ${previous}`).toBe(previous);
      }
    } else {
      // The previous state must not matter when the guide names a state.
      for (const previous of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const) {
        expect(evaluateAlarm(rule(m, n, treatment), series(data), previous).state, `${data} ${treatment} from ${previous}`).toBe(want);
      }
    }
  }
}

describe('Function: evaluateAlarm', () => {
  describe('3 of 3 datapoints (the first table of "Configuring how CloudWatch alarms treat missing data")', () => {
    it.each([
      ['0 - X - X', { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
      ['0 - - - -', { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
      ['- - - - -', { missing: 'INSUFFICIENT_DATA', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' }],
      ['0 X X - X', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' }],
      ['- - X - -', { missing: 'ALARM', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' }],
    ] as const)('evaluates %s as the guide does', (data, expected) => {
      assertRow(3, 3, data, expected);
    });
  });

  describe('2 of 3 datapoints (the second table: an M out of N alarm)', () => {
    it.each([
      ['0 - X - X', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' }],
      ['0 0 X 0 X', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' }],
      ['0 - X - -', { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' }],
      ['- - - - 0', { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' }],
      ['- - - X -', { missing: 'ALARM', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' }],
    ] as const)('evaluates %s as the guide does', (data, expected) => {
      assertRow(3, 2, data, expected);
    });
  });

  it('does not alarm prematurely on a single recent breach (- - - - X, 3 of 3)', () => {
    const result = evaluateAlarm(rule(3, 3, 'missing'), series('- - - - X'));
    expect(result.state).toBe('OK');
  });

  it('uses only the most recent M real datapoints when the range holds at least M', () => {
    // Prepare: the two old breaches are outside the three most recent real datapoints.
    const result = evaluateAlarm(rule(3, 2, 'breaching'), series('X X 0 - 0 0'));
    // Assess
    expect(result.state).toBe('OK');
    expect(result).toMatchObject({ real: 3, filled: 0, breaching: 0 });
  });

  it('fills only the shortfall, from the most recent missing slots', () => {
    const result = evaluateAlarm(rule(3, 3, 'breaching'), series('0 - X - -'));
    expect(result).toMatchObject({ real: 2, filled: 1, breaching: 2, state: 'OK' });
  });

  it('counts N breaching datapoints anywhere in the M, not only consecutive ones', () => {
    expect(evaluateAlarm(rule(3, 2, 'missing'), series('X 0 X')).state).toBe('ALARM');
    expect(evaluateAlarm(rule(3, 2, 'missing'), series('X 0 0')).state).toBe('OK');
  });

  it('reports changes of state, the reason in CloudWatch terms and where the first breach was', () => {
    const result = evaluateAlarm(rule(3, 2, 'missing'), [1, 40, 60], 'OK');
    expect(result.changed).toBe(true);
    expect(result.reason).toMatch(/^ErrorRate > 5 for 2 of 3 datapoints \(Average: 1, 40, 60; 2 needed to alarm/);
    expect(result.firstBreachIndex).toBe(1);
    expect(evaluateAlarm(rule(3, 2, 'missing'), [1, 40, 60], 'ALARM').changed).toBe(false);
  });

  it('defaults datapointsToAlarm to evaluationPeriods', () => {
    const base = { ...rule(3, 3, 'missing'), datapointsToAlarm: undefined };
    expect(evaluateAlarm(base, series('X X 0')).state).toBe('OK');
    expect(evaluateAlarm(base, series('X X X')).state).toBe('ALARM');
  });

  describe('while a watch has seen fewer than M periods', () => {
    it('alarms as soon as N datapoints breach', () => {
      expect(evaluateAlarm(rule(3, 2, 'missing'), series('X X')).state).toBe('ALARM');
    });

    it('keeps its state until it can decide', () => {
      expect(evaluateAlarm(rule(3, 2, 'missing'), series('X')).state).toBe('INSUFFICIENT_DATA');
      expect(evaluateAlarm(rule(3, 2, 'notBreaching'), series('0 0'), 'OK').state).toBe('OK');
      expect(evaluateAlarm(rule(3, 2, 'breaching'), series('-')).state).toBe('INSUFFICIENT_DATA');
      expect(evaluateAlarm(rule(3, 2, 'breaching'), series('- -')).state).toBe('ALARM');
    });
  });

  it.each([
    ['GreaterThanThreshold', [5, 5.1], [false, true]],
    ['GreaterThanOrEqualToThreshold', [4.9, 5], [false, true]],
    ['LessThanThreshold', [5, 4.9], [false, true]],
    ['LessThanOrEqualToThreshold', [5.1, 5], [false, true]],
  ] as const)('compares with %s at the threshold boundary', (comparison, values, breachingExpected) => {
    values.forEach((value, index) => {
      const state = evaluateAlarm({ ...rule(1, 1, 'missing'), comparison }, [value]).state;
      expect(state === 'ALARM').toBe(breachingExpected[index]);
    });
  });

  it('looks at M + 2 periods, as the guide\'s 5-slot range for M = 3', () => {
    expect(evaluationRange(3)).toBe(5);
  });
});

describe('Function: computeStatistic', () => {
  const samples = [10, 20, 30, 40, 1000];

  it.each([
    ['SampleCount', 5], ['Sum', 1100], ['Average', 220], ['Minimum', 10], ['Maximum', 1000], ['p50', 30], ['p80', 40], ['p99', 1000],
  ] as const)('computes %s', (statistic, expected) => {
    expect(computeStatistic(samples, statistic)).toBe(expected);
  });

  it('returns a missing datapoint for a period without samples', () => {
    expect(computeStatistic([], 'Average')).toBeUndefined();
  });

  it('refuses an unknown statistic by name', () => {
    expect(() => computeStatistic([1], 'Median')).toThrow(ValidationError);
  });
});

describe('Class: MetricStore › alarms on recorded series', () => {
  const period = 1000;
  const base = 1_700_000_000_000; // on the 1-second grid
  const alarm = (treatMissingData: Treatment) => ({ ...rule(3, 2, treatMissingData), metric: 'ErrorRate' });

  /** Records `requests` requests of which `errors` failed, inside period `index` after `base`. */
  function recordPeriod(store: MetricStore, index: number, requests: number, errors: number): void {
    for (let i = 0; i < requests; i += 1) {
      store.record('1.2.0', { at: base + index * period + 10 + i, latencyMs: 5 + i, error: i < errors, synthetic: true });
    }
  }

  function evaluateAt(store: MetricStore, periods: number, treatMissingData: Treatment): AlarmState {
    const points = store.series({ metric: 'ErrorRate', statistic: 'Average', versions: ['1.2.0'], periodMs: period, end: base + periods * period, count: evaluationRange(3) });
    return evaluateAlarm(alarm(treatMissingData), points.map((p) => p.value)).state;
  }

  it('turns requests into ErrorRate, Errors, Requests and Latency datapoints per period', () => {
    const store = new MetricStore();
    recordPeriod(store, 0, 10, 3);
    const query = { versions: ['1.2.0'], periodMs: period, end: base + period, count: 1 };
    expect(store.series({ ...query, metric: 'ErrorRate', statistic: 'Average' })[0]?.value).toBeCloseTo(30);
    expect(store.series({ ...query, metric: 'Errors', statistic: 'Sum' })[0]?.value).toBe(3);
    expect(store.series({ ...query, metric: 'Requests', statistic: 'Sum' })[0]?.value).toBe(10);
    expect(store.series({ ...query, metric: 'Latency', statistic: 'Maximum' })[0]?.value).toBe(14);
    expect(store.series({ ...query, metric: 'Throttles', statistic: 'Sum' })[0]?.value).toBeUndefined();
  });

  it('alarms on 2 of 3 breaching periods with a quiet period between them', () => {
    const store = new MetricStore();
    recordPeriod(store, 0, 20, 10); // 50%
    recordPeriod(store, 1, 20, 0); // 0%
    recordPeriod(store, 2, 20, 4); // 20%
    expect(evaluateAt(store, 2, 'missing')).toBe('OK'); // 1 of 2 real, one fill: not yet
    expect(evaluateAt(store, 3, 'missing')).toBe('ALARM');
  });

  it('lets the missing-data treatment decide a period without traffic', () => {
    const store = new MetricStore();
    recordPeriod(store, 0, 20, 0);
    recordPeriod(store, 1, 20, 20);
    // Periods 2 and 3 have no requests: missing datapoints.
    expect(evaluateAt(store, 4, 'breaching')).toBe('ALARM');
    expect(evaluateAt(store, 4, 'notBreaching')).toBe('OK');
    expect(evaluateAt(store, 4, 'missing')).toBe('OK');
  });

  it('leaves out periods that began before a watch did', () => {
    const store = new MetricStore();
    recordPeriod(store, 0, 10, 10);
    const points = store.series({ metric: 'ErrorRate', statistic: 'Average', versions: ['1.2.0'], periodMs: period, end: base + 3 * period, count: 5, notBefore: base + 1 });
    expect(points.map((p) => p.start)).toEqual([base + period, base + 2 * period]);
  });
});
