import { readFile, rename, writeFile } from 'node:fs/promises';
import type { DetectionControl, DetectionState } from '../../functions/ports/detection-control.js';

/** What the local scheduler needs to offer to be started and stopped. */
export interface Schedulable {
  start(runNow?: boolean): void;
  stop(): void;
}

interface Persisted {
  readonly enabled: boolean;
  readonly changedAt?: string;
  readonly changedBy?: string;
  readonly lastRunAt?: string;
}

/**
 * {@link DetectionControl} for local mode: the flag lives in a small JSON file in the data
 * directory (so a restart keeps "stopped"), and the local scheduler, once attached, is
 * started and stopped with it. Without a scheduler (`upkeep start` with scheduling off) only
 * the flag changes.
 *
 * @example
 * ```ts
 * const detection = new LocalDetectionControl({ file: join(dataDir, 'detection.json') });
 * if ((await detection.status()).enabled) scheduler.start(true);
 * detection.attach(scheduler);
 * ```
 */
export class LocalDetectionControl implements DetectionControl {
  readonly #file: string;
  #scheduler: Schedulable | undefined;
  /** Writes one at a time, so a run noted during a stop cannot undo it. */
  #queue: Promise<unknown> = Promise.resolve();
  /**
   * The flag as last read or written. The data directory's lock keeps other processes from
   * writing the file, so it is read once (status is asked for on every `GET /status`).
   */
  #known: Promise<Persisted> | undefined;

  public constructor(options: { readonly file: string }) {
    this.#file = options.file;
  }

  /** Starts and stops `scheduler` with the flag from now on. */
  public attach(scheduler: Schedulable): void {
    this.#scheduler = scheduler;
  }

  public async status(): Promise<DetectionState> {
    return { ...(await this.#current()), schedules: ['local'] };
  }

  public setEnabled(enabled: boolean, by: string, at: string): Promise<DetectionState> {
    return this.#change((current) => {
      if (current.enabled !== enabled) {
        if (enabled) this.#scheduler?.start(false);
        else this.#scheduler?.stop();
      }
      return Promise.resolve({ ...current, enabled, changedAt: at, changedBy: by });
    }).then((state) => ({ ...state, schedules: ['local'] }));
  }

  public async recordRun(at: string): Promise<void> {
    await this.#change((current) => Promise.resolve({ ...current, lastRunAt: at }));
  }

  #change(apply: (current: Persisted) => Promise<Persisted>): Promise<Persisted> {
    const next = this.#queue.then(async () => {
      const updated = await apply(await this.#current());
      await writeFile(`${this.#file}.tmp`, `${JSON.stringify(updated, null, 2)}\n`);
      await rename(`${this.#file}.tmp`, this.#file);
      this.#known = Promise.resolve(updated);
      return updated;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #current(): Promise<Persisted> {
    if (this.#known === undefined) {
      const reading = this.#read();
      this.#known = reading;
      // A failed read is tried again next time.
      reading.catch(() => {
        if (this.#known === reading) this.#known = undefined;
      });
    }
    return this.#known;
  }

  async #read(): Promise<Persisted> {
    try {
      const parsed = JSON.parse(await readFile(this.#file, 'utf8')) as Partial<Persisted>;
      return { ...parsed, enabled: parsed.enabled !== false };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { enabled: true };
      throw error;
    }
  }
}
