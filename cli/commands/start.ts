import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../functions/core/config/parse.js';
import { parseFlags } from '../args.js';
import { readConfigFile } from '../config-file.js';
import { describeSource, formatProblem, summaryLines } from '../describe.js';
import { EXIT, PACKAGE_ROOT, UsageError, type CliIo, type Command } from '../io.js';

const NOT_BUILT =
  'Not running yet: the workflow engine and the local runtime (embedded DynamoDB, state-machine runner, scheduler, API and dashboard) ' +
  'arrive with later issues, so nothing is watched or started now. `upkeep validate` works today.';

/** `upkeep start`: for now, validates and shows what local mode will watch, and says plainly that it does not run yet. */
export const startCommand: Command = {
  summary: 'run Upkeep locally (today: validate the config and show what would be watched)',
  usage: [
    'Usage: upkeep start [--config FILE | --demo] [--json]',
    '',
    'Local mode: the whole system on one machine. The runtime is not built yet; today this',
    'validates the configuration and prints the components and sources it would watch.',
    '',
    'Options:',
    '  --config FILE  the configuration (default: upkeep.yaml here, else the bundled example)',
    '  --demo         use the bundled example (examples/upkeep.yaml)',
    '  --json         print the plan as JSON',
    '  --help         show this help',
  ].join('\n'),
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('start', args, {
      config: { type: 'string' },
      demo: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    if (values.demo && values.config !== undefined) throw new UsageError('use either --demo or --config FILE, not both');
    const example = join(PACKAGE_ROOT, 'examples', 'upkeep.yaml');
    const bundled = values.demo || (values.config === undefined && !existsSync(join(io.cwd, 'upkeep.yaml')));
    const file = await readConfigFile(bundled ? example : (values.config ?? 'upkeep.yaml'), io.cwd);

    const result = parseConfig(file.text, file.name);
    if (!result.ok) {
      io.err(`${file.name}: ${result.problems.length} problem(s); fix them and run again`);
      for (const problem of result.problems) io.err(`  ${formatProblem(problem, file.name)}`);
      return EXIT.badInput;
    }
    const watch = result.config.components.map((c) => ({ component: c.name, current: c.current, source: describeSource(c.source) }));
    if (values.json) {
      io.out(JSON.stringify({ config: file.name, bundledExample: bundled, running: false, watch, reason: NOT_BUILT }, null, 2));
      return EXIT.ok;
    }
    io.out(`upkeep start: using ${file.name}${bundled ? ' (the bundled example)' : ''}`);
    io.out(`Would watch ${watch.length} component(s):`);
    const name = Math.max(...watch.map((w) => w.component.length));
    const version = Math.max(...watch.map((w) => w.current.length));
    for (const w of watch) io.out(`  ${w.component.padEnd(name)}  at ${w.current.padEnd(version)}  via ${w.source}`);
    for (const line of summaryLines(result.config).slice(1)) io.out(line);
    io.out(NOT_BUILT);
    return EXIT.ok;
  },
};
