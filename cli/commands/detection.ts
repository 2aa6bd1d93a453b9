import { apiCommand } from '../api-command.js';
import type { DetectionState } from '../client/upkeep-client.js';
import { CONNECTION_USAGE } from '../connection.js';
import { EXIT, type CliIo, type Command } from '../io.js';
import { ago, type Paint } from '../output.js';
import { runSubcommand } from '../subcommands.js';

/** `running` or `stopped`, as `upkeep status` says it. */
function state(p: Paint, enabled: boolean): string {
  return enabled ? p.green('running') : p.yellow('stopped');
}

/** Who last switched detection, and when: `; stopped by ana@example.com 3m 05s ago`. */
function changed(detection: DetectionState): string {
  return detection.changedBy === undefined ? '' : `; ${detection.enabled ? 'started' : 'stopped'} by ${detection.changedBy} ${ago(detection.changedAt)}`;
}

const statusCommand = apiCommand({
  name: 'detection status',
  summary: '',
  usage: [],
  positionals: [],
  options: {},
  async run({ client, json, printJson, paint: p, io }) {
    const { detection } = await client.getStatus();
    if (json) {
      printJson(detection);
      return EXIT.ok;
    }
    io.out(`Scheduled detection is ${state(p, detection.enabled)} (${detection.schedule}; schedules: ${detection.schedules.join(', ')}), last run ${ago(detection.lastRunAt)}${changed(detection)}.`);
    return EXIT.ok;
  },
});

function switchCommand(enabled: boolean): Command {
  return apiCommand({
    name: `detection ${enabled ? 'on' : 'off'}`,
    summary: '',
    usage: [],
    positionals: [],
    options: {},
    async run({ client, json, printJson, paint: p, io }) {
      const result = await (enabled ? client.start() : client.stop());
      if (json) {
        printJson(result);
        return EXIT.ok;
      }
      if (result.changed) io.out(`Scheduled detection is now ${state(p, result.enabled)} (was ${state(p, !result.enabled)}; schedules: ${result.schedules.join(', ')}).`);
      else io.out(`Scheduled detection was already ${state(p, result.enabled)}; nothing changed${changed(result)}.`);
      return EXIT.ok;
    },
  });
}

const on = switchCommand(true);
const off = switchCommand(false);
/** `start` and `stop` are the API's words (`POST /start|stop`); they are accepted too. */
const SUBCOMMANDS: Readonly<Record<string, Command>> = { status: statusCommand, on, off, start: on, stop: off };
const SHOWN = ['status', 'on', 'off'];

/** `upkeep detection [status]`, `upkeep detection on|off`: scheduled detection through the API. */
export const detectionCommand: Command = {
  summary: 'whether scheduled detection runs; `on` / `off` switch it (admins)',
  usage: [
    'Usage: upkeep detection [status] [--json]',
    '       upkeep detection on [--json]     (or: start)',
    '       upkeep detection off [--json]    (or: stop)',
    '',
    'Shows whether scheduled detection runs, on which schedule, when it last ran and who last',
    'switched it; `on` and `off` switch it (EventBridge Scheduler schedules on AWS, the local',
    'scheduler locally). Switching is idempotent, and `off` lasts across restarts. While it is',
    'off, `upkeep check`, `upkeep propose` and the API\'s check-updates still work. (`upkeep',
    'start` runs local mode; it does not switch detection.)',
    '',
    'Options:',
    ...CONNECTION_USAGE,
    '',
    'Exit codes: 0 ok, 1 failure (API 5xx, unreachable, nothing running), 2 bad input (bad flags or subcommand, a 4xx answer: not an admin).',
  ].join('\n'),
  run(args: readonly string[], io: CliIo): Promise<number> {
    return runSubcommand('detection', SUBCOMMANDS, SHOWN, statusCommand, args, io);
  },
};
