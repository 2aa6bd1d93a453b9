import type { AppDeps } from '../../app/app-deps.js';
import { DynamoApprovalStore } from './dynamo-approval-store.js';
import { DynamoAuditLog } from './dynamo-audit-log.js';
import { DynamoComponentStore } from './dynamo-component-store.js';
import { DynamoDeploymentQueue } from './dynamo-deployment-queue.js';
import { DynamoPolicyStore } from './dynamo-policy-store.js';
import { DynamoWorkflowStore } from './dynamo-workflow-store.js';

/** The stores of an AppDeps: everything Upkeep keeps in its DynamoDB table. */
export type Stores = Pick<AppDeps, 'workflows' | 'audit' | 'components' | 'deploymentQueue' | 'policies' | 'approvals'>;

/** The DynamoDB stores over one table (a separate module so that a function without the table leaves the DynamoDB client out). */
export function dynamoStores(table: { readonly tableName: string }): Stores {
  return {
    workflows: new DynamoWorkflowStore(table),
    audit: new DynamoAuditLog(table),
    components: new DynamoComponentStore(table),
    deploymentQueue: new DynamoDeploymentQueue(table),
    policies: new DynamoPolicyStore(table),
    approvals: new DynamoApprovalStore(table),
  };
}
