import { fileURLToPath } from 'node:url';

/** Where a command writes and what it may read: injected so commands are testable in-process. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** The directory relative paths are read from. */
  readonly cwd: string;
  /** The environment (`UPKEEP_API`, `UPKEEP_API_TOKEN`, `NO_COLOR`, …). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether stdout and stderr are terminals: colours and progress only there. @default - neither */
  readonly tty?: { readonly out: boolean; readonly err: boolean };
  /** Writes to stderr without a newline (a spinner redrawing its line). @default - no progress shown */
  readonly errRaw?: (text: string) => void;
}

/** The real terminal. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  env: process.env,
  tty: { out: process.stdout.isTTY === true, err: process.stderr.isTTY === true },
  errRaw: (text) => process.stderr.write(text),
};

/** Exit codes (DESIGN.md §6): 0 ok, 1 failure, 2 bad input. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/** The repository root, where the bundled example lives. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bad usage: an unknown flag, a missing file. The router prints it and exits 2. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One `upkeep` command. */
export interface Command {
  /** One line for `upkeep --help`. */
  readonly summary: string;
  /** The full help text of the command. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
