import { parseConfig } from '../../functions/core/config/parse.js';
import { parseFlags } from '../args.js';
import { readConfigFile } from '../config-file.js';
import { formatProblem, summarize, summaryLines } from '../describe.js';
import { EXIT, type CliIo, type Command } from '../io.js';

/** `upkeep validate`: check a config file and list every problem in it. */
export const validateCommand: Command = {
  summary: 'check upkeep.yaml and list every problem in it',
  usage: [
    'Usage: upkeep validate [--config FILE] [--json]',
    '',
    'Checks the configuration and prints each problem as "path: message (got value)".',
    '',
    'Options:',
    '  --config FILE  the file to check (default: upkeep.yaml in the current directory)',
    '  --json         print the result as JSON',
    '  --help         show this help',
    '',
    'Exit codes: 0 valid, 2 problems found or bad usage.',
  ].join('\n'),
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('validate', args, {
      config: { type: 'string', default: 'upkeep.yaml' },
      json: { type: 'boolean', default: false },
    });
    const file = await readConfigFile(values.config, io.cwd);
    const result = parseConfig(file.text, file.name);
    if (values.json) {
      io.out(JSON.stringify(result.ok ? { ok: true, file: file.name, summary: summarize(result.config) } : { ok: false, file: file.name, problems: result.problems }, null, 2));
      return result.ok ? EXIT.ok : EXIT.badInput;
    }
    if (!result.ok) {
      io.err(`${file.name}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
      for (const problem of result.problems) io.err(`  ${formatProblem(problem, file.name)}`);
      return EXIT.badInput;
    }
    io.out(`${file.name} is valid`);
    for (const line of summaryLines(result.config)) io.out(line);
    return EXIT.ok;
  },
};
