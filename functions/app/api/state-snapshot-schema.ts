import {
  array, enumOf, integer, literal, looseObject, optional, refine, strictObject, string, superRefine, type Output,
} from '../../core/checks/index.js';
import { PolicySchema } from '../../core/policy/policy-schema.js';
import { ACTIVE_STAGES, TERMINAL_STAGES, VERSIONING_SCHEMES } from '../../core/types.js';

/** The format tag of a snapshot; a later format gets a new tag. */
export const SNAPSHOT_FORMAT = 'upkeep-state/1';

const Key = string({ pattern: /^[^#]+$/, messages: { pattern: 'must be non-empty and must not contain "#"' } });
const Instant = refine(string(), (s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO-8601 instant such as 2025-01-31T12:00:00.000Z' });
/** Audit events sort by `at` as text, so it must be exactly as `Date#toISOString` writes it. */
const CanonicalInstant = string({
  pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  messages: { pattern: 'must be an instant as Date#toISOString writes it, such as 2025-01-31T12:00:00.000Z' },
});
const Rev = integer({ min: 1 });
const Text = string({ minLength: 1 });

/** Records are checked for the fields the stores key and index on, and otherwise kept verbatim. */
export const SnapshotComponentSchema = looseObject({
  name: Key, current: Text, scheme: enumOf(VERSIONING_SCHEMES), source: looseObject({ type: Text }),
  quarantined: array(string()), createdAt: Instant, updatedAt: Instant, rev: Rev,
});
export const SnapshotVersionSchema = looseObject({ component: Key, version: Text, firstSeenAt: Instant });
export const SnapshotPolicySchema = looseObject({ policy: PolicySchema, rev: Rev, updatedAt: Instant, updatedBy: optional(string()) });
export const SnapshotWorkflowSchema = looseObject({
  id: Key, component: Key, version: Text, fromVersion: string(), stage: enumOf([...ACTIVE_STAGES, ...TERMINAL_STAGES]),
  createdAt: Instant, updatedAt: Instant, rev: Rev, history: array(looseObject({ stage: string(), at: Instant })),
});
export const SnapshotEventSchema = looseObject({
  workflowId: Text, at: CanonicalInstant, seq: integer({ min: 0, max: 999_999_999 }), type: Text, actor: string(), message: string(),
});

/**
 * A complete, re-importable snapshot of the store (`GET /api/self-update/export-state`,
 * `POST /api/self-update/import-state`). Arrays are in a fixed order and objects have sorted
 * keys, so the same state always gives the same document. Approval links (which hold task
 * tokens) and the HTTP cache are not part of it.
 */
export const StateSnapshotSchema = superRefine(
  strictObject({
    format: literal(SNAPSHOT_FORMAT),
    /** By name. */
    components: array(SnapshotComponentSchema),
    /** Seen versions, by component, then version (as text). */
    versions: array(SnapshotVersionSchema),
    /** By name. */
    policies: array(SnapshotPolicySchema),
    /** By `createdAt`, then id. */
    workflows: array(SnapshotWorkflowSchema),
    /** Audit events by stream (`system`, `component:<name>`, `policy:<name>`, then each workflow's id in the order above), then time. */
    events: array(SnapshotEventSchema),
  }),
  (s, addIssue) => {
    const dup = <T>(items: readonly T[], key: (item: T) => string, path: string): void => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) addIssue([path, i], `duplicates ${k}; each may appear once`);
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
      if (!streams.has(e.workflowId)) addIssue(['events', i, 'workflowId'], 'names no workflow, component or policy of this snapshot (nor "system")');
    });
  },
);

export type StateSnapshot = Output<typeof StateSnapshotSchema>;
