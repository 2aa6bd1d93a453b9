import { apiCommand } from '../api-command.js';
import { EXIT } from '../io.js';
import { renderWorkflow } from '../render-workflow.js';

/** `upkeep workflow <id>`: everything about one workflow. */
export const workflowCommand = apiCommand({
  name: 'workflow',
  summary: 'one workflow: stages, policy trace, simulation, approvals, rollout, audit events',
  usage: [
    'Usage: upkeep workflow <id> [--json]',
    '',
    'Shows one workflow: its stage timeline with timestamps, the policy decision and how each',
    'policy fared, the simulation results, the approval, the rollout and every audit event.',
  ],
  positionals: ['id'],
  options: {},
  async run({ client, args, json, printJson, paint: p, io }) {
    const wf = await client.getWorkflowStatus(args.id);
    if (json) printJson(wf);
    else for (const line of renderWorkflow(p, wf)) io.out(line);
    return EXIT.ok;
  },
});
