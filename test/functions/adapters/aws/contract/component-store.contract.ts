import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoComponentStore } from '../../../../../functions/adapters/aws/dynamo-component-store.js';
import { ConflictError, NotFoundError } from '../../../../../functions/core/errors.js';
import type { ComponentRecord, SeenVersion } from '../../../../../functions/ports/component-store.js';
import type { DynamoPeer } from '../../../../support/dynamo-peer.js';
import { aNewComponent, instant } from '../../../../support/store-fixtures.js';

/** The ComponentStore contract, run against one DynamoDB-compatible peer. */
export function componentStoreContract(peer: () => DynamoPeer): void {
  describe('Class: DynamoComponentStore', () => {
    let components: DynamoComponentStore;

    beforeEach(async () => {
      components = new DynamoComponentStore({ tableName: await peer().newTable(), client: peer().client });
    });

    describe('Method: register', () => {
      it('registers once and returns the stored component to later callers', async () => {
        // Prepare
        const api = aNewComponent({ name: 'api' });

        // Act
        const first = await components.register(api);
        const second = await components.register({ ...api, current: '9.9.9' });

        // Assess
        expect(first).toEqual({ created: true, component: { ...api, rev: 1 } });
        expect(second).toEqual({ created: false, component: { ...api, rev: 1 } });
      });
    });

    describe('Method: get', () => {
      it('throws NotFoundError for an unregistered component', async () => {
        await expect(components.get('ghost')).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('Method: list', () => {
      it('pages through components by name, without their versions', async () => {
        // Prepare
        const names = ['a', 'b', 'c', 'd', 'e'];
        await Promise.all(names.map((name) => components.register(aNewComponent({ name }))));
        await components.recordVersion({ component: 'a', version: '1.0.0', firstSeenAt: instant() });

        // Act
        const first = await components.list({ limit: 2 });
        const rest = await components.list({ limit: 3, cursor: first.cursor });

        // Assess
        expect([...first.items, ...rest.items].map((c) => c.name)).toEqual(names);
      });
    });

    describe('Method: update', () => {
      it('moves the current version, keeping the previous one, and rejects a stale rev', async () => {
        // Prepare
        const { component } = await components.register(aNewComponent());

        // Act
        const moved = await components.update({ ...component, previous: component.current, current: '1.5.0', highWaterMark: '1.5.0' });

        // Assess
        expect(moved).toMatchObject({ rev: 2, current: '1.5.0', previous: '1.4.0', highWaterMark: '1.5.0' });
        await expect(components.update({ ...component, current: '1.6.0' })).rejects.toBeInstanceOf(ConflictError);
        expect(await components.get(component.name)).toEqual(moved);
      });

      it('throws NotFoundError for a component that was never registered', async () => {
        await expect(components.update({ ...aNewComponent(), rev: 1 })).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('Method: quarantine', () => {
      it('adds each version once under concurrent calls, and bumps rev so stale updates lose', async () => {
        // Prepare
        const { component } = await components.register(aNewComponent());
        const versions = ['2.0.0', '2.0.1', '2.0.2'];

        // Act
        const results = await Promise.all([...versions, ...versions, ...versions].map((v) => components.quarantine(component.name, v, instant(5))));

        // Assess
        const stored = await components.get(component.name);
        expect([...stored.quarantined].sort()).toEqual(versions);
        expect(stored.rev).toBe(1 + versions.length);
        expect(results.every((r: ComponentRecord) => r.quarantined.length >= 1)).toBe(true);
        await expect(components.update({ ...component, current: '3.0.0' })).rejects.toBeInstanceOf(ConflictError);
      });

      it('throws NotFoundError for an unregistered component', async () => {
        await expect(components.quarantine('ghost', '1.0.0', instant())).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('Method: recordVersion', () => {
      it('keeps the first sighting: a re-published version comes back unchanged with created false', async () => {
        // Prepare
        const seen: SeenVersion = { component: 'api', version: '1.5.0', firstSeenAt: instant(), checksum: 'sha256:aaa', changelog: 'fixes' };

        // Act
        const first = await components.recordVersion(seen);
        const again = await components.recordVersion({ ...seen, firstSeenAt: instant(3600), checksum: 'sha256:bbb' });

        // Assess
        expect(first).toEqual({ created: true, version: seen });
        expect(again).toEqual({ created: false, version: seen });
        expect(await components.getVersion('api', '1.5.0')).toEqual(seen);
        expect(await components.getVersion('api', '1.6.0')).toBeUndefined();
      });
    });

    describe('Method: listVersions', () => {
      it('pages through one component\'s versions only', async () => {
        // Prepare
        const versions = ['1.0.0', '1.1.0', '1.2.0', '2.0.0'];
        await Promise.all(versions.map((version) => components.recordVersion({ component: 'lib', version, firstSeenAt: instant() })));
        await components.recordVersion({ component: 'lib-other', version: '9.0.0', firstSeenAt: instant() });
        await components.register(aNewComponent({ name: 'lib' }));

        // Act
        const first = await components.listVersions('lib', { limit: 3 });
        const rest = await components.listVersions('lib', { cursor: first.cursor });

        // Assess
        expect([...first.items, ...rest.items].map((v) => v.version)).toEqual(versions);
      });
    });

    describe('Method: setAdvisories', () => {
      it('replaces the advisories of a seen version, and throws NotFoundError for an unseen one', async () => {
        // Prepare
        await components.recordVersion({ component: 'api', version: '1.4.0', firstSeenAt: instant() });
        const advisories = [{ id: 'GHSA-xxxx', severity: 'HIGH' as const, summary: 'prototype pollution', fixedIn: ['1.5.0'] }];

        // Act
        const updated = await components.setAdvisories('api', '1.4.0', advisories, instant(10));

        // Assess
        expect(updated).toMatchObject({ advisories, advisoriesCheckedAt: instant(10), firstSeenAt: instant() });
        await expect(components.setAdvisories('api', '0.0.1', [], instant())).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('Method: restore', () => {
      it('writes a component verbatim when absent, or over the revision named', async () => {
        // Prepare
        const api: ComponentRecord = { ...aNewComponent({ name: 'api' }), rev: 3 };

        // Act + Assess
        await components.restore(api);
        expect(await components.get('api')).toEqual(api);
        await expect(components.restore({ ...api, rev: 8 })).rejects.toBeInstanceOf(ConflictError);
        await components.restore({ ...api, rev: 8, current: '9.0.0' }, 3);
        expect(await components.get('api')).toMatchObject({ rev: 8, current: '9.0.0' });
      });
    });
  });
}
