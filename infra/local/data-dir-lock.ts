import { open, readFile, rm } from 'node:fs/promises';

/** A held lock; `release()` removes it. */
export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Takes `<path>` as a pid lock file. LevelDB allows one opener per directory, and dynalite
 * turns a second opener into an uncaught "Database is closed" deep inside a request, so a
 * second local mode on the same data directory is refused here, up front and by name.
 * A lock left by a process that no longer runs is taken over.
 *
 * @example
 * ```ts
 * const lock = await lockDataDir('.upkeep/dynamodb.lock');
 * try { … } finally { await lock.release(); }
 * ```
 */
export async function lockDataDir(path: string): Promise<DataDirLock> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { path, release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new Error(
          `the data directory is in use by process ${holder} (lock ${path}); stop that Upkeep or pass another --data directory`,
        );
      }
      await rm(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${path}; another process keeps taking it`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
