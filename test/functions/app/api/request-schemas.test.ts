import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { toJSONSchema, type AnySchema } from '../../../../functions/core/checks/index.js';
import * as ours from '../../../../functions/app/api/request-schemas.js';
import { NAME_PATTERN, NAME_RULE, VERSION_TEXT_RULE } from '../../../../functions/core/config/rules.js';
import { ACTIVE_STAGES, TERMINAL_STAGES } from '../../../../functions/core/types.js';
import { zodJson, shown as shortJson } from '../../../support/schemas/agreement.js';
import { before, now } from '../../../support/schemas/problems.js';

/*
 * The reference: the zod/mini request schemas that our own (`functions/core/checks`) replaced,
 * copied from request-schemas.ts as it was; parseInput's reporting of zod's issues as it was is
 * `before`. The new schemas must accept, refuse, report and describe everything as these did.
 */
const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant such as 2025-01-31T12:00:00Z' });
const Limit = z.coerce.number({ error: 'must be a whole number from 1 to 100' })
  .check(z.int('must be a whole number from 1 to 100'), z.minimum(1, 'must be at least 1'), z.maximum(100, 'must be at most 100'));
const Cursor = z.string().check(z.minLength(1), z.meta({ description: 'The `cursor` of the previous page, as returned; opaque.' }));
const Rev = z.number().check(z.int(), z.minimum(1), z.meta({ description: 'The revision you read (optimistic locking); or send `If-Match: <rev>`.' }));
const Reason = z.optional(z.string().check(z.maxLength(1000)));
const Name = z.string().check(z.regex(NAME_PATTERN, NAME_RULE));
const VersionText = z.string({ error: (issue) => (issue.input === undefined ? undefined : VERSION_TEXT_RULE) }).check(z.trim(), z.minLength(1, 'must not be empty'));
const REFERENCE = {
  WorkflowsQuerySchema: z
    .strictObject({
      stage: z.optional(z.enum([...ACTIVE_STAGES, ...TERMINAL_STAGES])),
      component: z.optional(z.string().check(z.minLength(1))),
      since: z.optional(Instant),
      until: z.optional(Instant),
      limit: z.optional(Limit),
      cursor: z.optional(Cursor),
    })
    .check(z.refine((q) => q.since === undefined || q.until === undefined || Date.parse(q.since) <= Date.parse(q.until), { path: ['until'], message: 'must not be before since' })),
  PendingApprovalsQuerySchema: z.strictObject({ component: z.optional(z.string().check(z.minLength(1))), limit: z.optional(Limit), cursor: z.optional(Cursor) }),
  CheckUpdatesQuerySchema: z.strictObject({
    dryRun: z.optional(z.enum(['true', 'false'])).check(z.meta({ description: '`true`: only report what is available, start nothing.' })),
  }),
  ApproveBodySchema: z.strictObject({ decision: z._default(z.enum(['approve', 'reject']), 'approve'), reason: Reason }),
  CancelBodySchema: z.strictObject({ reason: Reason }),
  ProcessUpdateBodySchema: z.strictObject({
    component: Name,
    version: VersionText,
    changelog: z.optional(z.string().check(z.maxLength(20_000))).check(z.meta({ description: 'Release notes; breaking-change markers in them count, as in detection.' })),
    checksum: z.optional(z.string().check(z.regex(
      /^(sha256:[0-9a-f]{64}|sha512-[A-Za-z0-9+/]+={0,2}|[a-z0-9]+:[0-9a-f]{32,128})$/,
      'must be "<algorithm>:<hex>" (sha256:…, sha1:…, an OCI digest) or "sha512-<base64>" (npm integrity)',
    ))).check(z.meta({ description: 'What the artifact must hash to; verification fails the workflow if the source serves something else.' })),
    reason: Reason,
  }),
  PolicyToggleBodySchema: z.strictObject({ rev: z.optional(Rev) }),
  EmptyQuerySchema: z.object({}),
  Rev, Reason, Name, VersionText,
};
type SchemaName = keyof typeof REFERENCE;
const OURS: Record<SchemaName, AnySchema> = ours;

const rootOf = (name: string): string => (name.endsWith('QuerySchema') ? '(query)' : '(body)');
const emoji = (n: number): string => '😀'.repeat(n);

