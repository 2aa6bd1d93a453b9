import { describe, expect, it } from 'vitest';
import { assessRisk, performanceDeltaPercent, riskLevelFor, simulationPassRate } from '../../../functions/core/risk.js';
import type { RiskInput } from '../../../functions/core/risk.js';
import type { BenchmarkComparison, SimulationResult } from '../../../functions/core/types.js';

const DAY_MS = 86_400_000;

function simulation(run: number, passed: number, extra: Partial<SimulationResult> = {}): SimulationResult {
  return { status: 'PASSED', suites: { unit: { run, passed, failed: run - passed, skipped: 0 } }, durationSeconds: 30, ...extra };
}

function input(overrides: Partial<RiskInput> = {}): RiskInput {
  return {
    updateType: 'patch',
    breaking: { breaking: false, reasons: [] },
    simulation: simulation(100, 100),
    priority: 'LOW',
    releaseAgeMs: 30 * DAY_MS,
    performanceTolerancePercent: 10,
    ...overrides,
  };
}

function points(overrides: Partial<RiskInput>, factor: string): number | undefined {
  return assessRisk(input(overrides)).factors.find((f) => f.factor === factor)?.points;
}

const latency = (baseline: number, candidate: number): BenchmarkComparison => ({ metric: 'p95 latency', unit: 'ms', baseline, candidate, higherIsBetter: false });

describe('Function: assessRisk', () => {
  it('scores a fully tested, month-old patch as LOW and lists every factor', () => {
    // Act
    const risk = assessRisk(input());

    // Assess
    expect(risk).toMatchObject({ level: 'LOW', score: 5 });
    expect(risk.factors.map((f) => f.factor)).toEqual(['update type', 'breaking changes', 'simulation', 'performance', 'priority', 'release age']);
    expect(risk.factors.every((f) => f.why.length > 0)).toBe(true);
  });

  it('scores a tested breaking major as HIGH', () => {
    // Act
    const risk = assessRisk(input({ updateType: 'major', breaking: { breaking: true, reasons: ['major version bump', 'BREAKING in changelog'] } }));

    // Assess
    expect(risk).toMatchObject({ level: 'HIGH', score: 55 });
    expect(risk.factors[1]?.why).toBe('breaking changes signalled: major version bump; BREAKING in changelog');
  });

  it('scores a failed breaking major as CRITICAL and says why the simulation failed', () => {
    // Act
    const risk = assessRisk(input({
      updateType: 'major', breaking: { breaking: true, reasons: ['major version bump'] }, simulation: simulation(10, 3, { status: 'FAILED', reason: 'integration suite failed' }),
    }));

    // Assess
    expect(risk.level).toBe('CRITICAL');
    expect(risk.factors[2]).toEqual({ factor: 'simulation', points: 50, why: 'the simulation failed: integration suite failed' });
  });

  it.each([
    ['major', 30], ['prerelease', 25], ['minor', 10], ['patch', 5], ['none', 0],
  ] as const)('gives a %s update %i points', (updateType, expected) => {
    // Act & Assess
    expect(points({ updateType }, 'update type')).toBe(expected);
  });

  it.each([
    ['no simulation', null, 30],
    ['a failed simulation without a reason', simulation(1, 0, { status: 'FAILED' }), 50],
    ['a passing simulation that ran no tests', simulation(0, 0), 15],
    ['all tests passing', simulation(200, 200), 0],
    ['96% passing', simulation(100, 96), 5],
    ['85% passing', simulation(100, 85), 15],
    ['60% passing', simulation(100, 60), 30],
  ] as const)('scores %s', (_, sim, expected) => {
    // Act & Assess
    expect(points({ simulation: sim }, 'simulation')).toBe(expected);
  });

  it.each([
    ['no simulation', null, 0, 'no benchmark was measured'],
    ['no benchmark', simulation(1, 1), 0, 'no benchmark was measured'],
    ['a zero baseline', simulation(1, 1, { benchmark: latency(0, 5) }), 0, 'p95 latency has no positive baseline to compare with'],
    ['a 25% slowdown', simulation(1, 1, { benchmark: latency(100, 125) }), 20, 'p95 latency 100 → 125 ms: 25.0% worse, beyond the 10% tolerance'],
    ['a 5% slowdown', simulation(1, 1, { benchmark: latency(100, 105) }), 5, 'p95 latency 100 → 105 ms: 5.0% worse, within the 10% tolerance'],
    ['a speed-up', simulation(1, 1, { benchmark: latency(100, 90) }), 0, 'p95 latency 100 → 90 ms: no worse than the baseline'],
  ] as const)('scores performance with %s', (_, sim, expected, why) => {
    // Act
    const factor = assessRisk(input({ simulation: sim })).factors.find((f) => f.factor === 'performance');

    // Assess
    expect(factor).toEqual({ factor: 'performance', points: expected, why });
  });

  it.each([['CRITICAL', 10], ['HIGH', 5], ['MEDIUM', 0], ['LOW', 0]] as const)('gives %s priority %i points', (priority, expected) => {
    // Act & Assess
    expect(points({ priority }, 'priority')).toBe(expected);
  });

  it.each([
    ['unknown', null, 10], ['2 hours', 2 * 3_600_000, 20], ['3 days', 3 * DAY_MS, 10], ['a week', 7 * DAY_MS, 0],
  ] as const)('scores a release age of %s', (_, releaseAgeMs, expected) => {
    // Act & Assess
    expect(points({ releaseAgeMs }, 'release age')).toBe(expected);
  });
});

describe('Function: riskLevelFor', () => {
  it.each([[0, 'LOW'], [19, 'LOW'], [20, 'MEDIUM'], [44, 'MEDIUM'], [45, 'HIGH'], [69, 'HIGH'], [70, 'CRITICAL'], [200, 'CRITICAL']] as const)(
    'puts %i points at %s',
    (score, level) => {
      // Act & Assess
      expect(riskLevelFor(score)).toBe(level);
    },
  );
});

describe('Function: simulationPassRate', () => {
  it('pools all suites and is null when nothing ran', () => {
    // Prepare
    const sim: SimulationResult = {
      status: 'PASSED',
      suites: { unit: { run: 90, passed: 90, failed: 0, skipped: 0 }, integration: { run: 10, passed: 8, failed: 2, skipped: 1 } },
      durationSeconds: 1,
    };

    // Act & Assess
    expect(simulationPassRate(sim)).toBe(0.98);
    expect(simulationPassRate({ ...sim, suites: {} })).toBeNull();
  });
});

describe('Function: performanceDeltaPercent', () => {
  it('is positive when worse, for figures where lower and where higher is better', () => {
    // Act & Assess
    expect(performanceDeltaPercent(latency(100, 112))).toBeCloseTo(12);
    expect(performanceDeltaPercent({ metric: 'throughput', unit: 'req/s', baseline: 200, candidate: 150, higherIsBetter: true })).toBeCloseTo(25);
    expect(performanceDeltaPercent({ metric: 'throughput', unit: 'req/s', baseline: 200, candidate: 220, higherIsBetter: true })).toBeCloseTo(-10);
  });
});
