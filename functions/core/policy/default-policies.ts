import type { Policy, PolicyInput } from './policy-schema.js';

/** Updates that are safe to ship without a person, when they pass. */
const LOW_RISK = ['LOW', 'MEDIUM'] as const;

/**
 * The policies Upkeep ships with, as a user would write them in `upkeep.yaml`. Evaluated highest
 * `priority` first; anything none of them matches gets the settings' default decision
 * (MANUAL_REVIEW unless configured otherwise). In order:
 *
 * 1. a failed simulation is rejected;
 * 2. breaking changes, majors and performance regressions go to a person;
 * 3. a CRITICAL security fix that passed its simulation ships now: no cooldown, no window wait
 *    (freezes still apply unless they allow CRITICAL);
 * 4. anything else not CRITICAL that is less than 3 days old waits out the cooldown;
 * 5. passing low-risk patches, and minors with at least 98% of tests passing, auto-approve
 *    inside a deployment window and are deferred to the next one outside it.
 */
export const DEFAULT_POLICY_INPUTS: readonly PolicyInput[] = [
  {
    name: 'reject_failed_simulation',
    description: 'A candidate that failed its simulation is not shipped',
    priority: 1000,
    conditions: { simulation_success: false },
    actions: { decision: 'REJECT' },
  },
  {
    name: 'review_breaking_changes',
    description: 'Breaking changes need a person to check the migration',
    priority: 900,
    conditions: { breaking_changes: true },
    actions: { decision: 'MANUAL_REVIEW' },
  },
  {
    name: 'review_major_updates',
    description: 'Major updates need a person even without a breaking-change marker',
    priority: 890,
    conditions: { update_type: ['major'] },
    actions: { decision: 'MANUAL_REVIEW' },
  },
  {
    name: 'review_performance_degradation',
    description: 'A benchmark worse than the tolerance needs a person',
    priority: 800,
    conditions: { performance_degradation: true },
    actions: { decision: 'MANUAL_REVIEW' },
  },
  {
    name: 'critical_security_fast_lane',
    description: 'A CRITICAL security fix that passed its simulation ships now, skipping the cooldown and the window wait',
    priority: 700,
    conditions: { priority: ['CRITICAL'], security_fix: true, simulation_success: true },
    actions: { decision: 'AUTO_APPROVE', bypass_window: true },
  },
  {
    name: 'release_cooldown',
    description: 'Releases younger than 3 days wait: most bad releases are pulled or patched within days',
    priority: 600,
    conditions: { priority: ['HIGH', 'MEDIUM', 'LOW'], max_release_age: '3d' },
    actions: { decision: 'DEFER', defer_until: 'cooldown_end' },
  },
  {
    name: 'auto_approve_patches',
    description: 'Low-risk patches that passed their simulation ship inside a deployment window',
    priority: 500,
    conditions: { update_type: ['patch'], simulation_success: true, risk_level: [...LOW_RISK], in_maintenance_window: true },
    actions: { decision: 'AUTO_APPROVE' },
  },
  {
    name: 'defer_patches_to_window',
    description: 'Low-risk patches that passed their simulation wait for the next deployment window',
    priority: 490,
    conditions: { update_type: ['patch'], simulation_success: true, risk_level: [...LOW_RISK], in_maintenance_window: false },
    actions: { decision: 'DEFER', defer_until: 'next_window' },
  },
  {
    name: 'auto_approve_minors',
    description: 'Low-risk minors with at least 98% of tests passing ship inside a deployment window',
    priority: 400,
    conditions: {
      update_type: ['minor'], simulation_success: true, simulation_success_rate: 0.98, risk_level: [...LOW_RISK], in_maintenance_window: true,
    },
    actions: { decision: 'AUTO_APPROVE' },
  },
  {
    name: 'defer_minors_to_window',
    description: 'Low-risk minors with at least 98% of tests passing wait for the next deployment window',
    priority: 390,
    conditions: {
      update_type: ['minor'], simulation_success: true, simulation_success_rate: 0.98, risk_level: [...LOW_RISK], in_maintenance_window: false,
    },
    actions: { decision: 'DEFER', defer_until: 'next_window' },
  },
];

/**
 * {@link DEFAULT_POLICY_INPUTS} with the schema's defaults applied, ready for `evaluatePolicies`.
 * Filled in by hand rather than parsed, so that a Lambda evaluating policies need not carry the
 * schema; a test checks each equals what `PolicySchema.validate` makes of its input.
 *
 * @example
 * ```ts
 * evaluatePolicies(DEFAULT_POLICIES, ctx, DEFAULT_POLICY_SETTINGS, now).decision;
 * ```
 */
export const DEFAULT_POLICIES: readonly Policy[] = DEFAULT_POLICY_INPUTS.map((input) => ({ description: '', enabled: true, conditions: {}, ...input }));
