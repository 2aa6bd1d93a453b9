import { NAME_PATTERN, NAME_RULE, VERSION_TEXT_RULE } from '../../core/config/rules.js';
import { ACTIVE_STAGES, TERMINAL_STAGES } from '../../core/types.js';
import { enumOf, integer, isoInstant, meta, object, optional, refine, strictObject, string, withDefault } from '../../core/checks/index.js';

/*
 * The requests of the API's everyday routes, in our own small schema vocabulary
 * (`functions/core/checks`): the functions answering them carry no schema library (issue 6's
 * bundle budget). Requests carrying a policy or a component's source are in
 * `document-schemas.ts`, the import of a whole state snapshot in `state-snapshot-schema.ts`;
 * `api-schemas.ts` lists every route's schemas for the OpenAPI document.
 */

/** The longest `reason` a request may give. */
export const REASON_MAX_LENGTH = 1000;
/** What a version that is only blanks is told. */
export const EMPTY_VERSION_RULE = 'must not be empty';
/** How the OpenAPI document describes a policy's `rev`. */
export const REV_DESCRIPTION = 'The revision you read (optimistic locking); or send `If-Match: <rev>`.';

const LIMIT_RULE = 'must be a whole number from 1 to 100';
const Instant = isoInstant('must be an ISO-8601 instant such as 2025-01-31T12:00:00Z');
const Limit = integer({ coerce: true, min: 1, max: 100, messages: { type: LIMIT_RULE, integer: LIMIT_RULE, min: 'must be at least 1', max: 'must be at most 100' } });
const Cursor = meta(string({ minLength: 1 }), { description: 'The `cursor` of the previous page, as returned; opaque.' });
export const Rev = meta(integer({ min: 1 }), { description: REV_DESCRIPTION });
export const Reason = optional(string({ maxLength: REASON_MAX_LENGTH }));
export const Name = string({ pattern: NAME_PATTERN, messages: { pattern: NAME_RULE } });
export const VersionText = string({ trim: true, minLength: 1, messages: { type: VERSION_TEXT_RULE, minLength: EMPTY_VERSION_RULE } });

/** `GET /api/self-update/workflows`: filters combine; newest first; `since`/`until` bound `createdAt` (detection time). */
export const WorkflowsQuerySchema = refine(
  strictObject({
    stage: optional(enumOf([...ACTIVE_STAGES, ...TERMINAL_STAGES])),
    component: optional(string({ minLength: 1 })),
    since: optional(Instant),
    until: optional(Instant),
    limit: optional(Limit),
    cursor: optional(Cursor),
  }),
  (q) => q.since === undefined || q.until === undefined || Date.parse(q.since) <= Date.parse(q.until),
  { path: ['until'], message: 'must not be before since' },
);

export const PendingApprovalsQuerySchema = strictObject({ component: optional(string({ minLength: 1 })), limit: optional(Limit), cursor: optional(Cursor) });

export const CheckUpdatesQuerySchema = strictObject({
  dryRun: meta(optional(enumOf(['true', 'false'])), { description: '`true`: only report what is available, start nothing.' }),
});

export const ApproveBodySchema = strictObject({ decision: withDefault(enumOf(['approve', 'reject']), 'approve'), reason: Reason });

export const CancelBodySchema = strictObject({ reason: Reason });

/** `POST /api/self-update/process-update`: a candidate version of a registered component, to run through a workflow now. */
export const ProcessUpdateBodySchema = strictObject({
  component: Name,
  version: VersionText,
  changelog: meta(optional(string({ maxLength: 20_000 })), { description: 'Release notes; breaking-change markers in them count, as in detection.' }),
  checksum: meta(optional(string({
    pattern: /^(sha256:[0-9a-f]{64}|sha512-[A-Za-z0-9+/]+={0,2}|[a-z0-9]+:[0-9a-f]{32,128})$/,
    messages: { pattern: 'must be "<algorithm>:<hex>" (sha256:…, sha1:…, an OCI digest) or "sha512-<base64>" (npm integrity)' },
  })), { description: 'What the artifact must hash to; verification fails the workflow if the source serves something else.' }),
  reason: Reason,
});

export const PolicyToggleBodySchema = strictObject({ rev: optional(Rev) });

/** Routes without parameters ignore a query string (cache busters and the like). */
export const EmptyQuerySchema = object({});
