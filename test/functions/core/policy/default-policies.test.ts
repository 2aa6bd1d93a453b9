import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, DEFAULT_POLICY_INPUTS } from '../../../../functions/core/policy/default-policies.js';
import { evaluatePolicies } from '../../../../functions/core/policy/engine.js';
import { PolicySchema } from '../../../../functions/core/policy/policy-schema.js';
import type { PolicyInput } from '../../../../functions/core/policy/policy-schema.js';
import {
  CRITICAL_ADVISORY, DAY_MS, failed, makeContext, NIGHTLY, NOW, passed, policy, settings,
} from './fixtures.js';
import type { ContextOptions } from './fixtures.js';

/** NOW (Wednesday 10:00 UTC) is outside the nightly 22:00–04:00 window; this is inside it. */
const IN_WINDOW = new Date('2025-06-04T23:00:00Z');
const windowed = settings({ windows: [NIGHTLY] });

function decide(options: ContextOptions, now = IN_WINDOW) {
  return evaluatePolicies(DEFAULT_POLICIES, makeContext(options), windowed, now);
}

describe('Constant: DEFAULT_POLICIES', () => {
  it('are valid policies with unique names and priorities', () => {
    // Act
    const parsed = DEFAULT_POLICY_INPUTS.map((input) => PolicySchema.validate(input));

    // Assess
    expect(parsed.flatMap((result) => result.issues ?? [])).toEqual([]);
    expect(DEFAULT_POLICIES).toEqual(parsed.map((result) => result.value));
    expect(new Set(DEFAULT_POLICIES.map((p) => p.name)).size).toBe(DEFAULT_POLICIES.length);
    expect(new Set(DEFAULT_POLICIES.map((p) => p.priority)).size).toBe(DEFAULT_POLICIES.length);
  });
});

describe('Function: evaluatePolicies (default policies)', () => {
  it('auto-approves a tested patch inside the window', () => {
    // Act
    const evaluation = decide({});

    // Assess
    expect(evaluation).toMatchObject({ decision: 'AUTO_APPROVE', policy: 'auto_approve_patches', earliestDeployAt: IN_WINDOW.toISOString() });
  });

  it('defers a minor update outside the window', () => {
    // Act
    const evaluation = decide({ updateType: 'minor', simulation: passed(100, 99) }, NOW);

    // Assess
    expect(evaluation).toMatchObject({ decision: 'DEFER', policy: 'defer_minors_to_window', deferUntil: '2025-06-04T22:00:00.000Z' });
  });

  it('auto-approves a minor with a high pass rate inside the window, and sends a lower pass rate to a person', () => {
    // Act
    const high = decide({ updateType: 'minor', simulation: passed(100, 98) });
    const low = decide({ updateType: 'minor', simulation: passed(100, 90) });

    // Assess
    expect(high).toMatchObject({ decision: 'AUTO_APPROVE', policy: 'auto_approve_minors' });
    expect(low).toMatchObject({ decision: 'MANUAL_REVIEW', policy: null });
  });

  it('defers a tested patch outside the window', () => {
    // Act & Assess
    expect(decide({}, NOW)).toMatchObject({ decision: 'DEFER', policy: 'defer_patches_to_window' });
  });

  it('rejects a failed simulation, even for a critical security fix', () => {
    // Act & Assess
    expect(decide({ simulation: failed() })).toMatchObject({ decision: 'REJECT', policy: 'reject_failed_simulation' });
    expect(decide({ simulation: failed(), priority: 'CRITICAL', advisories: [CRITICAL_ADVISORY] })).toMatchObject({ decision: 'REJECT' });
  });

  it('sends majors, breaking changes and performance regressions to a person', () => {
    // Prepare
    const slower = passed(10, 10, { benchmark: { metric: 'p95', unit: 'ms', baseline: 100, candidate: 130, higherIsBetter: false } });

    // Act & Assess
    expect(decide({ updateType: 'major', breaking: false })).toMatchObject({ decision: 'MANUAL_REVIEW', policy: 'review_major_updates' });
    expect(decide({ updateType: 'minor', breaking: true })).toMatchObject({ decision: 'MANUAL_REVIEW', policy: 'review_breaking_changes' });
    expect(decide({ simulation: slower })).toMatchObject({ decision: 'MANUAL_REVIEW', policy: 'review_performance_degradation' });
  });

  it('defers a release still in its 3-day cooldown until the cooldown ends', () => {
    // Act
    const evaluation = decide({ ageDays: 1 }, NOW);

    // Assess
    expect(evaluation).toMatchObject({ decision: 'DEFER', policy: 'release_cooldown', deferUntil: new Date(NOW.getTime() + 2 * DAY_MS).toISOString() });
    // The cooldown ends at 10:00, outside the nightly window: the rollout waits for 22:00.
    expect(evaluation.earliestDeployAt).toBe('2025-06-06T22:00:00.000Z');
  });

  it('ships a critical security fix during the cooldown and outside the window', () => {
    // Act
    const evaluation = decide({ ageDays: 0.1, priority: 'CRITICAL', advisories: [CRITICAL_ADVISORY] }, NOW);

    // Assess
    expect(evaluation).toMatchObject({
      decision: 'AUTO_APPROVE', policy: 'critical_security_fast_lane', bypassWindow: true, earliestDeployAt: NOW.toISOString(),
    });
  });

  it('never auto-approves a critical security fix that has not been simulated', () => {
    // Act
    const evaluation = decide({ ageDays: 0.1, priority: 'CRITICAL', advisories: [CRITICAL_ADVISORY], simulation: null });

    // Assess
    expect(evaluation).toMatchObject({ decision: 'MANUAL_REVIEW', policy: null });
    expect(evaluation.trace.find((t) => t.policy === 'critical_security_fast_lane')?.why)
      .toBe('did not match: simulation passed: unknown (no simulation result)');
  });
});

