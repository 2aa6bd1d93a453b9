import { NAME_PATTERN, NAME_RULE, VERSION_TEXT_RULE } from '../../core/config/rules.js';
import { SourceSchema } from '../../core/config/source-schema.js';
import { PolicySchema } from '../../core/policy/policy-schema.js';
import { VERSIONING_SCHEMES } from '../../core/types.js';
import * as z from '../../core/zod-mini.js';
import { EMPTY_VERSION_RULE, REASON_MAX_LENGTH, REV_DESCRIPTION } from './request-schemas.js';

/*
 * The API's requests that carry a configuration document (a policy, a component's source), in
 * zod's mini form, as they compose the configuration's schemas; apart so that the everyday
 * routes' functions (`request-schemas.ts`) carry neither these schemas nor zod.
 */

// zod forms of request-schemas' `Name`, `VersionText`, `Reason` and `Rev`, to compose with the
// configuration's zod schemas: built from the same rules and words (request-checks.test.ts holds
// the two forms to each other).
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
