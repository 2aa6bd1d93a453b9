import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoPolicyStore } from '../../../../../functions/adapters/aws/dynamo-policy-store.js';
import { ConflictError, NotFoundError } from '../../../../../functions/core/errors.js';
import type { DynamoPeer } from '../../../../support/dynamo-peer.js';
import { aPolicy, instant } from '../../../../support/store-fixtures.js';

/** The PolicyStore contract, run against one DynamoDB-compatible peer. */
export function policyStoreContract(peer: () => DynamoPeer): void {
  describe('Class: DynamoPolicyStore', () => {
    let policies: DynamoPolicyStore;

    beforeEach(async () => {
      policies = new DynamoPolicyStore({ tableName: await peer().newTable(), client: peer().client });
    });

    describe('Method: put', () => {
      it('creates at rev 1, refuses to create twice, and replaces only over the revision read', async () => {
        // Prepare
        const policy = aPolicy();

        // Act + Assess
        const created = await policies.put(policy, { at: instant(), by: 'config' });
        expect(created).toEqual({ policy, rev: 1, updatedAt: instant(), updatedBy: 'config' });
        await expect(policies.put(policy, { at: instant(1) })).rejects.toBeInstanceOf(ConflictError);
        const replaced = await policies.put({ ...policy, priority: 5 }, { at: instant(2), by: 'api:ops', expectedRev: 1 });
        expect(replaced.rev).toBe(2);
        await expect(policies.put({ ...policy, priority: 7 }, { at: instant(3), expectedRev: 1 })).rejects.toBeInstanceOf(ConflictError);
        expect(await policies.get(policy.name)).toEqual(replaced);
      });

      it('throws NotFoundError when replacing a policy that does not exist', async () => {
        await expect(policies.put(aPolicy(), { at: instant(), expectedRev: 1 })).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('Method: list', () => {
      it('returns every policy by name, across pages', async () => {
        // Prepare
        const names = Array.from({ length: 120 }, (_, i) => `p-${String(i).padStart(3, '0')}`);
        for (let i = 0; i < names.length; i += 20) {
          await Promise.all(names.slice(i, i + 20).map((name) => policies.put(aPolicy({ name }), { at: instant() })));
        }

        // Act
        const all = await policies.list();

        // Assess
        expect(all.map((p) => p.policy.name)).toEqual(names);
      });
    });

    describe('Method: setEnabled', () => {
      it('turns a policy off and on, bumping rev, and honours expectedRev', async () => {
        // Prepare
        const policy = aPolicy();
        await policies.put(policy, { at: instant() });

        // Act + Assess
        const off = await policies.setEnabled(policy.name, false, { at: instant(1), by: 'api:ops' });
        expect(off).toMatchObject({ rev: 2, updatedBy: 'api:ops', policy: { ...policy, enabled: false } });
        await expect(policies.setEnabled(policy.name, true, { at: instant(2), expectedRev: 1 })).rejects.toBeInstanceOf(ConflictError);
        const on = await policies.setEnabled(policy.name, true, { at: instant(3), expectedRev: 2 });
        expect(on).toMatchObject({ rev: 3, updatedAt: instant(3), policy: { ...policy, enabled: true } });
      });

      it('throws NotFoundError for an unknown policy', async () => {
        await expect(policies.setEnabled('ghost', false, { at: instant() })).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('Method: restore', () => {
      it('writes a stored policy verbatim when absent, or over the revision named', async () => {
        // Prepare
        const policy = aPolicy();
        const stored = { policy, rev: 5, updatedAt: instant(), updatedBy: 'api:ops' };

        // Act + Assess
        await policies.restore(stored);
        expect(await policies.get(policy.name)).toEqual(stored);
        await expect(policies.restore({ ...stored, rev: 9 })).rejects.toBeInstanceOf(ConflictError);
        await expect(policies.restore({ ...stored, rev: 9 }, 4)).rejects.toBeInstanceOf(ConflictError);
        await policies.restore({ ...stored, rev: 9 }, 5);
        expect((await policies.get(policy.name)).rev).toBe(9);
      });
    });
  });
}
