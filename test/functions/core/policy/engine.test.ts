import { describe, expect, it } from 'vitest';
import { evaluatePolicies } from '../../../../functions/core/policy/engine.js';
import type { Freeze } from '../../../../functions/core/types.js';
import { DAY_MS, failed, makeContext, NIGHTLY, NOW, policy, settings } from './fixtures.js';

const approvePatches = policy({ name: 'approve_patches', priority: 50, conditions: { update_type: ['patch'] }, actions: { decision: 'AUTO_APPROVE' } });
const reviewAll = policy({ name: 'review_all', priority: 10, actions: { decision: 'MANUAL_REVIEW' } });
const defer = (name: string, until?: string, conditions = {}) =>
  policy({ name, priority: 100, conditions, actions: { decision: 'DEFER', ...(until === undefined ? {} : { defer_until: until }) } });
const HOLIDAYS: Freeze = { name: 'holidays', from: '2025-06-01', to: '2025-06-10', timezone: 'UTC', reason: 'summer party', allow: ['CRITICAL'] };

describe('Function: evaluatePolicies', () => {
  it('lets the first matching policy by priority decide and traces every policy', () => {
    // Prepare: listed out of order, with a disabled policy that would have matched first
    const disabled = policy({ name: 'reject_all', priority: 90, enabled: false, actions: { decision: 'REJECT' } });
    const minors = policy({ name: 'review_minors', priority: 70, conditions: { update_type: ['minor'] }, actions: { decision: 'MANUAL_REVIEW' } });

    // Act
    const evaluation = evaluatePolicies([reviewAll, approvePatches, disabled, minors], makeContext(), settings(), NOW);

    // Assess
    expect(evaluation).toMatchObject({ decision: 'AUTO_APPROVE', policy: 'approve_patches', earliestDeployAt: NOW.toISOString(), bypassWindow: false });
    expect(evaluation.trace.map((t) => [t.policy, t.matched, t.decided, t.why])).toEqual([
      ['reject_all', false, false, 'disabled, so not evaluated'],
      ['review_minors', false, false, 'did not match: update type patch is not one of minor'],
      ['approve_patches', true, true, 'matched (all conditions hold): decides AUTO_APPROVE'],
      ['review_all', true, false, 'matched, but "approve_patches" decided first'],
    ]);
    expect(evaluation.reasons[0]).toBe('policy "approve_patches" (priority 50) decided AUTO_APPROVE');
    expect(evaluation.evaluatedAt).toBe(NOW.toISOString());
    expect(evaluation).not.toHaveProperty('deferUntil');
    expect(evaluation).not.toHaveProperty('rollout');
  });

  it('breaks priority ties by name, whatever order the policies are listed in', () => {
    // Prepare
    const b = policy({ name: 'b', priority: 5, description: 'second by name', actions: { decision: 'REJECT' } });
    const a = policy({ name: 'a', priority: 5, description: 'first by name', actions: { decision: 'MANUAL_REVIEW', rollout: 'slow-canary' } });

    // Act
    const evaluation = evaluatePolicies([b, a], makeContext(), settings(), NOW);
    const reversed = evaluatePolicies([a, b], makeContext(), settings(), NOW);

    // Assess
    expect(reversed.trace).toEqual(evaluation.trace);
    expect(evaluation).toMatchObject({ decision: 'MANUAL_REVIEW', policy: 'a', rollout: 'slow-canary' });
    expect(evaluation.reasons[0]).toBe('policy "a" (priority 5) decided MANUAL_REVIEW: first by name');
    expect(evaluation.trace[0]?.why).toBe('matched (it has no conditions): decides MANUAL_REVIEW');
  });

  it('applies the default decision when nothing matches', () => {
    // Act
    const evaluation = evaluatePolicies([approvePatches], makeContext({ updateType: 'minor' }), settings({ defaultDecision: 'REJECT' }), NOW);

    // Assess
    expect(evaluation).toMatchObject({ decision: 'REJECT', policy: null });
    expect(evaluation.reasons[0]).toBe('no enabled policy matched, so the default decision REJECT applies');
  });

  it.each([
    ['failed', failed('unit tests failed'), 'safety rule: the simulation failed and nothing is auto-approved without a passing simulation, so a person must review it'],
    ['missing', null, 'safety rule: no simulation has run and nothing is auto-approved without a passing simulation, so a person must review it'],
  ] as const)('never auto-approves when the simulation is %s', (_, simulation, reason) => {
    // Act
    const byPolicy = evaluatePolicies([approvePatches], makeContext({ simulation }), settings(), NOW);
    const byDefault = evaluatePolicies([], makeContext({ simulation }), settings({ defaultDecision: 'AUTO_APPROVE' }), NOW);

    // Assess
    expect(byPolicy.decision).toBe('MANUAL_REVIEW');
    expect(byPolicy.reasons).toContain(reason);
    expect(byDefault.decision).toBe('MANUAL_REVIEW');
  });

  it('defers a minor update outside the window until the window opens', () => {
    // Prepare
    const outside = defer('outside_window', 'next_window', { in_maintenance_window: false });

    // Act
    const evaluation = evaluatePolicies([outside], makeContext({ updateType: 'minor' }), settings({ windows: [NIGHTLY] }), NOW);

    // Assess
    expect(evaluation).toMatchObject({ decision: 'DEFER', deferUntil: '2025-06-04T22:00:00.000Z', earliestDeployAt: '2025-06-04T22:00:00.000Z' });
    expect(evaluation.reasons).toContain('deferred until the next deployment window opens');
  });

  it('defers to the next window when a deferral names no end', () => {
    // Act
    const evaluation = evaluatePolicies([defer('later')], makeContext(), settings({ windows: [NIGHTLY] }), NOW);

    // Assess
    expect(evaluation.deferUntil).toBe('2025-06-04T22:00:00.000Z');
  });

  it('sends a deferral with no window to defer to for review', () => {
    // Act
    const evaluation = evaluatePolicies([defer('later', 'next_window')], makeContext(), settings(), NOW);

    // Assess
    expect(evaluation.decision).toBe('MANUAL_REVIEW');
    expect(evaluation.reasons).toContain('no deployment window opens within 400 days to defer to');
    expect(evaluation).not.toHaveProperty('deferUntil');
  });

  it('defers to the next weekend in the policy timezone and for a duration', () => {
    // Act
    const weekend = evaluatePolicies([defer('weekend', 'next_weekend')], makeContext(), settings({ timezone: 'Europe/Berlin' }), NOW);
    const hours = evaluatePolicies([defer('hours', '36h')], makeContext(), settings(), NOW);

    // Assess
    expect(weekend.deferUntil).toBe('2025-06-06T22:00:00.000Z');
    expect(hours.deferUntil).toBe(new Date(NOW.getTime() + 1.5 * DAY_MS).toISOString());
    expect(hours.reasons).toContain('deferred for 36h');
  });

  it('defers until the cooldown after the release ends, or sends it for review when the cooldown is unknown', () => {
    // Prepare
    const cooldown = defer('cooldown', 'cooldown_end', { max_release_age: '3d' });
    const noLength = defer('no_length', 'cooldown_end');

    // Act
    const deferred = evaluatePolicies([cooldown], makeContext({ ageDays: 1 }), settings(), NOW);
    const reviewed = evaluatePolicies([noLength], makeContext({ ageDays: 1 }), settings(), NOW);

    // Assess
    expect(deferred).toMatchObject({ decision: 'DEFER', deferUntil: new Date(NOW.getTime() + 2 * DAY_MS).toISOString() });
    expect(reviewed.decision).toBe('MANUAL_REVIEW');
  });

  it('waits for the next window before an approved rollout, unless the policy bypasses the window', () => {
    // Prepare
    const bypass = policy({ name: 'bypass', priority: 1, actions: { decision: 'AUTO_APPROVE', bypass_window: true } });

    // Act
    const waits = evaluatePolicies([approvePatches], makeContext(), settings({ windows: [NIGHTLY] }), NOW);
    const now = evaluatePolicies([bypass], makeContext(), settings({ windows: [NIGHTLY] }), NOW);

    // Assess
    expect(waits.earliestDeployAt).toBe('2025-06-04T22:00:00.000Z');
    expect(waits.reasons).toContain('the rollout may start at 2025-06-04T22:00:00.000Z');
    expect(now).toMatchObject({ bypassWindow: true, earliestDeployAt: NOW.toISOString() });
  });

  it('keeps a bypassing update out of a freeze unless the freeze allows its priority', () => {
    // Prepare
    const bypass = policy({ name: 'bypass', priority: 1, actions: { decision: 'AUTO_APPROVE', bypass_window: true } });
    const noReason: Freeze = { name: 'quiet', from: '2025-06-04', to: '2025-06-04T12:00:00Z', timezone: 'UTC' };

    // Act
    const held = evaluatePolicies([bypass], makeContext({ priority: 'HIGH' }), settings({ freezes: [HOLIDAYS] }), NOW);
    const allowed = evaluatePolicies([bypass], makeContext({ priority: 'CRITICAL' }), settings({ freezes: [HOLIDAYS] }), NOW);
    const quiet = evaluatePolicies([bypass], makeContext(), settings({ freezes: [noReason] }), NOW);

    // Assess: the holidays freeze ends with 10 June
    expect(held.earliestDeployAt).toBe('2025-06-11T00:00:00.000Z');
    expect(held.reasons).toContain('freeze "holidays" holds HIGH updates: summer party');
    expect(allowed.earliestDeployAt).toBe(NOW.toISOString());
    expect(quiet.reasons).toContain('freeze "quiet" holds MEDIUM updates');
  });

  it('sends an update for review when no window free of freezes opens in the horizon, but still rejects', () => {
    // Prepare
    const forever: Freeze = { name: 'forever', from: '2025-01-01', to: '2030-01-01', timezone: 'UTC' };
    const reject = policy({ name: 'reject', priority: 1, actions: { decision: 'REJECT' } });

    // Act
    const approved = evaluatePolicies([approvePatches], makeContext(), settings({ freezes: [forever] }), NOW);
    const rejected = evaluatePolicies([reject], makeContext(), settings({ freezes: [forever] }), NOW);

    // Assess
    expect(approved.decision).toBe('MANUAL_REVIEW');
    expect(approved.earliestDeployAt).toBe(new Date(NOW.getTime() + 400 * DAY_MS).toISOString());
    expect(approved.reasons).toContain('no deployment window free of freezes opens within 400 days, so a person must decide');
    expect(rejected.decision).toBe('REJECT');
  });
});