const ROWS: [SchemaName, 'accepts' | 'refuses', unknown][] = [
  ['WorkflowsQuerySchema', 'accepts', {}],
  ['WorkflowsQuerySchema', 'accepts', { stage: 'AWAITING_APPROVAL', component: 'api', limit: '20', cursor: 'c' }],
  ['WorkflowsQuerySchema', 'accepts', { since: '2025-01-01T00:00:00Z', until: '2025-01-01T01:00:00.5+01:00' }],
  ['WorkflowsQuerySchema', 'accepts', { since: '2024-02-29T23:59:59.123456789-12:30' }],
  ['WorkflowsQuerySchema', 'accepts', { limit: ' 5 ' }],
  ['WorkflowsQuerySchema', 'accepts', { limit: '1e1' }],
  ['WorkflowsQuerySchema', 'accepts', { stage: undefined, limit: undefined }],
  ['WorkflowsQuerySchema', 'refuses', { stage: 'SHIPPED' }],
  ['WorkflowsQuerySchema', 'refuses', { component: '', cursor: '' }],
  ['WorkflowsQuerySchema', 'refuses', { component: [] }],
  ['WorkflowsQuerySchema', 'refuses', { since: 'last-week' }],
  ['WorkflowsQuerySchema', 'refuses', { since: '2025-01-01T00:00Z' }],
  ['WorkflowsQuerySchema', 'refuses', { since: '2023-02-29T00:00:00Z' }],
  ['WorkflowsQuerySchema', 'refuses', { since: '2025-01-01T24:00:00Z' }],
  ['WorkflowsQuerySchema', 'refuses', { since: '2025-01-01T00:00:00+24:00' }],
  ['WorkflowsQuerySchema', 'refuses', { since: '2025-01-01t00:00:00z' }],
  ['WorkflowsQuerySchema', 'refuses', { since: 20250101 }],
  ['WorkflowsQuerySchema', 'refuses', { since: '2025-01-02T00:00:00Z', until: '2025-01-01T00:00:00Z' }],
  ['WorkflowsQuerySchema', 'refuses', { since: 'x', until: '2025-01-01T00:00:00Z' }],
  ['WorkflowsQuerySchema', 'refuses', { since: '2025-01-02T00:00:00Z', until: '2025-01-01T00:00:00Z', limit: '0', stge: 'DEPLOYING' }],
  ['WorkflowsQuerySchema', 'refuses', { since: '2025-01-02T00:00:00Z', until: '2025-01-01T00:00:00Z', stage: 'x' }],
  ['WorkflowsQuerySchema', 'refuses', { limit: '0' }],
  ['WorkflowsQuerySchema', 'refuses', { limit: '101' }],
  ['WorkflowsQuerySchema', 'refuses', { limit: '1.5' }],
  ['WorkflowsQuerySchema', 'refuses', { limit: 'ten' }],
  ['WorkflowsQuerySchema', 'refuses', { limit: '' }],
  ['WorkflowsQuerySchema', 'refuses', { limit: 'Infinity' }],
  ['WorkflowsQuerySchema', 'refuses', { limit: '1e20' }],
  ['WorkflowsQuerySchema', 'refuses', { limit: '-1e20' }],
  ['WorkflowsQuerySchema', 'refuses', { stge: 'DEPLOYING', toString: 'x', constructor: 'y' }],
  ['WorkflowsQuerySchema', 'refuses', null],
  ['WorkflowsQuerySchema', 'refuses', ['stage']],
  ['WorkflowsQuerySchema', 'refuses', undefined],
  ['PendingApprovalsQuerySchema', 'accepts', { component: 'api', limit: '100' }],
  ['PendingApprovalsQuerySchema', 'refuses', { stage: 'DEPLOYING', limit: '0' }],
  ['CheckUpdatesQuerySchema', 'accepts', { dryRun: 'true' }],
  ['CheckUpdatesQuerySchema', 'refuses', { dryRun: 'maybe' }],
  ['EmptyQuerySchema', 'accepts', { cacheBuster: '123' }],
  ['EmptyQuerySchema', 'refuses', 'query'],
  ['ApproveBodySchema', 'accepts', {}],
  ['ApproveBodySchema', 'accepts', { decision: 'reject', reason: emoji(1000) }],
  ['ApproveBodySchema', 'refuses', { decision: 'perhaps' }],
  ['ApproveBodySchema', 'refuses', { reason: 'x'.repeat(1001) }],
  ['ApproveBodySchema', 'refuses', { reason: emoji(1001) }],
  ['ApproveBodySchema', 'refuses', { reason: null }],
  ['ApproveBodySchema', 'refuses', { reason: Array.from({ length: 1001 }, () => 1) }],
  ['ApproveBodySchema', 'refuses', { reason: { length: 2000 } }],
  ['CancelBodySchema', 'refuses', { reason: 'r', colour: 'blue', size: 2 }],
  ['ProcessUpdateBodySchema', 'accepts', { component: 'billing-api', version: ' 1.10 ', checksum: `sha256:${'a'.repeat(64)}` }],
  ['ProcessUpdateBodySchema', 'accepts', { component: 'a', version: 'v1', checksum: 'sha512-abc+/=', changelog: 'notes' }],
  ['ProcessUpdateBodySchema', 'refuses', {}],
  ['ProcessUpdateBodySchema', 'refuses', { component: 'Billing API', version: 1.1 }],
  ['ProcessUpdateBodySchema', 'refuses', { component: 5, version: '   ' }],
  ['ProcessUpdateBodySchema', 'refuses', { component: 'a', version: [] }],
  ['ProcessUpdateBodySchema', 'refuses', { component: 'a', version: '1', checksum: 'md5', changelog: 3 }],
  ['PolicyToggleBodySchema', 'accepts', { rev: 3 }],
  ['PolicyToggleBodySchema', 'refuses', { rev: 0 }],
  ['PolicyToggleBodySchema', 'refuses', { rev: 1.5 }],
  ['PolicyToggleBodySchema', 'refuses', { rev: '2' }],
  ['PolicyToggleBodySchema', 'refuses', { rev: 2 ** 60 }],
  ['PolicyToggleBodySchema', 'refuses', { rev: -(2 ** 60) }],
  ['Rev', 'refuses', Number.NaN],
  ['Rev', 'refuses', Number.NEGATIVE_INFINITY],
  ['Reason', 'accepts', undefined],
  ['Name', 'refuses', 'Bad Name'],
  ['VersionText', 'refuses', undefined],
];

