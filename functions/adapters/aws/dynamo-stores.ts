import type { AppDeps } from '../../app/app-deps.js';
import { DynamoApprovalStore } from './dynamo-approval-store.js';
import { DynamoAuditLog } from './dynamo-audit-log.js';
import { DynamoComponentStore } from './dynamo-component-store.js';
import { DynamoDeploymentQueue } from './dynamo-deployment-queue.js';
import { DynamoPolicyStore } from './dynamo-policy-store.js';
import { DynamoWorkflowStore } from './dynamo-workflow-store.js';
import { omitted } from './omittable-ports.js';

/** The stores of an AppDeps: everything Upkeep keeps in its DynamoDB table. */
export type Stores = Pick<AppDeps, 'workflows' | 'audit' | 'components' | 'deploymentQueue' | 'policies' | 'approvals'>;

/**
 * The DynamoDB stores over one table, each left out of a bundle whose handler never uses it
 * (see `omittable-ports.ts`; a bundle without any store carries no DynamoDB client for them).
 */
export function dynamoStores(table: { readonly tableName: string }): Stores {
  // Each `process.env.UPKEEP_OMIT_…` below must stay literal: it is what esbuild replaces.
  return {
    workflows: process.env.UPKEEP_OMIT_WORKFLOWS === 'true' ? omitted('workflows') : new DynamoWorkflowStore(table),
    audit: process.env.UPKEEP_OMIT_AUDIT === 'true' ? omitted('audit') : new DynamoAuditLog(table),
    components: process.env.UPKEEP_OMIT_COMPONENTS === 'true' ? omitted('components') : new DynamoComponentStore(table),
    deploymentQueue: process.env.UPKEEP_OMIT_DEPLOYMENTQUEUE === 'true' ? omitted('deploymentQueue') : new DynamoDeploymentQueue(table),
    policies: process.env.UPKEEP_OMIT_POLICIES === 'true' ? omitted('policies') : new DynamoPolicyStore(table),
    approvals: process.env.UPKEEP_OMIT_APPROVALS === 'true' ? omitted('approvals') : new DynamoApprovalStore(table),
  };
}
