import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeferUntilSchema, PolicyActionsSchema, PolicyConditionsSchema, PolicySchema } from '../../../../functions/core/policy/policy-schema.js';
import { expectAgreement, ours, zods } from '../../../support/schemas/agreement.js';
import { policyLike } from '../../../support/schemas/document-arbitraries.js';
import * as before from '../../../support/schemas/zod-mini-references.js';

const JUNK = [undefined, null, 5, 'text', [], {}];
const POLICY = { name: 'patches', priority: 100, conditions: { update_type: ['patch'] }, actions: { decision: 'AUTO_APPROVE' } };

describe('Schema: PolicySchema (held to the zod/mini schema it replaced)', () => {
  it.each([
    ['PolicySchema', PolicySchema, before.PolicySchema, [
      POLICY,
      { ...POLICY, description: 'd', enabled: false, conditions: {} },
      { name: 'p', priority: 0, actions: { decision: 'REJECT' } },
      { name: 'Bad Name', priority: 1000.5, actions: {} },
      { name: 'p', priority: 1001, actions: { decision: 'AUTO_APPROVE', defer_until: 'next_window' }, colour: 'blue' },
      { name: 'p', priority: 2 ** 60, actions: { decision: 'DEFER', defer_until: '2h' }, conditions: null },
      { name: 'p', priority: -1, enabled: 'yes', description: 5, actions: { decision: 'DEFER', defer_until: 'soon' } },
      { ...POLICY, conditions: { update_type: '' } },
      { ...POLICY, conditions: { update_type: [], day_of_week: ['Mon'], priority: ['URGENT', 'LOW'], risk_level: [] } },
      { ...POLICY, conditions: { component: '' } },
      { ...POLICY, conditions: { component: [] } },
      { ...POLICY, conditions: { component: ['', 'api-*', 5] } },
      { ...POLICY, conditions: { component: 5 } },
      { ...POLICY, conditions: { simulation_success_rate: 1.5, min_release_age: '3d', max_release_age: 'x', breaking_changes: 'no' } },
      { ...POLICY, conditions: { simulation_success_rate: -0.1, busness_hours: true } },
      ...JUNK,
    ]],
    ['PolicyConditionsSchema', PolicyConditionsSchema, before.PolicyConditionsSchema, [{}, { security_fix: true, in_maintenance_window: false, performance_degradation: true }, { day_of_week: 'Monday' }]],
    ['PolicyActionsSchema', PolicyActionsSchema, before.PolicyActionsSchema, [
      { decision: 'DEFER', defer_until: 'PT30M', bypass_window: true, rollout: 'fast' }, { decision: 'MANUAL_REVIEW', rollout: '' }, { decision: 'ALLOW', defer_until: 5 },
      { decision: 'REJECT', defer_until: 'next_weekend', x: 1 },
    ]],
    ['DeferUntilSchema', DeferUntilSchema, before.DeferUntilSchema, ['next_window', 'cooldown_end', '1d12h', 'tomorrow', '', 5, null]],
  ] as const)('%s accepts, refuses, reports, outputs and describes as before', (_name, schema, reference, inputs) => {
    expectAgreement(schema, reference, inputs);
  });

  it('answers any policy-like document as before', () => {
    fc.assert(fc.property(policyLike, (input) => {
      expect(ours(PolicySchema, input)).toStrictEqual(zods(before.PolicySchema, input));
    }), { numRuns: 2000 });
  });
});
