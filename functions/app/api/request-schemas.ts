import { NAME_PATTERN, NAME_RULE, VERSION_TEXT_RULE } from '../../core/config/rules.js';
import { ACTIVE_STAGES, TERMINAL_STAGES } from '../../core/types.js';
import * as z from '../../core/zod-mini.js';

/*
 * The requests of the API's everyday routes, in zod's tree-shakable "mini" form: the functions
 * answering them carry a few KB of zod instead of the whole classic API (issue 6's bundle
 * budget). Requests carrying a policy or a component's source are in `document-schemas.ts`;
 * the import of a whole state snapshot validates with the configuration's classic schemas
 * (`state-snapshot-schema.ts`); `api-schemas.ts` lists every route's schemas for the OpenAPI
 * document.
 */

const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant such as 2025-01-31T12:00:00Z' });
const Limit = z.coerce.number({ error: 'must be a whole number from 1 to 100' })
  .check(z.int('must be a whole number from 1 to 100'), z.minimum(1, 'must be at least 1'), z.maximum(100, 'must be at most 100'));
const Cursor = z.string().check(z.minLength(1), z.meta({ description: 'The `cursor` of the previous page, as returned; opaque.' }));
export const Rev = z.number().check(z.int(), z.minimum(1), z.meta({ description: 'The revision you read (optimistic locking); or send `If-Match: <rev>`.' }));
export const Reason = z.optional(z.string().check(z.maxLength(1000)));
export const Name = z.string().check(z.regex(NAME_PATTERN, NAME_RULE));
export const VersionText = z.string({ error: (issue) => (issue.input === undefined ? undefined : VERSION_TEXT_RULE) }).check(z.trim(), z.minLength(1, 'must not be empty'));

/** `GET /api/self-update/workflows`: filters combine; newest first; `since`/`until` bound `createdAt` (detection time). */
export const WorkflowsQuerySchema = z
  .strictObject({
    stage: z.optional(z.enum([...ACTIVE_STAGES, ...TERMINAL_STAGES])),
    component: z.optional(z.string().check(z.minLength(1))),
    since: z.optional(Instant),
    until: z.optional(Instant),
    limit: z.optional(Limit),
    cursor: z.optional(Cursor),
  })
  .check(z.refine((q) => q.since === undefined || q.until === undefined || Date.parse(q.since) <= Date.parse(q.until), { path: ['until'], message: 'must not be before since' }));

export const PendingApprovalsQuerySchema = z.strictObject({ component: z.optional(z.string().check(z.minLength(1))), limit: z.optional(Limit), cursor: z.optional(Cursor) });

export const CheckUpdatesQuerySchema = z.strictObject({
  dryRun: z.optional(z.enum(['true', 'false'])).check(z.meta({ description: '`true`: only report what is available, start nothing.' })),
});

export const ApproveBodySchema = z.strictObject({ decision: z._default(z.enum(['approve', 'reject']), 'approve'), reason: Reason });

export const CancelBodySchema = z.strictObject({ reason: Reason });

/** `POST /api/self-update/process-update`: a candidate version of a registered component, to run through a workflow now. */
export const ProcessUpdateBodySchema = z.strictObject({
  component: Name,
  version: VersionText,
  changelog: z.optional(z.string().check(z.maxLength(20_000))).check(z.meta({ description: 'Release notes; breaking-change markers in them count, as in detection.' })),
  checksum: z.optional(z.string().check(z.regex(
    /^(sha256:[0-9a-f]{64}|sha512-[A-Za-z0-9+/]+={0,2}|[a-z0-9]+:[0-9a-f]{32,128})$/,
    'must be "<algorithm>:<hex>" (sha256:…, sha1:…, an OCI digest) or "sha512-<base64>" (npm integrity)',
  ))).check(z.meta({ description: 'What the artifact must hash to; verification fails the workflow if the source serves something else.' })),
  reason: Reason,
});

export const PolicyToggleBodySchema = z.strictObject({ rev: z.optional(Rev) });

/** Routes without parameters ignore a query string (cache busters and the like). */
export const EmptyQuerySchema = z.object({});

