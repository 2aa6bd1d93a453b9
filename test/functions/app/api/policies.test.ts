import { describe, expect, it } from 'vitest';
import { PutPolicyBodySchema } from '../../../../functions/app/api/api-schemas.js';
import { parseInput } from '../../../../functions/app/api/input.js';
import { ifMatchRev, listPolicies, putPolicy, setPolicyEnabled, type PutPolicyRequest } from '../../../../functions/app/api/policies.js';
import { ConflictError, ValidationError } from '../../../../functions/core/errors.js';
import { fakeAppDeps } from '../../../support/fakes/index.js';

const OPS = 'ops@example.com';
const body = (extra: Record<string, unknown> = {}): PutPolicyRequest =>
  parseInput(PutPolicyBodySchema, { priority: 100, conditions: { update_type: ['patch'] }, actions: { decision: 'AUTO_APPROVE' }, ...extra }, 'policy');

describe('Use case: policies', () => {
  describe('Function: putPolicy', () => {
    it('creates a policy, then replaces it over the revision named by If-Match, auditing both', async () => {
      // Prepare
      const deps = fakeAppDeps();

      // Act
      const created = await putPolicy(deps, 'patches', body(), undefined, OPS);
      const replaced = await putPolicy(deps, 'patches', body({ priority: 200 }), created.policy.rev, OPS);

      // Assess
      expect(created).toMatchObject({ status: 201, policy: { name: 'patches', rev: 1, enabled: true, updatedBy: `api:${OPS}` } });
      expect(replaced).toMatchObject({ status: 200, policy: { rev: 2, policy: { priority: 200 } } });
      expect(deps.audit.events('policy:patches').map((e) => [e.type, e.actor])).toEqual([['POLICY_CREATED', OPS], ['POLICY_CHANGED', OPS]]);
    });

    it('refuses to overwrite an existing policy without a revision', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await putPolicy(deps, 'patches', body(), undefined, OPS);

      // Act + Assess
      await expect(putPolicy(deps, 'patches', body({ priority: 5 }), undefined, OPS)).rejects.toBeInstanceOf(ConflictError);
      expect((await deps.policies.get('patches')).policy.priority).toBe(100);
      expect(deps.audit.events('policy:patches')).toHaveLength(1);
    });

    it('refuses a body that names another policy than the path', async () => {
      // Prepare
      const deps = fakeAppDeps();

      // Act + Assess
      await expect(putPolicy(deps, 'patches', body({ name: 'other' }), undefined, OPS)).rejects.toMatchObject({ problems: [{ path: 'name', value: 'other' }] });
      expect(await deps.policies.list()).toEqual([]);
    });
  });

  describe('Function: setPolicyEnabled', () => {
    it('disables a policy once; disabling it again writes nothing', async () => {
      // Prepare
      const deps = fakeAppDeps();
      await putPolicy(deps, 'patches', body(), undefined, OPS);

      // Act
      const first = await setPolicyEnabled(deps, 'patches', false, undefined, OPS);
      const again = await setPolicyEnabled(deps, 'patches', false, undefined, OPS);

      // Assess
      expect(first).toMatchObject({ enabled: false, rev: 2 });
      expect(again.rev).toBe(2);
      expect(deps.audit.events('policy:patches').map((e) => e.type)).toEqual(['POLICY_CREATED', 'POLICY_DISABLED']);
      expect((await listPolicies(deps)).items).toEqual([expect.objectContaining({ name: 'patches', enabled: false, rev: 2 })]);
    });
  });

  describe('Function: ifMatchRev', () => {
    it('reads 3, "3" and W/"3", and refuses anything else with the fix', () => {
      expect([ifMatchRev('3'), ifMatchRev('"3"'), ifMatchRev('W/"3"'), ifMatchRev(undefined)]).toEqual([3, 3, 3, undefined]);
      expect(() => ifMatchRev('abc')).toThrow(ValidationError);
    });
  });
});

describe('Use case: policies (names)', () => {
  it('refuses a path name the policy schema does not allow', async () => {
    // Prepare
    const deps = fakeAppDeps();

    // Act + Assess
    await expect(putPolicy(deps, 'Bad Name', parseInput(PutPolicyBodySchema, { priority: 1, actions: { decision: 'REJECT' } }, 'policy'), undefined, 'ops@example.com'))
      .rejects.toMatchObject({ problems: [{ path: 'name', value: 'Bad Name' }] });
    expect(await deps.policies.list()).toEqual([]);
  });
});
