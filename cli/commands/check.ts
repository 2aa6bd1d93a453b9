import { resolve } from 'node:path';
import { ENV } from '../../functions/constants.js';
import { parseFlags } from '../args.js';
import { validConfigPath } from '../config-file.js';
import { EXIT, type CliIo, type Command } from '../io.js';

/** `upkeep check`: one detection pass that starts nothing. */
export const checkCommand: Command = {
  summary: 'check every component for new versions now (starts no workflows)',
  usage: [
    'Usage: upkeep check [--config FILE] [--data DIR] [--json]',
    '',
    'Asks each component\'s source what exists and compares it with what runs. Uses the same',
    'data directory (and conditional-request cache) as `upkeep start`, through the running',
    'instance when there is one. Starts no workflows.',
    '',
    'Options:',
    '  --config FILE  the configuration (default: upkeep.yaml here)',
    `  --data DIR     the data directory (default: .upkeep; env ${ENV.dataDir})`,
    '  --json         print an array of results',
    '  --help         show this help',
    '',
    'Exit codes: 0 every source answered, 1 a source failed (see error), 2 bad input.',
  ].join('\n'),
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('check', args, {
      config: { type: 'string', default: 'upkeep.yaml' },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const configPath = await validConfigPath(values.config, io);
    if (configPath === undefined) return EXIT.badInput;
    const { checkOnce } = await import('../../infra/local/check.js');
    const results = await checkOnce({ configPath, dataDir: resolve(io.cwd, values.data ?? process.env[ENV.dataDir] ?? '.upkeep') });
    const failed = results.filter((r) => r.error !== null).length;
    if (values.json) {
      io.out(JSON.stringify(results.map(({ workflowId: _w, started: _s, ...r }) => r), null, 2));
    } else {
      const width = Math.max(9, ...results.map((r) => r.component.length));
      io.out(`${'component'.padEnd(width)}  ${'running'.padEnd(12)}  ${'available'.padEnd(12)}  ${'type'.padEnd(10)}  priority  recommendation`);
      for (const r of results) {
        const line = `${r.component.padEnd(width)}  ${r.currentVersion.padEnd(12)}  ${(r.availableVersion ?? '—').padEnd(12)}  ${r.updateType.padEnd(10)}  ${(r.priority ?? '—').padEnd(8)}  `;
        io.out(r.error === null ? `${line}${r.recommendation}` : `${line}error: ${r.error}`);
      }
      io.out(`${results.length} component(s), ${results.filter((r) => r.updateAvailable).length} with an update, ${failed} source(s) failed`);
    }
    return failed > 0 ? EXIT.failure : EXIT.ok;
  },
};
