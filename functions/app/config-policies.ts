import type { UpkeepConfig } from '../core/config/schema.js';
import { DEFAULT_POLICIES } from '../core/policy/default-policies.js';
import type { Policy } from '../core/policy/policy-schema.js';

/**
 * The policies `upkeep.yaml` asks for: the shipped defaults (unless `includeDefaultPolicies`
 * is false) with the file's own policies added, a policy of the file replacing a default of
 * the same name.
 */
export function configPolicies(config: Pick<UpkeepConfig, 'policies' | 'includeDefaultPolicies'>): Policy[] {
  const own = new Map(config.policies.map((p) => [p.name, p]));
  const defaults = config.includeDefaultPolicies ? DEFAULT_POLICIES.filter((p) => !own.has(p.name)) : [];
  return [...defaults, ...own.values()];
}
