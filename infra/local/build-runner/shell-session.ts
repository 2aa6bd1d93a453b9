/**
 * Runs buildspec commands as real processes, the way CodeBuild's version 0.2 does: the commands
 * of a block run one after another in one `/bin/sh` and stop at the first that fails, and the
 * working directory and exported variables carry over to the next block and phase. Every shell
 * leads its own process group, so a time-out or the end of the build kills everything it
 * started, background processes included, as the end of CodeBuild's container would.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildLog } from './build-log.js';

/** How one block of commands ended. */
export interface BlockOutcome {
  readonly ok: boolean;
  /** The command that failed, when one did. */
  readonly command?: string;
  readonly exitCode?: number;
  /** The signal that ended the shell (a time-out or stop kills with SIGKILL). */
  readonly signal?: string;
}

/** Where and how the commands run. */
export interface ShellSessionOptions {
  /** The source directory: where the first command starts. */
  readonly cwd: string;
  /** A private directory for the session's carried-over state. */
  readonly stateDir: string;
  /** The whole environment of the shell; nothing of the runner's own leaks in. */
  readonly env: Readonly<Record<string, string>>;
  readonly log: BuildLog;
  /** Aborting kills every process group of the session at once. */
  readonly signal: AbortSignal;
}

/** Single-quotes `text` for `/bin/sh`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * @example
 * ```ts
 * const shell = new ShellSession({ cwd: src, stateDir, env, log, signal });
 * const outcome = await shell.run(['npm ci', 'npm test'], true);
 * await shell.close(2000);
 * ```
 */
export class ShellSession {
  readonly #groups = new Set<number>();

  public constructor(private readonly options: ShellSessionOptions) {
    options.signal.addEventListener('abort', () => this.kill('SIGKILL'), { once: true });
  }

  /**
   * Runs `commands` in one shell. `succeeding` is what `CODEBUILD_BUILD_SUCCEEDING` says
   * (1 until a phase has failed). Never rejects: a shell that cannot start is a failed block.
   */
  public async run(commands: readonly string[], succeeding: boolean): Promise<BlockOutcome> {
    if (commands.length === 0) return { ok: true };
    if (this.options.signal.aborted) return { ok: false, signal: 'SIGKILL' };
    const { stateDir } = this.options;
    const child = spawn('/bin/sh', ['-c', this.#script(commands, succeeding)], {
      cwd: this.options.cwd,
      env: this.options.env,
      // Its own process group, so one kill reaches every process the commands started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) this.#groups.add(child.pid);
    this.options.log.follow(child.stdout);
    this.options.log.follow(child.stderr);
    // `exit`, not `close`: a background process may keep the pipes open after the shell ends.
    const ended = await new Promise<{ code: number | null; signal: string | null; error?: Error }>((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    if (ended.error !== undefined) {
      this.options.log.note(`Could not start /bin/sh: ${ended.error.message}`);
      return { ok: false, command: commands[0] ?? '', exitCode: 127 };
    }
    if (ended.code === 0) return { ok: true };
    const index = Number((await readFile(join(stateDir, 'index'), 'utf8').catch(() => '0')).trim());
    const command = commands[Number.isInteger(index) ? index : 0] ?? commands[0] ?? '';
    return ended.signal === null ? { ok: false, command, exitCode: ended.code ?? 1 } : { ok: false, command, signal: ended.signal };
  }

  /** Sends `signal` to every process group the session started. */
  public kill(signal: NodeJS.Signals): void {
    for (const group of this.#groups) {
      try {
        process.kill(-group, signal);
      } catch {
        this.#groups.delete(group); // ESRCH: the group is gone
      }
    }
  }

  /** Ends what is still running (background processes): SIGTERM, then SIGKILL after `graceMs`. */
  public async close(graceMs: number): Promise<void> {
    this.kill('SIGTERM');
    if (this.#groups.size === 0) return;
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && [...this.#groups].some(alive)) await new Promise((resolve) => setTimeout(resolve, 25));
    this.kill('SIGKILL');
  }

  #script(commands: readonly string[], succeeding: boolean): string {
    const { stateDir } = this.options;
    const envFile = shellQuote(join(stateDir, 'env'));
    const cwdFile = shellQuote(join(stateDir, 'cwd'));
    const indexFile = shellQuote(join(stateDir, 'index'));
    const save = `__upkeep_rc=$?; export -p > ${envFile}; pwd > ${cwdFile}; exit $__upkeep_rc`;
    const lines = [
      `if [ -f ${envFile} ]; then . ${envFile}; fi`,
      `if [ -f ${cwdFile} ]; then cd "$(cat ${cwdFile})" || exit 1; fi`,
      `export CODEBUILD_BUILD_SUCCEEDING=${succeeding ? 1 : 0}`,
      `trap ${shellQuote(save)} EXIT`,
    ];
    commands.forEach((command, i) => {
      lines.push(
        `echo ${i} > ${indexFile}`,
        `printf '%s\\n' ${shellQuote(`[Container] Running command ${command}`)}`,
        // `eval` keeps a syntax error or an `exit` inside one command from being mistaken for another's.
        `eval ${shellQuote(command)}`,
        `__upkeep_rc=$?; if [ $__upkeep_rc -ne 0 ]; then exit $__upkeep_rc; fi`,
      );
    });
    lines.push('exit 0');
    return lines.join('\n');
  }
}

function alive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}
