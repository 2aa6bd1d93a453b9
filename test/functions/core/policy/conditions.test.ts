import { describe, expect, it } from 'vitest';
import { checkConditions, gatherFacts } from '../../../../functions/core/policy/conditions.js';
import type { PolicyConditions } from '../../../../functions/core/policy/policy-schema.js';
import { CRITICAL_ADVISORY, failed, makeContext, NIGHTLY, NOW, passed, settings } from './fixtures.js';
import type { ContextOptions } from './fixtures.js';

function check(conditions: PolicyConditions, options: ContextOptions = {}, overrides: Parameters<typeof settings>[0] = {}) {
  return checkConditions(conditions, gatherFacts(makeContext(options), settings(overrides), NOW));
}

function only(conditions: PolicyConditions, options: ContextOptions = {}, overrides: Parameters<typeof settings>[0] = {}) {
  const [trace] = check(conditions, options, overrides);
  return trace;
}

const latency = (candidate: number) => passed(10, 10, { benchmark: { metric: 'p95', unit: 'ms', baseline: 100, candidate, higherIsBetter: false } });

describe('Function: checkConditions', () => {
  it('gives no traces for no conditions', () => {
    // Act & Assess
    expect(check({})).toEqual([]);
  });

  it('traces every condition set, in a fixed order, whether or not it holds', () => {
    // Act
    const traces = check({ update_type: ['minor'], priority: ['MEDIUM'] });

    // Assess
    expect(traces).toEqual([
      { condition: 'priority', expected: ['MEDIUM'], actual: 'MEDIUM', matched: true, why: 'priority MEDIUM is one of MEDIUM' },
      { condition: 'update_type', expected: ['minor'], actual: 'patch', matched: false, why: 'update type patch is not one of minor' },
    ]);
  });

  it('checks yes/no facts against what the policy wants', () => {
    // Act & Assess
    expect(only({ breaking_changes: true }, { breaking: true })).toMatchObject({ matched: true, actual: true, why: 'breaking changes: yes, policy wants yes' });
    expect(only({ breaking_changes: true })).toMatchObject({ matched: false, actual: false, why: 'breaking changes: no, policy wants yes' });
    expect(only({ security_fix: true }, { advisories: [CRITICAL_ADVISORY] })).toMatchObject({ matched: true });
    expect(only({ security_fix: false }, { advisories: [CRITICAL_ADVISORY] })).toMatchObject({ matched: false });
    // NOW is Wednesday 10:00 UTC: business hours by default, outside the nightly window.
    expect(only({ business_hours: true })).toMatchObject({ matched: true });
    expect(only({ in_maintenance_window: false }, {}, { windows: [NIGHTLY] })).toMatchObject({ matched: true, actual: false });
  });

  it('counts every instant as inside a window when none are configured', () => {
    // Act & Assess
    expect(only({ in_maintenance_window: true })).toMatchObject({ matched: true, actual: true });
  });

  it('does not match simulation conditions without a simulation, and says why', () => {
    // Act & Assess
    expect(only({ simulation_success: false }, { simulation: null })).toEqual({
      condition: 'simulation_success', expected: false, actual: null, matched: false, why: 'simulation passed: unknown (no simulation result)',
    });
    expect(only({ simulation_success_rate: 0 }, { simulation: null })).toMatchObject({ matched: false, why: 'pass rate: unknown (no simulation result)' });
    expect(only({ simulation_success_rate: 0 }, { simulation: passed(0) })).toMatchObject({ matched: false, why: 'pass rate: unknown (the simulation ran no tests)' });
  });

  it('checks the simulation outcome and pass rate', () => {
    // Act & Assess
    expect(only({ simulation_success: false }, { simulation: failed() })).toMatchObject({ matched: true, actual: false });
    expect(only({ simulation_success_rate: 0.98 }, { simulation: passed(100, 98) })).toMatchObject({ matched: true, actual: 0.98, why: 'pass rate 0.980 is at least 0.98' });
    expect(only({ simulation_success_rate: 0.98 }, { simulation: passed(100, 97) })).toMatchObject({ matched: false, why: 'pass rate 0.970 is below 0.98' });
  });

  it('checks performance degradation against the tolerance, unknown without a benchmark', () => {
    // Act & Assess
    expect(only({ performance_degradation: true }, { simulation: latency(115) })).toMatchObject({ matched: true, actual: '15.0% worse' });
    expect(only({ performance_degradation: true }, { simulation: latency(115) }, { performanceTolerancePercent: 20 })).toMatchObject({ matched: false });
    expect(only({ performance_degradation: false }, { simulation: passed() })).toMatchObject({
      matched: false, actual: null, why: 'performance worse by more than 10%: unknown (no usable benchmark)',
    });
  });

  it('reads the day of the week in the policy timezone', () => {
    // Act & Assess: Wednesday 10:00 UTC is still Wednesday (22:45) in Chatham, and Thursday in Kiritimati
    expect(only({ day_of_week: ['Wednesday'] }, {}, { timezone: 'Pacific/Chatham' })).toMatchObject({ matched: true });
    expect(only({ day_of_week: ['Wednesday'] }, {}, { timezone: 'Pacific/Kiritimati' })).toMatchObject({ matched: false, actual: 'Thursday' });
  });

  it('matches the component against globs', () => {
    // Act & Assess
    expect(only({ component: 'api-*' }, { component: 'api-gateway' })).toMatchObject({ matched: true, why: 'component api-gateway matches api-*' });
    expect(only({ component: ['web', 'a?i'] }, { component: 'api' })).toMatchObject({ matched: true });
    expect(only({ component: 'api.v?' }, { component: 'apixv1' })).toMatchObject({ matched: false, why: 'component apixv1 matches none of api.v?' });
  });

  it('checks the release age both ways, and never matches an unknown release date', () => {
    // Act & Assess
    expect(only({ min_release_age: '3d' }, { ageDays: 3 })).toMatchObject({ matched: true, actual: '3d', why: 'min_release_age: released 3d ago, policy wants at least 3d' });
    expect(only({ min_release_age: '3d' }, { ageDays: 2 })).toMatchObject({ matched: false });
    expect(only({ max_release_age: '3d' }, { ageDays: 2 })).toMatchObject({ matched: true, why: 'max_release_age: released 2d ago, policy wants less than 3d' });
    expect(only({ max_release_age: '3d' }, { ageDays: 3 })).toMatchObject({ matched: false });
    expect(only({ max_release_age: '3d' }, { ageDays: null })).toMatchObject({ matched: false, actual: null, why: 'max_release_age: unknown (the release date is unknown)' });
  });

  it('checks the assessed risk level', () => {
    // Act & Assess
    expect(only({ risk_level: ['LOW'] })).toMatchObject({ matched: true, actual: 'LOW' });
    expect(only({ risk_level: ['LOW'] }, { updateType: 'major' })).toMatchObject({ matched: false, actual: 'HIGH' });
  });
});

describe('Function: gatherFacts', () => {
  it('treats a missing release, or one without a date, as an unknown release date', () => {
    // Prepare
    const noRelease = { ...makeContext(), release: null };

    // Act & Assess
    expect(gatherFacts(noRelease, settings(), NOW)).toMatchObject({ releasedAt: null, releaseAgeMs: null });
    expect(gatherFacts(makeContext({ ageDays: null }), settings(), NOW)).toMatchObject({ releasedAt: null, releaseAgeMs: null });
    expect(gatherFacts(makeContext({ ageDays: 1 }), settings(), NOW)).toMatchObject({ releaseAgeMs: 86_400_000 });
  });
});
