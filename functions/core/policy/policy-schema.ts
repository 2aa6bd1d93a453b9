import {
  array, boolean, enumOf, integer, number, optional, refine, strictObject, string, union, withDefault, type Input, type Output, type Schema,
} from '../checks/index.js';
import { parseDuration } from '../duration.js';
import { DECISIONS, PRIORITIES, RISK_LEVELS, UPDATE_TYPES, WEEKDAYS } from '../types.js';

/*
 * A policy, in our own schema vocabulary (`functions/core/checks`) so that the API function
 * taking one carries no schema library; `upkeep.yaml` composes its zod form (`config/zod-form.ts`).
 */

const duration = refine(string(), (text) => parseDuration(text) !== undefined, {
  message: 'must be a duration such as "30m", "2h", "3d" or "PT30M"',
});

const rate = number({ min: 0, max: 1, messages: { min: 'must be between 0.0 and 1.0', max: 'must be between 0.0 and 1.0' } });

/** An optional list of at least one of `item`. */
const someOf = <O, I>(item: Schema<O, I>): Schema<O[] | undefined, I[] | undefined> => optional(array(item, { minLength: 1 }));

/**
 * Conditions of a policy (the seed's names, snake_case as users write them). Every condition
 * present must hold for the policy to match; an empty set matches everything.
 */
export const PolicyConditionsSchema = strictObject({
    /** The update's priority is one of these. */
    priority: someOf(enumOf(PRIORITIES)),
    /** The update does (true) or does not (false) carry a breaking-change signal. */
    breaking_changes: optional(boolean()),
    /** The simulation passed (true) or failed (false). No simulation never matches. */
    simulation_success: optional(boolean()),
    /** Share of tests passed is at least this (0.0–1.0). */
    simulation_success_rate: optional(rate),
    /** Now is (true) or is not (false) within business hours. */
    business_hours: optional(boolean()),
    /** Now is (true) or is not (false) inside a deployment window. */
    in_maintenance_window: optional(boolean()),
    /** The candidate's benchmark is worse than baseline by more than the tolerance (true) or not (false). */
    performance_degradation: optional(boolean()),
    /** Today (in the policy timezone) is one of these days. */
    day_of_week: someOf(enumOf(WEEKDAYS)),
    /** The update type is one of these. */
    update_type: someOf(enumOf(UPDATE_TYPES)),
    /** The component name matches one of these globs (`*` any run, `?` one character). */
    component: optional(union([string({ minLength: 1 }), array(string({ minLength: 1 }), { minLength: 1 })])),
    /** The release is at least this old (the cooldown has passed). */
    min_release_age: optional(duration),
    /** The release is younger than this (still cooling down). */
    max_release_age: optional(duration),
    /** The assessed risk level is one of these. */
    risk_level: someOf(enumOf(RISK_LEVELS)),
    /** A security advisory affects the current version (true) or none does (false). */
    security_fix: optional(boolean()),
});

/** `defer_until`: the next window, the next weekend, the end of the cooldown, or a duration from now. */
export const DeferUntilSchema = union([
  enumOf(['next_window', 'next_weekend', 'cooldown_end']),
  duration,
]);

export const PolicyActionsSchema = refine(
  strictObject({
    decision: enumOf(DECISIONS),
    defer_until: optional(DeferUntilSchema),
    /** Skip waiting for a deployment window (an emergency lane); still health-gated. */
    bypass_window: optional(boolean()),
    /** Use this named rollout instead of the component's own (e.g. a shorter canary). */
    rollout: optional(string({ minLength: 1 })),
  }),
  (a) => a.decision === 'DEFER' || a.defer_until === undefined,
  { message: 'defer_until is only allowed with decision DEFER', path: ['defer_until'] },
);

export const PolicySchema = strictObject({
  name: string({ pattern: /^[a-z0-9][a-z0-9_-]{0,62}$/, messages: { pattern: 'must be lower-case letters, digits, "-" or "_" (1–63 characters)' } }),
  description: withDefault(string(), ''),
  enabled: withDefault(boolean(), true),
  /** Higher runs first; the first enabled policy that matches decides. */
  priority: integer({ min: 0, max: 1000 }),
  conditions: withDefault(PolicyConditionsSchema, {}),
  actions: PolicyActionsSchema,
});

export type PolicyConditions = Output<typeof PolicyConditionsSchema>;
export type PolicyActions = Output<typeof PolicyActionsSchema>;
export type DeferUntil = Output<typeof DeferUntilSchema>;
/** A policy as stored and evaluated (defaults applied). */
export type Policy = Output<typeof PolicySchema>;
/** A policy as written by a user (defaults not yet applied). */
export type PolicyInput = Input<typeof PolicySchema>;
