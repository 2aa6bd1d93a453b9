import { enumOf, meta, optional, strictObject } from '../../core/checks/index.js';
import { SourceSchema } from '../../core/config/source-schema.js';
import { PolicySchema } from '../../core/policy/policy-schema.js';
import { VERSIONING_SCHEMES } from '../../core/types.js';
import { Name, Reason, Rev, VersionText } from './request-schemas.js';

/*
 * The API's requests that carry a configuration document (a policy, a component's source): the
 * documents' own schemas, which `upkeep.yaml` composes too, with the request's fields around them.
 */

/** The seed's `{component, version}`; a new component also needs its `source`. */
export const RegisterComponentBodySchema = strictObject({
  component: Name,
  version: VersionText,
  source: meta(optional(SourceSchema), { description: 'Where new versions appear; required for a component Upkeep does not know yet.' }),
  scheme: meta(optional(enumOf(VERSIONING_SCHEMES)), { description: 'How versions are read; default `auto`. Only for a new component.' }),
  reason: Reason,
});

/** A policy (PolicySchema); `name` may be left out (the path names it); `rev` replaces that revision. */
export const PutPolicyBodySchema = strictObject({ ...PolicySchema.shape, name: optional(PolicySchema.shape.name), rev: optional(Rev) });
