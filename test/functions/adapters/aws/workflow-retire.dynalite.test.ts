import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoWorkflowStore } from '../../../../functions/adapters/aws/dynamo-workflow-store.js';
import type { WorkflowStore } from '../../../../functions/ports/workflow-store.js';
import { startDynalitePeer, type DynamoPeer } from '../../../support/dynamo-peer.js';
import { InMemoryWorkflowStore } from '../../../support/fakes/index.js';
import { aNewWorkflow } from '../../../support/store-fixtures.js';

/** `retire` frees a component+version pair for a new workflow once its version is released from quarantine. */
function retireContract(name: string, make: () => Promise<WorkflowStore>): void {
  describe(`WorkflowStore.retire: ${name}`, () => {
    it('frees the pair held by the workflow, keeping the workflow readable, so a new one can be created', async () => {
      const store = await make();
      const first = aNewWorkflow({ id: 'wf-old', stage: 'ROLLED_BACK' });
      await store.create(first);

      const retired = await store.retire(first.component, first.version, 'wf-old');
      const again = await store.create(aNewWorkflow({ id: 'wf-new' }));

      expect(retired).toBe(true);
      expect(again).toEqual({ id: 'wf-new', created: true });
      expect(await store.findId(first.component, first.version)).toBe('wf-new');
      expect((await store.get('wf-old')).stage).toBe('ROLLED_BACK');
    });

    it('writes nothing when the pair is held by another workflow or by none', async () => {
      const store = await make();
      const first = aNewWorkflow({ id: 'wf-1' });
      await store.create(first);

      expect(await store.retire(first.component, first.version, 'wf-other')).toBe(false);
      expect(await store.retire(first.component, '9.9.9', 'wf-1')).toBe(false);
      expect(await store.findId(first.component, first.version)).toBe('wf-1');
    });
  });
}

describe('peer: dynalite', () => {
  let peer: DynamoPeer | undefined;
  beforeAll(async () => {
    peer = await startDynalitePeer();
  });
  afterAll(async () => {
    await peer?.close();
  });

  retireContract('DynamoWorkflowStore', async () => new DynamoWorkflowStore({ tableName: await peer!.newTable(), client: peer!.client }));
  retireContract('InMemoryWorkflowStore', () => Promise.resolve(new InMemoryWorkflowStore()));
});
