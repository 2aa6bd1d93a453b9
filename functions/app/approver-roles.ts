import type { UpkeepConfig } from '../core/config/schema.js';
import type { WorkflowRecord } from '../core/workflow-types.js';
import { approvalRules, componentConfig } from './component-settings.js';

/**
 * Who is asked to decide on `wf`: the component's approvers (role approver or admin), less the
 * requester when authors may not approve their own updates. Roles themselves are checked by
 * `authorize` (`functions/app/api/access.ts`).
 */
export function approversAsked(config: UpkeepConfig, wf: Pick<WorkflowRecord, 'component' | 'requestedBy'>): { readonly approvers: readonly string[]; readonly required: number } {
  const rules = approvalRules(config, componentConfig(config, wf.component));
  const requester = wf.requestedBy?.toLowerCase();
  return { approvers: rules.approvers.filter((a) => !(rules.forbidAuthorApproval && requester === a)), required: rules.requiredApprovals };
}
