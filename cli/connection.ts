import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ENV } from '../functions/constants.js';
import { UpkeepClient } from './client/upkeep-client.js';
import { UsageError, type CliIo } from './io.js';

/** Environment variables that point the CLI at a deployed stack. */
export const API_ENV = { url: 'UPKEEP_API', token: 'UPKEEP_API_TOKEN' } as const;

/** The flags every API command takes (spread into its parseArgs options). */
export const CONNECTION_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** Their help lines. */
export const CONNECTION_USAGE: readonly string[] = [
  `  --api URL      the API of a deployed stack (env ${API_ENV.url}); default: the local instance`,
  `  --token T      bearer token: a JWT for a stack (env ${API_ENV.token}); locally <data>/api-token`,
  `  --data DIR     the local instance's data directory (default: .upkeep; env ${ENV.dataDir})`,
  '  --json         print the answer as JSON',
  '  --help         show this help',
];

/** The local data directory names no running instance. Exit 1: nothing to talk to. */
export class NotRunningError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'NotRunningError';
  }
}

function alive(pid: unknown): boolean {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is only someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running local instance of `dataDir` (`server.json`, written by `upkeep start`), or a `NotRunningError`. */
async function localInstance(dataDir: string): Promise<{ url: string; token: string | undefined }> {
  const notRunning = (why: string): NotRunningError => new NotRunningError(
    `no Upkeep running at ${dataDir} (${why}); start it with \`upkeep start\`, pass --data DIR for another data directory, or --api URL --token T for a deployed stack`,
  );
  let server: { url?: unknown; pid?: unknown };
  try {
    server = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8')) as typeof server;
  } catch (error) {
    throw notRunning((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no server.json' : 'server.json is unreadable');
  }
  if (typeof server.url !== 'string') throw notRunning('server.json names no url');
  if (!alive(server.pid)) throw notRunning(`its process ${String(server.pid)} has ended`);
  const token = await readFile(join(dataDir, 'api-token'), 'utf8').then((t) => t.trim(), () => undefined);
  return { url: server.url, token };
}

/**
 * The client a command talks through: `--api`/`UPKEEP_API` with `--token`/`UPKEEP_API_TOKEN`
 * for a deployed stack; otherwise the instance `upkeep start` runs on the data directory
 * (`--data`, `UPKEEP_DATA_DIR`, `.upkeep`) with its `api-token`, or `--token` to act as
 * someone else.
 */
export async function connect(values: { readonly api?: string | undefined; readonly token?: string | undefined; readonly data?: string | undefined }, io: Pick<CliIo, 'cwd' | 'env'>): Promise<UpkeepClient> {
  const env = io.env ?? {};
  const api = values.api ?? (env[API_ENV.url] || undefined);
  if (api !== undefined) {
    const token = values.token ?? (env[API_ENV.token] || undefined);
    if (token === undefined) throw new UsageError(`--api ${api} needs a token: pass --token T or set ${API_ENV.token} (a JWT from the stack's authorizer; locally <data dir>/api-token)`);
    try {
      return new UpkeepClient({ baseUrl: api, token });
    } catch (error) {
      throw new UsageError(`--api: ${(error as Error).message}`);
    }
  }
  const dataDir = resolve(io.cwd, values.data ?? (env[ENV.dataDir] || '.upkeep'));
  const local = await localInstance(dataDir);
  const token = values.token ?? local.token;
  if (token === undefined) throw new NotRunningError(`${join(dataDir, 'api-token')} is missing; restart \`upkeep start\` to write it, or pass --token T`);
  return new UpkeepClient({ baseUrl: local.url, token });
}
