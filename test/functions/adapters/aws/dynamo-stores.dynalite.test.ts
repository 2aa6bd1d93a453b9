import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoPeer } from '../../../support/dynamo-peer.js';
import { startDynalitePeer } from '../../../support/dynamo-peer.js';
import { storeContracts } from './contract/store-contracts.js';

describe('peer: dynalite', () => {
  let peer: DynamoPeer | undefined;

  beforeAll(async () => {
    peer = await startDynalitePeer();
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
