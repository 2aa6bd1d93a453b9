/**
 * A build's log file: the runner's own `[Container]` lines and everything the commands print,
 * with secret values masked as CodeBuild masks them.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Lines longer than this are written without waiting for their end (progress bars). */
const MAX_LINE = 64 * 1024;

/**
 * @example
 * ```ts
 * const log = new BuildLog('/data/builds/x/build.log');
 * log.mask('s3cr3t');
 * log.note('Entering phase BUILD');
 * log.follow(child.stdout);
 * await log.close();
 * ```
 */
export class BuildLog {
  readonly #out: WriteStream;
  readonly #secrets = new Set<string>();
  readonly #followed = new Set<Promise<void>>();

  public constructor(public readonly path: string) {
    this.#out = createWriteStream(path, { flags: 'a' });
    // A full disk must not crash the runner; the build result still gets written.
    this.#out.on('error', () => undefined);
  }

  /** Values never to appear in the log (secrets). Short values are skipped: masking `a` would garble everything. */
  public mask(value: string): void {
    if (value.length >= 4) this.#secrets.add(value);
  }

  /** A line of the runner's own, stamped like CodeBuild's container log. */
  public note(text: string): void {
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '').replace(/-/g, '/');
    this.#write(`[Container] ${now} ${text}\n`);
  }

  /** Copies a child's output into the log, line by line so a secret is masked even when split across chunks. */
  public follow(stream: Readable): void {
    const done = new Promise<void>((resolve) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        const cut = pending.length > MAX_LINE ? pending.length : pending.lastIndexOf('\n') + 1;
        if (cut > 0) {
          this.#write(pending.slice(0, cut));
          pending = pending.slice(cut);
        }
      });
      const end = (): void => {
        if (pending !== '') this.#write(`${pending}\n`);
        pending = '';
        resolve();
      };
      stream.once('close', end);
      stream.once('error', end);
    });
    this.#followed.add(done);
    void done.then(() => this.#followed.delete(done));
  }

  /** Waits up to `ms` for followed streams to end (background processes may hold them open). */
  public async drain(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.#followed), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** Flushes and closes the file. */
  public close(): Promise<void> {
    return new Promise((resolve) => this.#out.end(resolve));
  }

  #write(text: string): void {
    let masked = text;
    for (const secret of this.#secrets) masked = masked.split(secret).join('***');
    this.#out.write(masked);
  }
}
