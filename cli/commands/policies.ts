import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parseDocument } from 'yaml';
import { apiCommand } from '../api-command.js';
import type { PolicyDocument, PolicyView, UpkeepClient } from '../client/upkeep-client.js';
import { CONNECTION_USAGE } from '../connection.js';
import { EXIT, UsageError, type CliIo, type Command } from '../io.js';
import { instant, table } from '../output.js';

/** A policy file (YAML or JSON, which is YAML too) as a mapping, or a usage error with the line of the problem. */
export async function readPolicyFile(path: string, cwd: string): Promise<Record<string, unknown>> {
  const file = isAbsolute(path) ? path : join(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path} not found; pass --file policy.yaml (or .json)` : `cannot read ${path}: ${(error as Error).message}`);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [first] = doc.errors;
  if (first !== undefined) {
    const at = first.linePos?.[0];
    const what = (first.message.split('\n')[0] ?? first.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new UsageError(`${path}${at ? `:${at.line}:${at.col}` : ''} is not valid YAML or JSON: ${what}`);
  }
  const value = doc.toJS() as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${path} must hold one policy as a mapping (priority, conditions, actions, …), got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

async function existing(client: UpkeepClient, name: string): Promise<PolicyView | undefined> {
  return (await client.listPolicies()).find((p) => p.name === name);
}

const listCommand = apiCommand({
  name: 'policies',
  summary: 'list, create or replace, enable and disable policies',
  usage: [],
  positionals: [],
  options: {},
  async run({ client, json, printJson, paint: p, io }) {
    const policies = await client.listPolicies();
    if (json) {
      printJson(policies);
      return EXIT.ok;
    }
    const rows = [...policies].sort((a, b) => b.policy.priority - a.policy.priority).map((v) => [
      v.name, v.enabled ? p.green('on') : p.dim('off'), String(v.policy.priority), v.policy.actions.decision, String(v.rev), `${instant(v.updatedAt)}${v.updatedBy ? ` by ${v.updatedBy}` : ''}`, v.policy.description,
    ]);
    for (const line of table(p, ['name', 'enabled', 'priority', 'decision', 'rev', 'updated', 'description'], rows)) io.out(line);
    io.out(p.dim(`${policies.length} policies, highest priority first: the first enabled one that matches decides.`));
    return EXIT.ok;
  },
});

const setCommand = apiCommand({
  name: 'policies set',
  summary: '',
  usage: [],
  positionals: ['name'],
  options: { file: { type: 'string' }, rev: { type: 'string' } },
  check(values) {
    if (values.file === undefined) throw new UsageError('--file FILE is required: the policy as YAML or JSON (priority, conditions, actions, …)');
  },
  async run({ client, args, values, json, printJson, io }) {
    if (values.file === undefined) return EXIT.badInput;
    const { rev: fileRev, ...doc } = await readPolicyFile(values.file, io.cwd);
    if (doc.name !== undefined && doc.name !== args.name) {
      throw new UsageError(`${values.file} names policy ${JSON.stringify(doc.name)} but the command ${JSON.stringify(args.name)}; make them equal, or leave name out of the file`);
    }
    let rev: number | undefined;
    if (values.rev !== undefined) {
      rev = Number(values.rev);
      if (!Number.isInteger(rev) || rev < 1) throw new UsageError(`--rev must be the revision you read (a whole number from 1), got "${values.rev}"`);
    } else if (typeof fileRev === 'number') {
      rev = fileRev;
    } else {
      rev = (await existing(client, args.name))?.rev;
    }
    const policy = doc as PolicyDocument;
    const stored = rev === undefined ? await client.addPolicy({ ...policy, name: args.name }) : await client.updatePolicy(args.name, policy, rev);
    if (json) printJson(stored);
    else io.out(`Policy ${stored.name} ${rev === undefined ? 'created' : `replaced (rev ${rev} → ${stored.rev})`}: ${stored.enabled ? 'enabled' : 'disabled'}, priority ${stored.policy.priority}, ${stored.policy.actions.decision}.`);
    return EXIT.ok;
  },
});

function toggleCommand(enabled: boolean): Command {
  return apiCommand({
    name: `policies ${enabled ? 'enable' : 'disable'}`,
    summary: '',
    usage: [],
    positionals: ['name'],
    options: {},
    async run({ client, args, json, printJson, io }) {
      const stored = await client.setPolicyEnabled(args.name, enabled);
      if (json) printJson(stored);
      else io.out(`Policy ${stored.name} is ${enabled ? 'enabled' : 'disabled'} (rev ${stored.rev}).`);
      return EXIT.ok;
    },
  });
}

const SUBCOMMANDS: Readonly<Record<string, Command>> = { list: listCommand, set: setCommand, enable: toggleCommand(true), disable: toggleCommand(false) };

/** `upkeep policies [list]`, `policies set <name> --file F`, `policies enable|disable <name>`. */
export const policiesCommand: Command = {
  summary: 'list policies; `set <name> --file F`, `enable|disable <name>` (admins)',
  usage: [
    'Usage: upkeep policies [list] [--json]',
    '       upkeep policies set <name> --file policy.yaml [--rev N] [--json]',
    '       upkeep policies enable <name> [--json]',
    '       upkeep policies disable <name> [--json]',
    '',
    'Lists the stored policies (highest priority first), creates or replaces one from a YAML or',
    'JSON file written as in upkeep.yaml (priority, conditions, actions, description, enabled),',
    'or turns one on or off. `set` replaces the revision it reads first unless --rev names one;',
    'a policy that breaks a rule is refused with each field named, and nothing changes.',
    '',
    'Options:',
    '  --file FILE    (set) the policy, YAML or JSON',
    '  --rev N        (set) replace only this revision (optimistic locking)',
    ...CONNECTION_USAGE,
    '',
    'Exit codes: 0 ok, 1 failure (API 5xx, unreachable, nothing running), 2 bad input (bad flags or file, a 4xx answer).',
  ].join('\n'),
  run(args: readonly string[], io: CliIo): Promise<number> {
    const [first, ...rest] = args;
    const sub = first !== undefined && Object.hasOwn(SUBCOMMANDS, first) ? SUBCOMMANDS[first] : undefined;
    if (sub !== undefined) return sub.run(rest, io);
    if (first !== undefined && !first.startsWith('-')) {
      throw new UsageError(`unknown policies subcommand "${first}"; use one of: ${Object.keys(SUBCOMMANDS).join(', ')}`);
    }
    return listCommand.run(args, io);
  },
};
