import type { ParseArgsConfig } from 'node:util';
import { parseCommand } from './args.js';
import { UpkeepApiError, UpkeepConnectionError, type UpkeepClient } from './client/upkeep-client.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, NotRunningError, connect } from './connection.js';
import { EXIT, type CliIo, type Command } from './io.js';
import { paint, withProgress, type Paint } from './output.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What an API command's body gets: the parsed input, a connected client and the terminal. */
export interface ApiContext<V, N extends string> {
  readonly values: V;
  readonly args: Readonly<Record<N, string>>;
  readonly client: UpkeepClient;
  readonly io: CliIo;
  readonly paint: Paint;
  readonly json: boolean;
  /** Runs `work` with a spinner on stderr (terminals only). */
  readonly progress: <T>(label: string, work: () => Promise<T>) => Promise<T>;
  /** Prints `value` as indented JSON on stdout. */
  readonly printJson: (value: unknown) => void;
}

/** An API command: its name (as typed, e.g. `policies set`), positional arguments, flags and body. */
export interface ApiCommandSpec<O extends Options, N extends string> {
  readonly name: string;
  readonly summary: string;
  /** The first usage line(s) and description; the connection flags' help is appended. */
  readonly usage: readonly string[];
  /** The command's own flags' help lines. */
  readonly flagsUsage?: readonly string[];
  readonly positionals: readonly N[];
  readonly options: O;
  /** Checks the flags before connecting, so bad input is reported as such (exit 2) whether or not anything runs. */
  readonly check?: (values: ReturnType<typeof parseCommand<O & typeof CONNECTION_OPTIONS, N>>['values']) => void;
  readonly run: (context: ApiContext<ReturnType<typeof parseCommand<O & typeof CONNECTION_OPTIONS, N>>['values'], N>) => Promise<number>;
}

const HINTS: Readonly<Record<number, string>> = {
  401: 'check the token: --token T or UPKEEP_API_TOKEN for a stack; locally <data dir>/api-token (or a person\'s token in api-tokens.json)',
  403: 'the token is valid but its person lacks the role: roles come from `approvers` in upkeep.yaml',
};

/**
 * How a failed call is reported and which exit code it gives: a 4xx is the caller's fault (bad
 * input, wrong token, missing role, unknown id, stale revision) → 2; a 5xx, no answer, or no
 * local instance → 1. One line on stderr (plus each problem), and with `--json` the error as
 * JSON on stdout too.
 */
export function reportFailure(command: string, error: unknown, io: CliIo, json: boolean): number | undefined {
  const p = paint(io, 'err');
  if (error instanceof UpkeepApiError) {
    // A long message only repeats the problems listed below it.
    const headline = error.problems.length > 0 && error.message.length > 100 ? `${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}, nothing changed` : error.message;
    io.err(`upkeep ${command}: ${p.red(`${error.error} (${error.status})`)}: ${headline}`);
    for (const problem of error.problems) io.err(`  ${p.bold(problem.path)}: ${problem.message} (got ${problem.value})`);
    const hint = HINTS[error.status];
    if (hint !== undefined) io.err(`  ${p.dim(hint)}`);
    if (json) io.out(JSON.stringify({ ok: false, status: error.status, error: error.error, message: error.message, problems: error.problems }, null, 2));
    return error.callerFault ? EXIT.badInput : EXIT.failure;
  }
  if (error instanceof UpkeepConnectionError || error instanceof NotRunningError) {
    io.err(`upkeep ${command}: ${p.red('unreachable')}: ${error.message}`);
    if (json) io.out(JSON.stringify({ ok: false, status: null, error: error.name, message: error.message }, null, 2));
    return EXIT.failure;
  }
  return undefined;
}

/**
 * Builds a command that talks to the API: parses flags and exactly `positionals`, connects
 * (`connect`), runs the body and maps API failures to exit codes (`reportFailure`).
 *
 * @example
 * ```ts
 * export const approveCommand = apiCommand({ name: 'approve', positionals: ['id'], options: { reason: { type: 'string' } }, … });
 * ```
 */
export function apiCommand<O extends Options, N extends string>(spec: ApiCommandSpec<O, N>): Command {
  return {
    summary: spec.summary,
    usage: [...spec.usage, '', 'Options:', ...(spec.flagsUsage ?? []), ...CONNECTION_USAGE, '', 'Exit codes: 0 ok, 1 failure (API 5xx, unreachable, nothing running), 2 bad input (bad flags, a 4xx answer).'].join('\n'),
    async run(argv: readonly string[], io: CliIo): Promise<number> {
      const { values, args } = parseCommand(spec.name, argv, spec.positionals, { ...CONNECTION_OPTIONS, ...spec.options });
      spec.check?.(values);
      const common = values as { api?: string; token?: string; data?: string; json?: boolean };
      const json = common.json === true;
      try {
        const client = await connect(common, io);
        return await spec.run({
          values, args, client, io, json, paint: paint(io),
          progress: (label, work) => withProgress(io, label, work),
          printJson: (value) => io.out(JSON.stringify(value, null, 2)),
        });
      } catch (error) {
        const code = reportFailure(spec.name, error, io, json);
        if (code === undefined) throw error;
        return code;
      }
    },
  };
}
