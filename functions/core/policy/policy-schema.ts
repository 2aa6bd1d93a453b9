import * as z from '../zod-mini.js';
import { parseDuration } from '../duration.js';
import { DECISIONS, PRIORITIES, RISK_LEVELS, UPDATE_TYPES, WEEKDAYS } from '../types.js';

const duration = z.string().check(z.refine((text) => parseDuration(text) !== undefined, {
  message: 'must be a duration such as "30m", "2h", "3d" or "PT30M"',
}));

const rate = z.number().check(z.minimum(0, 'must be between 0.0 and 1.0'), z.maximum(1, 'must be between 0.0 and 1.0'));

/** An optional list of at least one of `item`. */
const someOf = <T extends z.ZodMiniType>(item: T) => z.optional(z.array(item).check(z.minLength(1)));

/**
 * Conditions of a policy (the seed's names, snake_case as users write them). Every condition
 * present must hold for the policy to match; an empty set matches everything.
 */
export const PolicyConditionsSchema = z.strictObject({
    /** The update's priority is one of these. */
    priority: someOf(z.enum(PRIORITIES)),
    /** The update does (true) or does not (false) carry a breaking-change signal. */
    breaking_changes: z.optional(z.boolean()),
    /** The simulation passed (true) or failed (false). No simulation never matches. */
    simulation_success: z.optional(z.boolean()),
    /** Share of tests passed is at least this (0.0–1.0). */
    simulation_success_rate: z.optional(rate),
    /** Now is (true) or is not (false) within business hours. */
    business_hours: z.optional(z.boolean()),
    /** Now is (true) or is not (false) inside a deployment window. */
    in_maintenance_window: z.optional(z.boolean()),
    /** The candidate's benchmark is worse than baseline by more than the tolerance (true) or not (false). */
    performance_degradation: z.optional(z.boolean()),
    /** Today (in the policy timezone) is one of these days. */
    day_of_week: someOf(z.enum(WEEKDAYS)),
    /** The update type is one of these. */
    update_type: someOf(z.enum(UPDATE_TYPES)),
    /** The component name matches one of these globs (`*` any run, `?` one character). */
    component: z.optional(z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))])),
    /** The release is at least this old (the cooldown has passed). */
    min_release_age: z.optional(duration),
    /** The release is younger than this (still cooling down). */
    max_release_age: z.optional(duration),
    /** The assessed risk level is one of these. */
    risk_level: someOf(z.enum(RISK_LEVELS)),
    /** A security advisory affects the current version (true) or none does (false). */
    security_fix: z.optional(z.boolean()),
});

/** `defer_until`: the next window, the next weekend, the end of the cooldown, or a duration from now. */
export const DeferUntilSchema = z.union([
  z.enum(['next_window', 'next_weekend', 'cooldown_end']),
  duration,
]);

export const PolicyActionsSchema = z
  .strictObject({
    decision: z.enum(DECISIONS),
    defer_until: z.optional(DeferUntilSchema),
    /** Skip waiting for a deployment window (an emergency lane); still health-gated. */
    bypass_window: z.optional(z.boolean()),
    /** Use this named rollout instead of the component's own (e.g. a shorter canary). */
    rollout: z.optional(z.string().check(z.minLength(1))),
  })
  .check(z.refine((a) => a.decision === 'DEFER' || a.defer_until === undefined, {
    message: 'defer_until is only allowed with decision DEFER',
    path: ['defer_until'],
  }));

export const PolicySchema = z.strictObject({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (1–63 characters)')),
  description: z._default(z.string(), ''),
  enabled: z._default(z.boolean(), true),
  /** Higher runs first; the first enabled policy that matches decides. */
  priority: z.number().check(z.int(), z.minimum(0), z.maximum(1000)),
  conditions: z._default(PolicyConditionsSchema, {}),
  actions: PolicyActionsSchema,
});

export type PolicyConditions = z.infer<typeof PolicyConditionsSchema>;
export type PolicyActions = z.infer<typeof PolicyActionsSchema>;
export type DeferUntil = z.infer<typeof DeferUntilSchema>;
/** A policy as stored and evaluated (defaults applied). */
export type Policy = z.infer<typeof PolicySchema>;
/** A policy as written by a user (defaults not yet applied). */
export type PolicyInput = z.input<typeof PolicySchema>;
