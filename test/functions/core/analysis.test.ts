import { describe, expect, it } from 'vitest';
import { analyseStep, errorRate, figuresOf, judgeSyntheticChecks, percentile } from '../../../functions/core/analysis.js';

const thresholds = { maxErrorRateIncrease: 1, maxLatencyIncreasePercent: 20, minRequests: 100 };

describe('Function: analyseStep', () => {
  it('passes a candidate as good as the current version, listing what it compared', () => {
    const verdict = analyseStep({ candidate: { requests: 500, errors: 1, p99LatencyMs: 180 }, current: { requests: 4500, errors: 4, p99LatencyMs: 170 }, thresholds });

    expect(verdict).toMatchObject({ verdict: 'pass', lackOfTraffic: false });
    expect(verdict.reason).toBe('error rate 0.2% against 0.09%; p99 latency 180 ms against 170 ms (+5.88%)');
  });

  it('is inconclusive for lack of traffic below the minimum of requests', () => {
    const verdict = analyseStep({ candidate: { requests: 12, errors: 12 }, current: { requests: 90, errors: 0 }, thresholds });

    expect(verdict).toEqual({
      verdict: 'inconclusive', lackOfTraffic: true,
      reasons: ['only 12 request(s) reached the candidate; at least 100 are needed to judge it'],
      reason: 'only 12 request(s) reached the candidate; at least 100 are needed to judge it',
    });
  });

  it('fails a candidate whose error rate is more than the allowed points worse', () => {
    const verdict = analyseStep({ candidate: { requests: 200, errors: 10 }, current: { requests: 1800, errors: 9 }, thresholds });

    expect(verdict.verdict).toBe('fail');
    expect(verdict.reasons[0]).toBe('error rate 5% against 0.5%: more than 1 point(s) worse');
  });

  it('fails a slow candidate on p99 latency', () => {
    const verdict = analyseStep({ candidate: { requests: 200, errors: 0, p99LatencyMs: 260 }, current: { requests: 200, errors: 0, p99LatencyMs: 10 }, thresholds });

    expect(verdict.verdict).toBe('fail');
    expect(verdict.reasons[0]).toBe('p99 latency 260 ms against 10 ms (+2500%): more than 20% slower');
  });

  it('judges against zero errors and skips latency when the current version served nothing', () => {
    const clean = analyseStep({ candidate: { requests: 200, errors: 0, p99LatencyMs: 5 }, current: { requests: 0, errors: 0 }, thresholds });
    const failing = analyseStep({ candidate: { requests: 200, errors: 4, p99LatencyMs: 5 }, thresholds });

    expect(clean).toMatchObject({ verdict: 'pass', reason: 'error rate 0% against no baseline (0%); p99 latency not compared (no figures for both versions)' });
    expect(failing.verdict).toBe('fail');
  });

  it('reports a faster candidate with a negative change', () => {
    const verdict = analyseStep({ candidate: { requests: 100, errors: 0, p99LatencyMs: 8 }, current: { requests: 100, errors: 0, p99LatencyMs: 10 }, thresholds });

    expect(verdict.reason).toContain('(-20%)');
  });

  it('does not fail a latency difference below the noise floor, however large in percent', () => {
    const noise = analyseStep({ candidate: { requests: 100, errors: 0, p99LatencyMs: 4 }, current: { requests: 100, errors: 0, p99LatencyMs: 1 }, thresholds });
    const strict = analyseStep({ candidate: { requests: 100, errors: 0, p99LatencyMs: 4 }, current: { requests: 100, errors: 0, p99LatencyMs: 1 }, thresholds: { ...thresholds, latencyNoiseFloorMs: 0 } });

    expect(noise).toMatchObject({ verdict: 'pass', reason: 'error rate 0% against 0%; p99 latency 4 ms against 1 ms (+300%)' });
    expect(strict.verdict).toBe('fail');
  });

  it('does not compare latency against a current p99 of zero', () => {
    const verdict = analyseStep({ candidate: { requests: 100, errors: 0, p99LatencyMs: 8 }, current: { requests: 100, errors: 0, p99LatencyMs: 0 }, thresholds });

    expect(verdict).toMatchObject({ verdict: 'pass' });
    expect(verdict.reason).toContain('p99 latency not compared');
  });

  it('compares custom metrics in the direction that is worse for each', () => {
    const verdict = analyseStep({
      candidate: { requests: 100, errors: 0 }, current: { requests: 100, errors: 0 }, thresholds,
      custom: [
        { name: 'checkouts', candidate: 70, current: 100, maxWorsePercent: 10, higherIsBetter: true },
        { name: 'queue-depth', candidate: 104, current: 100, maxWorsePercent: 10 },
        { name: 'cold-starts', candidate: 150, current: 100, maxWorsePercent: 10 },
        { name: 'orders', candidate: 5, maxWorsePercent: 10 },
        { name: 'refunds', candidate: 5, current: 0, maxWorsePercent: 10 },
      ],
    });

    expect(verdict.verdict).toBe('fail');
    expect(verdict.reasons).toEqual([
      'checkouts 70 against 100: 30% worse, more than 10%',
      'cold-starts 150 against 100: 50% worse, more than 10%',
      'error rate 0% against 0%',
      'p99 latency not compared (no figures for both versions)',
      'queue-depth 104 against 100',
      'orders not compared (no figures for both versions)',
      'refunds not compared (no figures for both versions)',
    ]);
  });
});

describe('Function: judgeSyntheticChecks', () => {
  it('fails checks that got no answer rather than passing blindly', () => {
    expect(judgeSyntheticChecks({ candidate: { requests: 0, errors: 0 }, current: { requests: 20, errors: 0 }, thresholds })).toEqual({
      verdict: 'fail', reasons: ['synthetic checks could not reach the candidate'], reason: 'synthetic checks could not reach the candidate', lackOfTraffic: false,
    });
  });

  it('judges fewer checks than the traffic minimum, naming them as synthetic', () => {
    const verdict = judgeSyntheticChecks({ candidate: { requests: 20, errors: 0, p99LatencyMs: 300 }, current: { requests: 20, errors: 0, p99LatencyMs: 3 }, thresholds });

    expect(verdict.verdict).toBe('fail');
    expect(verdict.reason).toMatch(/^synthetic checks: p99 latency 300 ms against 3 ms/);
  });
});

describe('Function: percentile', () => {
  it('takes the nearest rank, as CloudWatch does', () => {
    expect(percentile([5, 1, 9, 3], 50)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99)).toBe(99);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([], 99)).toBeUndefined();
  });
});

describe('Function: figuresOf and errorRate', () => {
  it('counts requests, errors and the p99 of outcomes', () => {
    const figures = figuresOf([{ latencyMs: 10, error: false }, { latencyMs: 30, error: true }]);

    expect(figures).toEqual({ requests: 2, errors: 1, p99LatencyMs: 30 });
    expect(errorRate(figures)).toBe(50);
    expect(figuresOf([])).toEqual({ requests: 0, errors: 0 });
    expect(errorRate({ requests: 0, errors: 0 })).toBe(0);
  });
});
