import type { DynamoPeer } from '../../../../support/dynamo-peer.js';
import { approvalStoreContract } from './approval-store.contract.js';
import { auditLogContract } from './audit-log.contract.js';
import { componentStoreContract } from './component-store.contract.js';
import { dynamoHttpCacheContract } from './http-cache.contract.js';
import { policyStoreContract } from './policy-store.contract.js';
import { workflowStoreContract } from './workflow-store.contract.js';

/** Every store contract, against one peer; each test gets a fresh table. */
export function storeContracts(peer: () => DynamoPeer): void {
  workflowStoreContract(peer);
  auditLogContract(peer);
  componentStoreContract(peer);
  approvalStoreContract(peer);
  policyStoreContract(peer);
  dynamoHttpCacheContract(peer);
}