describe('Function: parseInput with the request schemas', () => {
  it.each(ROWS.map(([name, verdict, input]) => [`${name} ${verdict} ${shortJson(input)}`, name, verdict, input] as const))(
    '%s, reporting as with the zod schema',
    (_title, name, verdict, input) => {
      // Act
      const answer = now(OURS[name], input, rootOf(name));
      const reference = before(REFERENCE[name], input, rootOf(name));

      // Assess
      expect(answer).toStrictEqual(reference);
      expect('value' in answer).toBe(verdict === 'accepts');
      expect(now(REFERENCE[name], input, rootOf(name)), 'a zod schema is reported as before').toStrictEqual(reference);
    },
  );
});

describe('Function: parseInput (properties)', () => {
  const tricky = fc.constantFrom('', ' ', ' 5 ', '1e1', '0x10', '1.0', '-0', '1e400', 'NaN', 'AWAITING_APPROVAL', 'SHIPPED', 'true', 'approve');
  const instant = fc.stringMatching(/^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-6]\d(:[0-6]\d(\.\d{1,4})?)?(Z|z|[+-][0-2]\d:[0-6]\d)?$/);
  const queryValue = fc.oneof(fc.constantFrom(...ACTIVE_STAGES, ...TERMINAL_STAGES), fc.string(), fc.integer({ min: -5, max: 200 }).map(String), fc.double().map(String), tricky, instant);
  const queryKey = fc.constantFrom('stage', 'component', 'since', 'until', 'limit', 'cursor', 'stge', 'toString', 'constructor');

  it('answers any query string as the zod WorkflowsQuerySchema did', () => {
    fc.assert(
      fc.property(fc.dictionary(queryKey, queryValue, { maxKeys: 6 }), (query) => {
        expect(now(ours.WorkflowsQuerySchema, query, '(query)')).toStrictEqual(before(REFERENCE.WorkflowsQuerySchema, query, '(query)'));
      }),
      { numRuns: 1000 },
    );
  });

  it('answers any JSON body as the zod body schemas did', () => {
    const bodyKey = fc.constantFrom('decision', 'reason', 'component', 'version', 'changelog', 'checksum', 'rev', 'extra');
    const bodyValue = fc.oneof(fc.jsonValue(), tricky, fc.constantFrom('billing-api', `sha256:${'0'.repeat(64)}`, 'reject'), fc.integer());
    const name = fc.constantFrom<SchemaName>('ApproveBodySchema', 'CancelBodySchema', 'ProcessUpdateBodySchema', 'PolicyToggleBodySchema');
    fc.assert(
      fc.property(name, fc.oneof({ weight: 9, arbitrary: fc.dictionary(bodyKey, bodyValue, { maxKeys: 5 }) }, { weight: 1, arbitrary: fc.jsonValue() }), (schema, body) => {
        expect(now(OURS[schema], body, '(body)')).toStrictEqual(before(REFERENCE[schema], body, '(body)'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Function: toJSONSchema', () => {
  it.each(Object.keys(REFERENCE) as SchemaName[])('describes %s keyword for keyword as z.toJSONSchema did', (name) => {
    // Act
    const described = JSON.stringify(toJSONSchema(OURS[name]));

    // Assess
    expect(described).toBe(zodJson(REFERENCE[name]));
  });
});