describe('Seed example: weekend_deployments_only', () => {
  // Written as in the seed's "Customizing Policies": it matches non-critical updates on a weekend
  // day and defers them to the next weekend.
  const seed: PolicyInput = {
    name: 'weekend_deployments_only',
    enabled: true,
    priority: 85,
    conditions: { day_of_week: ['Saturday', 'Sunday'], priority: ['MEDIUM', 'LOW'] },
    actions: { decision: 'DEFER', defer_until: 'next_weekend' },
    description: 'Deploy non-critical updates only on weekends',
  };

  it('is a valid policy that defers a MEDIUM update on a Saturday to the next weekend', () => {
    // Prepare
    const saturday = new Date('2025-06-07T10:00:00Z');

    // Act
    const evaluation = evaluatePolicies([policy(seed)], makeContext({ priority: 'MEDIUM' }), settings(), saturday);

    // Assess
    expect(evaluation).toMatchObject({ decision: 'DEFER', policy: 'weekend_deployments_only', deferUntil: '2025-06-14T00:00:00.000Z' });
  });

  it('holds weekday updates for the weekend when written for weekdays, and lets CRITICAL ones through', () => {
    // Prepare: what the description intends: on a weekday, wait for the weekend
    const weekdays = policy({
      ...seed, conditions: { day_of_week: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], priority: ['MEDIUM', 'LOW'] },
    });

    // Act
    const medium = evaluatePolicies([weekdays], makeContext({ priority: 'MEDIUM' }), settings(), NOW);
    const critical = evaluatePolicies([weekdays], makeContext({ priority: 'CRITICAL' }), settings(), NOW);

    // Assess
    expect(medium).toMatchObject({ decision: 'DEFER', deferUntil: '2025-06-07T00:00:00.000Z' });
    expect(critical).toMatchObject({ decision: 'MANUAL_REVIEW', policy: null });
  });
});
