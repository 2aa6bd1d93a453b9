import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDeploymentQueue } from '../../../../functions/adapters/aws/dynamo-deployment-queue.js';
import { ConflictError, ValidationError } from '../../../../functions/core/errors.js';
import { startDynalitePeer, type DynamoPeer } from '../../../support/dynamo-peer.js';
import { InMemoryDeploymentQueue } from '../../../support/fakes/index.js';
import type { DeploymentQueue } from '../../../../functions/ports/deployment-queue.js';

const at = '2025-03-03T10:00:00.000Z';
const entry = (workflowId: string, version: string) => ({ workflowId, version, since: at });

/** The contract both the table adapter and the test fake keep. */
function queueContract(name: string, make: () => Promise<DeploymentQueue>): void {
  describe(`DeploymentQueue contract: ${name}`, () => {
    it('reads a slot never written as free, at revision 0', async () => {
      const queue = await make();

      expect(await queue.get('api')).toEqual({ component: 'api', rev: 0 });
    });

    it('stores a holder and a waiter, and bumps the revision on every write', async () => {
      const queue = await make();

      const first = await queue.put({ component: 'api', rev: 0, holder: entry('wf-1', '1.1.0'), updatedAt: at });
      const second = await queue.put({ ...first, next: entry('wf-2', '1.2.0') });

      expect(first.rev).toBe(1);
      expect(await queue.get('api')).toEqual({ component: 'api', rev: 2, holder: entry('wf-1', '1.1.0'), next: entry('wf-2', '1.2.0'), updatedAt: at });
      expect(second.rev).toBe(2);
    });

    it('lets exactly one of two racing claims win', async () => {
      const queue = await make();
      const read = await queue.get('api');

      const results = await Promise.allSettled([
        queue.put({ ...read, holder: entry('wf-1', '1.1.0') }),
        queue.put({ ...read, holder: entry('wf-2', '1.2.0') }),
      ]);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ConflictError);
    });

    it('clears a holder that is left out of the write', async () => {
      const queue = await make();
      const held = await queue.put({ component: 'api', rev: 0, holder: entry('wf-1', '1.1.0') });

      await queue.put({ component: 'api', rev: held.rev });

      expect((await queue.get('api')).holder).toBeUndefined();
    });

    it('refuses a component name that would break the key', async () => {
      const queue = await make();

      await expect(queue.get('a#b')).rejects.toBeInstanceOf(ValidationError);
    });
  });
}

describe('Class: DynamoDeploymentQueue (dynalite)', () => {
  let peer: DynamoPeer | undefined;
  beforeAll(async () => {
    peer = await startDynalitePeer();
  });
  afterAll(async () => {
    await peer?.close();
  });

  queueContract('DynamoDeploymentQueue', async () => new DynamoDeploymentQueue({ tableName: await peer!.newTable(), client: peer!.client }));
  queueContract('InMemoryDeploymentQueue', () => Promise.resolve(new InMemoryDeploymentQueue()));

  it('refuses a negative revision', async () => {
    const queue = new DynamoDeploymentQueue({ tableName: await peer!.newTable(), client: peer!.client });

    await expect(queue.put({ component: 'api', rev: -1 })).rejects.toBeInstanceOf(ValidationError);
  });
});
