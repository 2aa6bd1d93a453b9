import { config } from 'zod/mini';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { NAME_PATTERN, NAME_RULE, VERSION_TEXT_RULE } from '../../../functions/core/config/rules.js';
import { parseDuration } from '../../../functions/core/duration.js';
import { ACTIVE_STAGES, DECISIONS, PRIORITIES, RISK_LEVELS, TERMINAL_STAGES, UPDATE_TYPES, VERSIONING_SCHEMES, WEEKDAYS } from '../../../functions/core/types.js';

/*
 * The references: the zod/mini schemas of the documents the API takes (a policy, a component's
 * source, the request bodies around them, a state snapshot) as they were before they were
 * written in our own vocabulary (`functions/core/checks`), copied verbatim. The schemas that
 * replaced them must accept, refuse, report, output and describe everything as these do.
 */

// zod's English messages, as functions/core/zod-mini.ts set them.
config(en());

// ---- functions/core/policy/policy-schema.ts
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


// ---- functions/core/config/source-schema.ts
/** A secret is referenced by name (Secrets Manager in AWS, env or `.upkeep/secrets` locally), never inline. */
export const SecretRefSchema = z.string().check(z.regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a secret name (letters, digits, / _ + = . @ -), not the secret itself'));

const httpUrl = z.string().check(
  z.url('must be an absolute URL such as "https://registry.example.com"'),
  z.refine((u) => /^https?:\/\//.test(u), { message: 'must use http:// or https://' }),
);

const advisories = z.strictObject({
    /** Query OSV (`/v1/query`) for advisories affecting the current and candidate versions. */
    osv: z._default(z.boolean(), false),
    /** OSV API base, for mirrors and tests. */
    url: z._default(httpUrl, 'https://api.osv.dev'),
});

export const NpmSourceSchema = z.strictObject({
    type: z.literal('npm'),
    package: z.string().check(z.regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, 'must be an npm package name such as "left-pad" or "@scope/name"')),
    registry: z._default(httpUrl, 'https://registry.npmjs.org'),
    tokenSecret: z.optional(SecretRefSchema),
    advisories: z.optional(advisories),
});

export const GitSourceSchema = z.strictObject({
    type: z.literal('git'),
    url: z.string().check(z.minLength(1, 'must be a git URL (https://, ssh://, git://, file:// or a path)')),
    /** Regex a tag must match; its first capture group (or the whole tag) is the version. */
    tagPattern: z.optional(z.string()),
    /** Only accept tags whose signature `git verify-tag` accepts. */
    verifySignatures: z._default(z.boolean(), false),
});

export const OciSourceSchema = z.strictObject({
    type: z.literal('oci'),
    /** `host[:port]/path/name`; Docker Hub names without a host are read as `registry-1.docker.io/library/...`. */
    image: z.string().check(z.regex(/^[a-z0-9]+([._:-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/i, 'must be an image reference without a tag, such as "ghcr.io/org/app"')),
    credentialsSecret: z.optional(SecretRefSchema),
    /** Use plain HTTP (local registries only). */
    insecure: z._default(z.boolean(), false),
});

export const PypiSourceSchema = z.strictObject({
    type: z.literal('pypi'),
    package: z.string().check(z.regex(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'must be a PyPI project name')),
    index: z._default(httpUrl, 'https://pypi.org/pypi'),
    advisories: z.optional(advisories),
});

export const GithubReleaseSourceSchema = z.strictObject({
    type: z.literal('github-release'),
    repository: z.string().check(z.regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/repo"')),
    api: z._default(httpUrl, 'https://api.github.com'),
    tokenSecret: z.optional(SecretRefSchema),
    /** Also read plain tags when the repository publishes no releases. */
    includeTags: z._default(z.boolean(), false),
});

export const MavenSourceSchema = z.strictObject({
    type: z.literal('maven'),
    repository: httpUrl,
    groupId: z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/, 'must be a Maven groupId such as "org.example"')),
    artifactId: z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/, 'must be a Maven artifactId')),
    credentialsSecret: z.optional(SecretRefSchema),
    advisories: z.optional(advisories),
});

