import { apiCommand } from '../api-command.js';
import type { DecisionResult } from '../client/upkeep-client.js';
import { EXIT } from '../io.js';
import type { Paint } from '../output.js';
import { workflowTable } from './workflows.js';

/** `upkeep approvals`: workflows waiting for a human. */
export const approvalsCommand = apiCommand({
  name: 'approvals',
  summary: 'list workflows awaiting approval',
  usage: [
    'Usage: upkeep approvals [--component C] [--json]',
    '',
    'Lists the workflows waiting for an approver\'s decision, newest first.',
  ],
  flagsUsage: ['  --component C  only this component'],
  positionals: [],
  options: { component: { type: 'string' } },
  async run({ client, values, json, printJson, paint: p, io, progress }) {
    const pending = await progress('fetching pending approvals', () => client.getPendingApprovals(values.component ? { component: values.component } : {}));
    if (json) {
      printJson(pending);
      return EXIT.ok;
    }
    if (pending.length === 0) {
      io.out('Nothing awaits approval.');
      return EXIT.ok;
    }
    for (const line of workflowTable(p, pending)) io.out(line);
    io.out(p.dim(`${pending.length} awaiting approval. Decide with: upkeep approve <id> | upkeep reject <id> --reason R`));
    return EXIT.ok;
  },
});

function decided(p: Paint, result: DecisionResult): string {
  if (result.effect === 'counted') return `Recorded ${result.approver}'s approval of ${result.workflowId}: ${result.approvals} of ${result.required} needed; waiting for more.`;
  const outcome = result.outcome === 'APPROVED' ? p.green('approved') : p.red('rejected');
  return `Workflow ${result.workflowId} ${outcome} by ${result.approver}${result.outcome === 'APPROVED' ? '; it continues to the deployment window and rollout' : '; it ends REJECTED'}.`;
}

function decideCommand(decision: 'approve' | 'reject') {
  return apiCommand({
    name: decision,
    summary: decision === 'approve' ? 'approve a workflow awaiting approval (as the token\'s person)' : 'reject a workflow awaiting approval',
    usage: [
      `Usage: upkeep ${decision} <id> [--reason R] [--json]`,
      '',
      `${decision === 'approve' ? 'Approves' : 'Rejects'} the workflow as the person the token stands for (an approver of its`,
      'component). Each approver counts once; a workflow that needs N approvals waits for N.',
    ],
    flagsUsage: ['  --reason R     why, kept in the audit trail'],
    positionals: ['id'],
    options: { reason: { type: 'string' } },
    async run({ client, args, values, json, printJson, paint: p, io }) {
      const options = values.reason ? { reason: values.reason } : {};
      const result = decision === 'approve' ? await client.approveWorkflow(args.id, options) : await client.rejectWorkflow(args.id, options);
      if (json) printJson(result);
      else io.out(decided(p, result));
      return EXIT.ok;
    },
  });
}

/** `upkeep approve <id>`. */
export const approveCommand = decideCommand('approve');
/** `upkeep reject <id>`. */
export const rejectCommand = decideCommand('reject');
