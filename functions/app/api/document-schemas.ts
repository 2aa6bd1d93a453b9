import { SourceSchema } from '../../core/config/source-schema.js';
import { PolicySchema } from '../../core/policy/policy-schema.js';
import { VERSIONING_SCHEMES } from '../../core/types.js';
import * as z from '../../core/zod-mini.js';
import { Name, Reason, Rev, VersionText } from './request-schemas.js';

/*
 * The API's requests that carry a configuration document (a policy, a component's source), in
 * zod's mini form like `request-schemas.ts`; apart so that the everyday routes' functions do not
 * carry these schemas.
 */

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