export const HttpJsonSourceSchema = z.strictObject({
    type: z.literal('http-json'),
    url: httpUrl,
    /** Dotted path to the versions; `*` walks an array, e.g. `releases.*.version`. */
    versionsPath: z.string().check(z.minLength(1)),
    /** Optional dotted paths, relative to each version's object, for extra facts. */
    releasedAtPath: z.optional(z.string()),
    checksumPath: z.optional(z.string()),
    headers: z.optional(z.record(z.string(), z.string())),
    tokenSecret: z.optional(SecretRefSchema),
});

/** Where new versions of a component appear, tagged by `type`. */
export const SourceSchema = z.discriminatedUnion('type', [
  NpmSourceSchema,
  GitSourceSchema,
  OciSourceSchema,
  PypiSourceSchema,
  GithubReleaseSourceSchema,
  MavenSourceSchema,
  HttpJsonSourceSchema,
]);

// ---- functions/app/api/document-schemas.ts
const EMPTY_VERSION_RULE = 'must not be empty';
const REASON_MAX_LENGTH = 1000;
const REV_DESCRIPTION = 'The revision you read (optimistic locking); or send `If-Match: <rev>`.';
const Name = z.string().check(z.regex(NAME_PATTERN, NAME_RULE));
const VersionText = z.string({ error: (issue) => (issue.input === undefined ? undefined : VERSION_TEXT_RULE) }).check(z.trim(), z.minLength(1, EMPTY_VERSION_RULE));
const Reason = z.optional(z.string().check(z.maxLength(REASON_MAX_LENGTH)));
const Rev = z.number().check(z.int(), z.minimum(1), z.meta({ description: REV_DESCRIPTION }));

/** The seed's `{component, version}`; a new component also needs its `source`. */
export const RegisterComponentBodySchema = z.strictObject({
  component: Name,
  version: VersionText,
  source: z.optional(SourceSchema).check(z.meta({ description: 'Where new versions appear; required for a component Upkeep does not know yet.' })),
  scheme: z.optional(z.enum(VERSIONING_SCHEMES)).check(z.meta({ description: 'How versions are read; default `auto`. Only for a new component.' })),
  reason: Reason,
});

/** A policy (PolicySchema); `name` may be left out (the path names it); `rev` replaces that revision. */
export const PutPolicyBodySchema = z.strictObject({ ...PolicySchema.shape, name: z.optional(PolicySchema.shape.name), rev: z.optional(Rev) });

// ---- functions/app/api/state-snapshot-schema.ts
/** The format tag of a snapshot; a later format gets a new tag. */
export const SNAPSHOT_FORMAT = 'upkeep-state/1';

const Key = z.string().check(z.regex(/^[^#]+$/, 'must be non-empty and must not contain "#"'));
const Instant = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 instant such as 2025-01-31T12:00:00.000Z'));
/** Audit events sort by `at` as text, so it must be exactly as `Date#toISOString` writes it. */
const CanonicalInstant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be an instant as Date#toISOString writes it, such as 2025-01-31T12:00:00.000Z'));
const SnapshotRev = z.number().check(z.int(), z.minimum(1));
const Text = z.string().check(z.minLength(1));

/** Records are checked for the fields the stores key and index on, and otherwise kept verbatim. */
export const SnapshotComponentSchema = z.looseObject({
  name: Key, current: Text, scheme: z.enum(VERSIONING_SCHEMES), source: z.looseObject({ type: Text }),
  quarantined: z.array(z.string()), createdAt: Instant, updatedAt: Instant, rev: SnapshotRev,
});
export const SnapshotVersionSchema = z.looseObject({ component: Key, version: Text, firstSeenAt: Instant });
export const SnapshotPolicySchema = z.looseObject({ policy: PolicySchema, rev: SnapshotRev, updatedAt: Instant, updatedBy: z.optional(z.string()) });
export const SnapshotWorkflowSchema = z.looseObject({
  id: Key, component: Key, version: Text, fromVersion: z.string(), stage: z.enum([...ACTIVE_STAGES, ...TERMINAL_STAGES]),
  createdAt: Instant, updatedAt: Instant, rev: SnapshotRev, history: z.array(z.looseObject({ stage: z.string(), at: Instant })),
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
