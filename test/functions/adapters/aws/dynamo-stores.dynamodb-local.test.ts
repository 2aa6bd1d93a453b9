import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoPeer } from '../../../support/dynamo-peer.js';
import { startDynamoDbLocalPeer } from '../../../support/dynamo-peer.js';
import { javaAvailable } from '../../../support/dynamodb-local.js';
import { storeContracts } from './contract/store-contracts.js';

const java = javaAvailable();
if (!java) {
  console.warn('DynamoDB Local contract tests skipped: no `java` on PATH (DynamoDB Local needs Java 17+). The dynalite run still covers the contract.');
}

describe.skipIf(!java)(`peer: DynamoDB Local${java ? '' : ' (skipped: java is not on PATH)'}`, () => {
  let peer: DynamoPeer | undefined;

  beforeAll(async () => {
    peer = await startDynamoDbLocalPeer();
  });

  afterAll(async () => {
    await peer?.close();
  });

  storeContracts(() => peer!);

  it('sent no Scan in any test above', () => {
    expect(peer!.commands.length).toBeGreaterThan(0);
    expect(peer!.commands).not.toContain('ScanCommand');
  });
});
