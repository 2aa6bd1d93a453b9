import { apiCommand } from '../api-command.js';
import { EXIT, UsageError } from '../io.js';

/** `upkeep cancel <id> --reason R`: withdraw a workflow that has not ended. */
export const cancelCommand = apiCommand({
  name: 'cancel',
  summary: 'cancel a workflow that has not ended (admins), saying why',
  usage: [
    'Usage: upkeep cancel <id> --reason R [--json]',
    '',
    'Records the workflow as CANCELLED with who and why, stops its execution, and retires its',
    'approval links. Needs the admin role.',
  ],
  flagsUsage: ['  --reason R     why (required), kept in the audit trail'],
  positionals: ['id'],
  options: { reason: { type: 'string' } },
  check(values) {
    if (!values.reason?.trim()) throw new UsageError('--reason R is required: say why the workflow is cancelled (it is kept in the audit trail)');
  },
  async run({ client, args, values, json, printJson, io }) {
    const reason = values.reason?.trim() ?? '';
    const result = await client.cancelWorkflow(args.id, reason);
    if (json) printJson(result);
    else io.out(`Workflow ${result.workflowId} cancelled (was ${result.from}; execution ${result.execution})${result.repeated ? ' — it had been cancelled already' : ''}.`);
    return EXIT.ok;
  },
});
