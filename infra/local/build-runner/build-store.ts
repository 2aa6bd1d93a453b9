/**
 * Finished and running builds on disk, so `get` and `results` answer after local mode
 * restarts: `<dataDir>/builds/<uuid>/` holds `build.json`, `result.json`, `build.log`,
 * `reports/` and `artifacts/`.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '../../../functions/core/errors.js';
import type { SimulationResult } from '../../../functions/core/types.js';
import type { BuildInfo } from '../../../functions/ports/build-runner.js';
import type { PhaseRecord } from './phases.js';

/** Everything known about one build: CodeBuild's `Build`, trimmed, plus what asked for it. */
export interface BuildRecord extends BuildInfo {
  readonly project: string;
  readonly workflowId: string;
  readonly component: string;
  readonly candidateVersion: string;
  readonly currentVersion: string;
  readonly timeoutSeconds: number;
  /** The tag checked out (CodeBuild's `sourceVersion`). */
  readonly sourceVersion?: string;
  /** The commit checked out. */
  readonly resolvedSourceVersion?: string;
  readonly phases: readonly PhaseRecord[];
}

// `<project>:<uuid>`, as CodeBuild build ids read; only the UUID names the directory.
const BUILD_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * @example
 * ```ts
 * const store = new BuildStore('/home/me/.upkeep');
 * const record = await store.read('upkeep-sim-api:0b6c…');
 * ```
 */
export class BuildStore {
  public constructor(private readonly dataDir: string) {}

  /** The directory of build `id`; throws `NotFoundError` for an id this runner never issues. */
  public directoryOf(id: string): string {
    const uuid = BUILD_ID.exec(id)?.[1];
    if (uuid === undefined) throw new NotFoundError(`build ${JSON.stringify(id)} does not exist (ids read "<project>:<uuid>")`, { context: { buildId: id } });
    return join(this.dataDir, 'builds', uuid);
  }

  public async create(record: BuildRecord): Promise<void> {
    await mkdir(this.directoryOf(record.id), { recursive: true });
    await this.save(record);
  }

  public save(record: BuildRecord): Promise<void> {
    return writeJson(join(this.directoryOf(record.id), 'build.json'), record);
  }

  /** Throws `NotFoundError` when there is no such build. */
  public async read(id: string): Promise<BuildRecord> {
    const record = await readJson<BuildRecord>(join(this.directoryOf(id), 'build.json'));
    if (record?.id !== id) throw new NotFoundError(`build ${id} does not exist`, { context: { buildId: id } });
    return record;
  }

  public saveResult(record: BuildRecord, result: SimulationResult): Promise<void> {
    return writeJson(join(this.directoryOf(record.id), 'result.json'), result);
  }

  /** The stored result, or `undefined` when none was written (yet). */
  public readResult(id: string): Promise<SimulationResult | undefined> {
    return readJson<SimulationResult>(join(this.directoryOf(id), 'result.json'));
  }
}

/** Written whole or not at all: a crash mid-write must not leave half a record to misread later. */
async function writeJson(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text) as T;
}
