import * as z from '../../core/zod-mini.js';
import { PolicySchema } from '../../core/policy/policy-schema.js';
import { ACTIVE_STAGES, TERMINAL_STAGES, VERSIONING_SCHEMES } from '../../core/types.js';

/** The format tag of a snapshot; a later format gets a new tag. */
export const SNAPSHOT_FORMAT = 'upkeep-state/1';

const Key = z.string().check(z.regex(/^[^#]+$/, 'must be non-empty and must not contain "#"'));
const Instant = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 instant such as 2025-01-31T12:00:00.000Z'));
/** Audit events sort by `at` as text, so it must be exactly as `Date#toISOString` writes it. */
const CanonicalInstant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be an instant as Date#toISOString writes it, such as 2025-01-31T12:00:00.000Z'));
const Rev = z.number().check(z.int(), z.minimum(1));
const Text = z.string().check(z.minLength(1));

/** Records are checked for the fields the stores key and index on, and otherwise kept verbatim. */
export const SnapshotComponentSchema = z.looseObject({
  name: Key, current: Text, scheme: z.enum(VERSIONING_SCHEMES), source: z.looseObject({ type: Text }),
  quarantined: z.array(z.string()), createdAt: Instant, updatedAt: Instant, rev: Rev,
});
export const SnapshotVersionSchema = z.looseObject({ component: Key, version: Text, firstSeenAt: Instant });
export const SnapshotPolicySchema = z.looseObject({ policy: PolicySchema, rev: Rev, updatedAt: Instant, updatedBy: z.optional(z.string()) });
export const SnapshotWorkflowSchema = z.looseObject({
  id: Key, component: Key, version: Text, fromVersion: z.string(), stage: z.enum([...ACTIVE_STAGES, ...TERMINAL_STAGES]),
  createdAt: Instant, updatedAt: Instant, rev: Rev, history: z.array(z.looseObject({ stage: z.string(), at: Instant })),
});
export const SnapshotEventSchema = z.looseObject({
  workflowId: Text, at: CanonicalInstant, seq: z.number().check(z.int(), z.minimum(0), z.maximum(999_999_999)), type: Text, actor: z.string(), message: z.string(),
});

/**
 * A complete, re-importable snapshot of the store (`GET /api/self-update/export-state`,
 * `POST /api/self-update/import-state`). Arrays are in a fixed order and objects have sorted
 * keys, so the same state always gives the same document. Approval links (which hold task
 * tokens) and the HTTP cache are not part of it.
 */
export const StateSnapshotSchema = z
  .strictObject({
    format: z.literal(SNAPSHOT_FORMAT),
    /** By name. */
    components: z.array(SnapshotComponentSchema),
    /** Seen versions, by component, then version (as text). */
    versions: z.array(SnapshotVersionSchema),
    /** By name. */
    policies: z.array(SnapshotPolicySchema),
    /** By `createdAt`, then id. */
    workflows: z.array(SnapshotWorkflowSchema),
    /** Audit events by stream (`system`, `component:<name>`, `policy:<name>`, then each workflow's id in the order above), then time. */
    events: z.array(SnapshotEventSchema),
  })
  .check(z.superRefine((s, ctx) => {
    const dup = <T>(items: readonly T[], key: (item: T) => string, path: string): void => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicates ${k}; each may appear once` });
        seen.add(k);
      });
    };
    dup(s.components, (c) => c.name, 'components');
    dup(s.versions, (v) => `${v.component}@${v.version}`, 'versions');
    dup(s.policies, (p) => p.policy.name, 'policies');
    dup(s.workflows, (w) => w.id, 'workflows');
    dup(s.workflows, (w) => `${w.component}@${w.version}`, 'workflows');
    dup(s.events, (e) => `${e.workflowId} ${e.at} #${e.seq}`, 'events');
    const streams = new Set(['system', ...s.components.map((c) => `component:${c.name}`), ...s.policies.map((p) => `policy:${p.policy.name}`), ...s.workflows.map((w) => w.id)]);
    s.events.forEach((e, i) => {
      if (!streams.has(e.workflowId)) ctx.addIssue({ code: 'custom', path: ['events', i, 'workflowId'], message: 'names no workflow, component or policy of this snapshot (nor "system")' });
    });
  }));

export type StateSnapshot = z.output<typeof StateSnapshotSchema>;
