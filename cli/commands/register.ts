import { apiCommand } from '../api-command.js';
import { EXIT } from '../io.js';

/** `upkeep register <component> <version>`: the seed's `register_component_version`. */
export const registerCommand = apiCommand({
  name: 'register',
  summary: 'record the version of a component now running (admins)',
  usage: [
    'Usage: upkeep register <component> <version> [--reason R] [--json]',
    '',
    'Records <version> as the one now running (say, after a manual deploy); the old one becomes',
    'the rollback target. Registering the running version again changes nothing. A component',
    'Upkeep does not know yet is added through the API with its source (POST /register-component).',
  ],
  flagsUsage: ['  --reason R     why, kept in the audit trail'],
  positionals: ['component', 'version'],
  options: { reason: { type: 'string' } },
  async run({ client, args, values, json, printJson, io }) {
    const result = await client.registerComponentVersion(args.component, args.version, values.reason ? { reason: values.reason } : {});
    if (json) printJson(result);
    else if (!result.changed) io.out(`${args.component} already runs ${args.version}; nothing changed.`);
    else io.out(`${args.component} now runs ${result.component.current}${result.component.previous ? ` (was ${result.component.previous})` : ''}.`);
    return EXIT.ok;
  },
});

/** `upkeep propose <component> <version>`: the seed's `process_update`. */
export const proposeCommand = apiCommand({
  name: 'propose',
  summary: 'run a given version of a component through a workflow now (approvers)',
  usage: [
    'Usage: upkeep propose <component> <version> [--changelog TEXT] [--checksum C] [--reason R] [--json]',
    '',
    'Starts the update workflow for <version> of a registered component without waiting for',
    'detection: verify, simulate, decide by policy, ask for approval if needed, roll out. The',
    'version must be one detection could offer (newer, not quarantined). Proposing it again',
    'shows its existing workflow; there is only ever one per component and version.',
  ],
  flagsUsage: [
    '  --changelog T  release notes (breaking-change markers count)',
    '  --checksum C   what the artifact must hash to, e.g. sha256:<hex>',
    '  --reason R     why, kept in the audit trail',
  ],
  positionals: ['component', 'version'],
  options: { changelog: { type: 'string' }, checksum: { type: 'string' }, reason: { type: 'string' } },
  async run({ client, args, values, json, printJson, io }) {
    const options = {
      ...(values.changelog ? { changelog: values.changelog } : {}),
      ...(values.checksum ? { checksum: values.checksum } : {}),
      ...(values.reason ? { reason: values.reason } : {}),
    };
    const result = await client.processUpdate(args.component, args.version, options);
    if (json) printJson(result);
    else if (result.created) io.out(`Started workflow ${result.workflow.id} for ${args.component} ${result.workflow.fromVersion} → ${args.version}. Follow it: upkeep workflow ${result.workflow.id}`);
    else io.out(`${args.component} ${args.version} already has workflow ${result.workflow.id} (${result.workflow.stage}); nothing new started.`);
    return EXIT.ok;
  },
});
