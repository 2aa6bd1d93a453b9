import { apiCommand } from '../api-command.js';
import { parseCommand } from '../args.js';
import type { ComponentView } from '../client/upkeep-client.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.js';
import { describeSource } from '../describe.js';
import { EXIT, UsageError, type CliIo, type Command } from '../io.js';
import { table, type Paint } from '../output.js';
import { runSubcommand } from '../subcommands.js';

/**
 * Refuses text that cannot be a version before anything is asked: a version never holds
 * whitespace or control characters. Anything else goes to the API, which names the
 * quarantined versions when this one is not among them.
 */
export function checkVersionText(version: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\s\u0000-\u001f\u007f]/.test(version)) {
    throw new UsageError(`<version> must be a version as \`upkeep components\` lists it (such as 2.0.0 or v1.4.0-rc.1), with no spaces or control characters; got ${JSON.stringify(version)}`);
  }
}

/** Components as a table: what runs, what could be proposed, what is quarantined, where versions come from. */
export function componentTable(p: Paint, items: readonly ComponentView[]): string[] {
  return table(p, ['name', 'current', 'available', 'latest seen', 'quarantined', 'high-water', 'source'], items.map((c) => [
    c.name,
    c.current,
    c.available === null ? '—' : p.cyan(c.available),
    c.latestSeen ?? '—',
    c.quarantined.length === 0 ? '—' : p.red(c.quarantined.join(', ')),
    c.highWaterMark ?? '—',
    describeSource(c.source),
  ]));
}

const listCommand = apiCommand({
  name: 'components',
  summary: '',
  usage: [],
  positionals: [],
  options: {},
  async run({ client, json, printJson, paint: p, io }) {
    const components = await client.getComponents();
    if (json) {
      printJson(components);
      return EXIT.ok;
    }
    if (components.length === 0) {
      io.out('No components are registered.');
      return EXIT.ok;
    }
    for (const line of componentTable(p, components)) io.out(line);
    const quarantined = components.reduce((n, c) => n + c.quarantined.length, 0);
    io.out(p.dim(`${components.length} component${components.length === 1 ? '' : 's'}, ${quarantined} quarantined version${quarantined === 1 ? '' : 's'}.${quarantined > 0 ? ' Release one with: upkeep components release <name> <version>' : ''}`));
    return EXIT.ok;
  },
});

const RELEASE = { name: 'components release', positionals: ['name', 'version'] as const };

const releaseApiCommand = apiCommand({
  ...RELEASE,
  summary: '',
  usage: [],
  options: {},
  async run({ client, args, json, printJson, io }) {
    const component = await client.releaseQuarantined(args.name, args.version);
    if (json) {
      printJson(component);
      return EXIT.ok;
    }
    const left = component.quarantined.length === 0 ? `nothing of ${component.name} is quarantined now` : `still quarantined: ${component.quarantined.join(', ')}`;
    io.out(`Released ${component.name} ${args.version} from quarantine: detection may propose it again (${left}).`);
    return EXIT.ok;
  },
});

/** `components release` checks the version text before connecting, so bad text is exit 2 whether or not anything runs. */
const releaseCommand: Command = {
  ...releaseApiCommand,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    checkVersionText(parseCommand(RELEASE.name, argv, RELEASE.positionals, CONNECTION_OPTIONS).args.version);
    return releaseApiCommand.run(argv, io);
  },
};

const SUBCOMMANDS: Readonly<Record<string, Command>> = { list: listCommand, release: releaseCommand };

/** `upkeep components [list]`, `upkeep components release <name> <version>`. */
export const componentsCommand: Command = {
  summary: 'list components (current, available, quarantined); `release <name> <version>` (admins)',
  usage: [
    'Usage: upkeep components [list] [--json]',
    '       upkeep components release <name> <version> [--json]',
    '',
    'Lists the watched components: the version running, the newest one detection may propose',
    '(above the running version and the high-water mark, not quarantined), the newest seen at',
    'all, the quarantined versions and where versions come from. A version is quarantined when',
    'its rollout was rolled back (or upkeep.yaml lists it); it is never proposed again until an',
    'admin releases it, after which the next detection may start a new workflow for it.',
    '',
    'Options:',
    ...CONNECTION_USAGE,
    '',
    'Exit codes: 0 ok, 1 failure (API 5xx, unreachable, nothing running), 2 bad input (bad flags or version, a 4xx answer: unknown component, version not quarantined, not an admin).',
  ].join('\n'),
  run(args: readonly string[], io: CliIo): Promise<number> {
    return runSubcommand('components', SUBCOMMANDS, Object.keys(SUBCOMMANDS), listCommand, args, io);
  },
};
