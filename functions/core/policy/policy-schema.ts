import * as z from 'zod';
import { parseDuration } from '../duration.js';
import { DECISIONS, PRIORITIES, RISK_LEVELS, UPDATE_TYPES, WEEKDAYS } from '../types.js';

const duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, {
    message: 'must be a duration such as "30m", "2h", "3d" or "PT30M"',
  });

const rate = z.number().min(0, 'must be between 0.0 and 1.0').max(1, 'must be between 0.0 and 1.0');

/**
 * Conditions of a policy (the seed's names, snake_case as users write them). Every condition
 * present must hold for the policy to match; an empty set matches everything.
 */
export const PolicyConditionsSchema = z
  .object({
    /** The update's priority is one of these. */
    priority: z.array(z.enum(PRIORITIES)).min(1).optional(),
    /** The update does (true) or does not (false) carry a breaking-change signal. */
    breaking_changes: z.boolean().optional(),
    /** The simulation passed (true) or failed (false). No simulation never matches. */
    simulation_success: z.boolean().optional(),
    /** Share of tests passed is at least this (0.0–1.0). */
    simulation_success_rate: rate.optional(),
    /** Now is (true) or is not (false) within business hours. */
    business_hours: z.boolean().optional(),
    /** Now is (true) or is not (false) inside a deployment window. */
    in_maintenance_window: z.boolean().optional(),
    /** The candidate's benchmark is worse than baseline by more than the tolerance (true) or not (false). */
    performance_degradation: z.boolean().optional(),
    /** Today (in the policy timezone) is one of these days. */
    day_of_week: z.array(z.enum(WEEKDAYS)).min(1).optional(),
    /** The update type is one of these. */
    update_type: z.array(z.enum(UPDATE_TYPES)).min(1).optional(),
    /** The component name matches one of these globs (`*` any run, `?` one character). */
    component: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** The release is at least this old (the cooldown has passed). */
    min_release_age: duration.optional(),
    /** The release is younger than this (still cooling down). */
    max_release_age: duration.optional(),
    /** The assessed risk level is one of these. */
    risk_level: z.array(z.enum(RISK_LEVELS)).min(1).optional(),
    /** A security advisory affects the current version (true) or none does (false). */
    security_fix: z.boolean().optional(),
  })
  .strict();

/** `defer_until`: the next window, the next weekend, the end of the cooldown, or a duration from now. */
export const DeferUntilSchema = z.union([
  z.enum(['next_window', 'next_weekend', 'cooldown_end']),
  duration,
]);

export const PolicyActionsSchema = z
  .object({
    decision: z.enum(DECISIONS),
    defer_until: DeferUntilSchema.optional(),
    /** Skip waiting for a deployment window (an emergency lane); still health-gated. */
    bypass_window: z.boolean().optional(),
    /** Use this named rollout instead of the component's own (e.g. a shorter canary). */
    rollout: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => a.decision === 'DEFER' || a.defer_until === undefined, {
    message: 'defer_until is only allowed with decision DEFER',
    path: ['defer_until'],
  });

export const PolicySchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (1–63 characters)'),
    description: z.string().default(''),
    enabled: z.boolean().default(true),
    /** Higher runs first; the first enabled policy that matches decides. */
    priority: z.number().int().min(0).max(1000),
    conditions: PolicyConditionsSchema.default({}),
    actions: PolicyActionsSchema,
  })
  .strict();

export type PolicyConditions = z.infer<typeof PolicyConditionsSchema>;
export type PolicyActions = z.infer<typeof PolicyActionsSchema>;
export type DeferUntil = z.infer<typeof DeferUntilSchema>;
/** A policy as stored and evaluated (defaults applied). */
export type Policy = z.infer<typeof PolicySchema>;
/** A policy as written by a user (defaults not yet applied). */
export type PolicyInput = z.input<typeof PolicySchema>;
