import { spawn } from 'node:child_process';
import { BadResponseError, NotFoundError, TransientError } from '../../core/errors.js';
import { abortReason } from './host-gate.js';

/** How one git command runs. */
export interface GitRunOptions {
  readonly cwd?: string;
  /** @default 60_000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Added to the environment (e.g. `GNUPGHOME` for tag verification). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs `git` with `args` and resolves with stdout; rejects with an Upkeep error on failure. */
export type GitRunner = (args: readonly string[], options?: GitRunOptions) => Promise<string>;

/** @default 16 MiB - a repository with that much tag output is misconfigured, not interesting */
const MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * The real git: `spawn` with an argument list (no shell, so URLs and tag names are never
 * interpreted), a time limit, no terminal prompts, and only the transports a version source
 * needs (`ext::` and friends would run arbitrary commands from a config value).
 */
export const runGit: GitRunner = (args, options = {}) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_ALLOW_PROTOCOL: 'file:git:http:https:ssh',
        GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
      signal: options.signal,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(options.signal?.aborted === true ? abortReason(options.signal) : classify(args, -1, error.message, error)));
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else if (signal !== null) {
        const why = size > MAX_OUTPUT ? `printed more than ${MAX_OUTPUT} bytes` : `timed out after ${options.timeoutMs ?? 60_000} ms or was stopped (${signal})`;
        reject(new TransientError(`git ${args[0] ?? ''} ${why}`, { context: { args } }));
      } else reject(classify(args, code ?? -1, stderr));
    });
  });

/** Turns git's complaint into the error the workflow can act on. */
function classify(args: readonly string[], code: number, stderr: string, cause?: unknown): Error {
  const message = `git ${args.join(' ')} failed (exit ${code}): ${stderr.split('\n').slice(0, 3).join(' / ')}`;
  const options = { cause, context: { args, exitCode: code } };
  if (/does not appear to be a git repository|repository .* not found|not found|does not exist/i.test(stderr)) return new NotFoundError(message, options);
  if (/could not resolve host|connection (refused|reset|timed out)|unable to access|early eof|unable to connect|temporary failure/i.test(stderr)) {
    return new TransientError(message, options);
  }
  if (/authentication failed|permission denied|could not read username/i.test(stderr)) {
    return new BadResponseError(`${message} (check the credentials git uses for this URL)`, options);
  }
  return new BadResponseError(message, options);
}
