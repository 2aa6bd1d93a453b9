import { approvalsCommand, approveCommand, rejectCommand } from './commands/approvals.js';
import { cancelCommand } from './commands/cancel.js';
import { checkCommand } from './commands/check.js';
import { componentsCommand } from './commands/components.js';
import { detectionCommand } from './commands/detection.js';
import { policiesCommand } from './commands/policies.js';
import { proposeCommand, registerCommand } from './commands/register.js';
import { startCommand } from './commands/start.js';
import { exportStateCommand, importStateCommand } from './commands/state.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import { workflowCommand } from './commands/workflow.js';
import { workflowsCommand } from './commands/workflows.js';
import { closest } from '../functions/core/config/closest.js';
import { EXIT, UsageError, processIo, type CliIo, type Command } from './io.js';

/** Commands that work on a configuration and a data directory on this machine. */
const LOCAL: Readonly<Record<string, Command>> = {
  start: startCommand,
  check: checkCommand,
  validate: validateCommand,
};

/** Commands that talk to a running Upkeep through its API (local, or a stack with --api). */
const REMOTE: Readonly<Record<string, Command>> = {
  status: statusCommand,
  detection: detectionCommand,
  components: componentsCommand,
  workflows: workflowsCommand,
  workflow: workflowCommand,
  approvals: approvalsCommand,
  approve: approveCommand,
  reject: rejectCommand,
  cancel: cancelCommand,
  propose: proposeCommand,
  register: registerCommand,
  policies: policiesCommand,
  'export-state': exportStateCommand,
  'import-state': importStateCommand,
};

/** Every command (DESIGN.md §6). */
const COMMANDS: Readonly<Record<string, Command>> = { ...LOCAL, ...REMOTE };

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'Usage: upkeep <command> [options]',
    '',
    'Upkeep watches where new versions of your components appear, tries each one, decides by',
    'policy, asks a human when needed, and rolls it out with automatic rollback.',
    '',
    'Local mode:',
    ...Object.entries(LOCAL).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Talking to a running Upkeep (the local one on --data DIR, or a stack with --api URL --token T):',
    ...Object.entries(REMOTE).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "upkeep <command> --help" for a command\'s options. Every command takes --json.',
    'Exit codes: 0 ok, 1 failure, 2 bad input.',
  ].join('\n');
}

/**
 * The `upkeep` command: routes `argv` (without `node` and the script) to a command and
 * returns the exit code. Never throws: bad usage is exit 2, anything unexpected exit 1,
 * each with one readable line rather than a stack trace.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['validate', '--config', 'upkeep.yaml']);
 * ```
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(help());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    const guess = closest(name, Object.keys(COMMANDS));
    io.err(`upkeep: unknown command "${name}"${guess === undefined ? '' : `; did you mean "${guess}"?`}`);
    io.err(`Commands: ${Object.keys(COMMANDS).join(', ')}. Run "upkeep --help" for more.`);
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`upkeep ${name}: ${error.message}`);
      return EXIT.badInput;
    }
    io.err(`upkeep ${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  }
}
