import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { DeploymentFailedError, ValidationError } from '../../../functions/core/errors.js';

/** How to start one version of a component. */
export interface VersionProcessOptions {
  readonly component: string;
  readonly version: string;
  /** The checkout of that version: `{dir}` in the command. */
  readonly dir: string;
  /** Working directory. @default - `dir` */
  readonly cwd?: string;
  /** Argument list, or a string split on spaces (no shell: quote with "…" or '…'). */
  readonly command: string | readonly string[];
  readonly port: number;
  readonly healthPath: string;
  readonly startupTimeoutMs: number;
  /** The output of the process is appended to a file here. */
  readonly logDir: string;
}

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const TAIL_LINES = 40;

/**
 * One version of a component running as a child process in its own process group, so that
 * stopping it also stops whatever it started (`npm start` → `node`): the group is signalled,
 * not only the child.
 *
 * @example
 * ```ts
 * const p = await VersionProcess.start({ component: 'api', version: '1.2.0', dir, command: 'node server.mjs {port}', port: 4101, healthPath: '/health', startupTimeoutMs: 30_000, logDir });
 * await p.stop();
 * ```
 */
export class VersionProcess {
  #exit: ProcessExit | undefined;
  readonly #exited: Promise<ProcessExit>;
  readonly #tail: string[] = [];

  private constructor(
    public readonly component: string,
    public readonly version: string,
    public readonly port: number,
    public readonly logFile: string,
    private readonly child: ChildProcess,
    log: WriteStream,
  ) {
    const keep = (chunk: Buffer): void => {
      log.write(chunk);
      this.#tail.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''));
      if (this.#tail.length > TAIL_LINES) this.#tail.splice(0, this.#tail.length - TAIL_LINES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.#exited = new Promise((resolve) => {
      // A spawn failure emits 'error' and may emit 'close' too: settle once.
      const settle = (exit: ProcessExit): void => {
        if (this.#exit !== undefined) return;
        this.#exit = exit;
        log.end();
        resolve(exit);
      };
      child.once('close', (code, signal) => settle({ code, signal }));
      child.once('error', (error) => {
        this.#tail.push(error.message);
        settle({ code: null, signal: null });
      });
    });
  }

  /** Spawns the version and resolves once `healthPath` answers 2xx; stops it and rejects otherwise. */
  public static async start(options: VersionProcessOptions): Promise<VersionProcess> {
    const argv = commandLine(options.command, { port: String(options.port), version: options.version, dir: options.dir });
    const [program, ...args] = argv;
    if (program === undefined) throw new ValidationError('deploy.target.command must not be empty');
    await mkdir(options.logDir, { recursive: true });
    const logFile = join(options.logDir, `${safeName(options.version)}-${Date.now()}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(program, args, {
      cwd: options.cwd ?? options.dir,
      // Own process group: `kill(-pid)` then reaches the whole tree the command starts.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(options.port), UPKEEP_VERSION: options.version },
    });
    const running = new VersionProcess(options.component, options.version, options.port, logFile, child, log);
    try {
      await running.#waitHealthy(options.healthPath, options.startupTimeoutMs);
      return running;
    } catch (error) {
      await running.stop();
      throw error;
    }
  }

  /** The child's pid, which is also its process group id. */
  public get pid(): number | undefined {
    return this.child.pid;
  }

  /** Set once the process has ended. */
  public get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  /** Resolves when the process ends, however it ends. */
  public get exited(): Promise<ProcessExit> {
    return this.#exited;
  }

  /** The last lines the process printed. */
  public logTail(): string {
    return this.#tail.join('\n');
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the child is gone. */
  public async stop(graceMs = 2000): Promise<void> {
    if (this.#exit === undefined) {
      this.signalGroup('SIGTERM');
      const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
      await this.#exited;
      clearTimeout(timer);
    }
    // Children of the command may outlive it; the group id still reaches them.
    this.signalGroup('SIGKILL');
  }

  /** Sends `signal` to the process group; a group that is already gone is fine. */
  public signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  async #waitHealthy(healthPath: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.#exit !== undefined) {
        throw new DeploymentFailedError(
          `${this.component} ${this.version} exited (code ${this.#exit.code ?? this.#exit.signal}) before ${healthPath} answered; last output: ${this.logTail().slice(-500)}`,
          { context: { component: this.component, version: this.version, logFile: this.logFile } },
        );
      }
      const status = await probe(this.port, healthPath).catch((error: Error) => error.message);
      if (typeof status === 'number' && status >= 200 && status < 300) return;
      last = typeof status === 'number' ? `HTTP ${status}` : status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new DeploymentFailedError(
      `${this.component} ${this.version} did not answer ${healthPath} with 2xx within ${timeoutMs} ms (last: ${last}); see ${this.logFile}`,
      { context: { component: this.component, version: this.version, logFile: this.logFile } },
    );
  }
}

/** GET `path` on 127.0.0.1:`port`; resolves with the status code. */
function probe(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path, timeout: 1000, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/**
 * The argument list for a command with `{port}`, `{version}` and `{dir}` filled in. A string
 * is split on whitespace (quotes group) and never given to a shell, so a version or a path
 * cannot inject anything.
 *
 * @example
 * ```ts
 * commandLine('node server.mjs --port {port}', { port: '4101', version: '1.0.0', dir: '/tmp/x' }); // ['node', 'server.mjs', '--port', '4101']
 * ```
 */
export function commandLine(command: string | readonly string[], values: Readonly<Record<'port' | 'version' | 'dir', string>>): string[] {
  const words = typeof command === 'string' ? split(command) : [...command];
  return words.map((word) => word.replace(/\{(port|version|dir)\}/g, (_, key: 'port' | 'version' | 'dir') => values[key]));
}

function split(command: string): string[] {
  const words: string[] = [];
  for (const match of command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

/** A version or component name made safe as one path segment. */
export function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}
