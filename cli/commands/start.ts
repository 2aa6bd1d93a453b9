import { join, resolve } from 'node:path';
import { ENV } from '../../functions/constants.js';
import { parseFlags } from '../args.js';
import { validConfigPath } from '../config-file.js';
import { EXIT, UsageError, type CliIo, type Command } from '../io.js';

function number(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** `upkeep start`: local mode, the whole system on one machine, until Ctrl-C. */
export const startCommand: Command = {
  summary: 'run Upkeep locally: embedded DynamoDB, workflows, scheduler, API on one port',
  usage: [
    'Usage: upkeep start [--config FILE] [--data DIR] [--port N] [--time-scale X] [--no-schedule] [--json]',
    '       upkeep start --demo',
    '',
    'Local mode: dynalite for DynamoDB, the update workflow (the same ASL file and handlers as',
    'AWS) on a local state-machine runner, a buildspec runner for CodeBuild, a traffic-shifting',
    'deployer for CodeDeploy, an outbox for SNS email, a scheduler for EventBridge and the HTTP',
    'API on 127.0.0.1. Stops cleanly on Ctrl-C; unfinished workflows resume at the next start.',
    '',
    'Options:',
    '  --config FILE     the configuration (default: upkeep.yaml here)',
    '  --demo            build and run the bundled demo system (what `npm start` does)',
    `  --data DIR        the data directory (default: .upkeep; env ${ENV.dataDir})`,
    `  --port N          the API port on 127.0.0.1 (default 8787, 0 = any free port; env ${ENV.port})`,
    '  --time-scale X    wall-clock time per unit of workflow time for waits and canaries (default 1)',
    '  --no-schedule     do not run detection on the schedule (use the API or `upkeep check`)',
    '  --json            print one JSON line when ready ({url, dataDir, tokenFile, pid}); the rest goes to stderr',
    '  --help            show this help',
  ].join('\n'),
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('start', args, {
      config: { type: 'string' },
      demo: { type: 'boolean', default: false },
      data: { type: 'string' },
      port: { type: 'string' },
      'time-scale': { type: 'string' },
      'no-schedule': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    // With --json stdout carries only the ready line ({url, dataDir, tokenFile, pid}); what a person reads goes to stderr.
    const say = values.json ? io.err : io.out;
    if (values.demo && values.config !== undefined) throw new UsageError('use either --demo or --config FILE, not both');
    const dataDir = resolve(io.cwd, values.data ?? process.env[ENV.dataDir] ?? '.upkeep');
    const port = number('port', values.port ?? process.env[ENV.port], 0, 65_535) ?? 8787;
    let timeScale = number('time-scale', values['time-scale'], 0.0001, 1);
    let configPath: string;
    if (values.demo) {
      const { prepareDemo } = await import('../../examples/demo/prepare-demo.js');
      const demo = await prepareDemo({ dataDir, print: say });
      configPath = demo.configPath;
      timeScale ??= demo.timeScale;
    } else {
      const valid = await validConfigPath(values.config ?? 'upkeep.yaml', io);
      if (valid === undefined) return EXIT.badInput;
      configPath = valid;
    }
    const { startLocalRuntime } = await import('../../infra/local/runtime.js');
    const runtime = await startLocalRuntime({ configPath, dataDir, port, ...(timeScale ? { timeScale } : {}), schedule: !values['no-schedule'], print: say });
    if (values.json) io.out(JSON.stringify({ url: runtime.url, dataDir, tokenFile: join(dataDir, 'api-token'), pid: process.pid }));
    say('');
    say(`Upkeep is running locally at ${runtime.url}`);
    say(`  API token:   ${runtime.token}   (also in ${join(dataDir, 'api-token')})`);
    say(`  dashboard:   ${runtime.url}/#token=${runtime.token}`);
    say(`  try:         curl -H "Authorization: Bearer ${runtime.token}" ${runtime.url}/api/self-update/workflows`);
    say(`  data:        ${dataDir}   (emails in outbox/)`);
    say('  Ctrl-C stops it; unfinished workflows resume at the next start.');
    say('');
    if (values.demo) {
      const { narrateDemo } = await import('../../examples/demo/prepare-demo.js');
      void narrateDemo(runtime, say);
    }
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    say('Stopping: scheduler, API, workflows, builds, deployed processes, database…');
    await runtime.close();
    say('Stopped.');
    return EXIT.ok;
  },
};
