import { mkdir } from 'node:fs/promises';
import { Agent } from 'node:http';
import type { Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lockDataDir } from './data-dir-lock.js';
import { ensureTable } from './ensure-table.js';

/** The part of dynalite's options we use (the package ships no types). */
interface DynaliteOptions {
  /** LevelDB directory; in memory when absent. */
  readonly path?: string;
  readonly createTableMs?: number;
  readonly deleteTableMs?: number;
  readonly updateTableMs?: number;
}

// dynalite is CommonJS without type declarations; requiring it keeps the typing local to this file.
const dynalite = createRequire(import.meta.url)('dynalite') as (options?: DynaliteOptions) => Server;

/** Options of {@link startDynalite}. */
export interface DynaliteStartOptions {
  /**
   * The local-mode data directory; the table lives in `<dataDir>/dynamodb`.
   * @default '.upkeep'
   */
  readonly dataDir?: string;
  /**
   * Keep everything in memory and forget it on close (tests).
   * @default false
   */
  readonly inMemory?: boolean;
  /**
   * The table to create if missing.
   * @default 'upkeep'
   */
  readonly tableName?: string;
  /**
   * The port to listen on, on 127.0.0.1.
   * @default 0 - a free port chosen by the OS
   */
  readonly port?: number;
  /**
   * Run the server in a worker thread, so its CPU work does not compete with the caller's.
   * @default true
   */
  readonly thread?: boolean;
}

/** A running dynalite server, in this thread or in a worker. */
interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function inThisThread(options: DynaliteOptions, port: number): Promise<Running> {
  const server = dynalite(options);
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      ready();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    close: async () => {
      // Keep-alive sockets would hold the server open; nothing else is talking to it now.
      server.closeAllConnections();
      await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
    },
  };
}

async function inWorker(options: DynaliteOptions, port: number): Promise<Running> {
  const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), { workerData: { options, port } });
  const message = <T extends { type: string }>(types: readonly string[]): Promise<T> => new Promise<T>((done, fail) => {
    const onMessage = (m: T): void => {
      if (!types.includes(m.type)) return;
      worker.off('message', onMessage);
      worker.off('error', fail);
      done(m);
    };
    worker.on('message', onMessage);
    worker.once('error', fail);
  });
  const started = await message<{ type: string; port?: number; message?: string }>(['listening', 'error']);
  if (started.type === 'error') {
    await worker.terminate();
    throw new Error(`embedded DynamoDB could not listen: ${started.message ?? 'unknown error'}`);
  }
  return {
    port: started.port ?? 0,
    close: async () => {
      const closed = message<{ type: string; message?: string }>(['closed']);
      worker.postMessage('close');
      const result = await closed;
      await worker.terminate();
      if (result.message !== undefined) throw new Error(result.message);
    },
  };
}

/** A running embedded DynamoDB. */
export interface LocalDynamo {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly tableName: string;
  /** Where the data lives, or undefined when in memory. */
  readonly path: string | undefined;
  /** A document client pointed at it; destroyed by `close()`. */
  readonly client: DynamoDBDocumentClient;
  /** Stops the server and flushes and closes the database; the data stays on disk. */
  close(): Promise<void>;
}

/**
 * Starts dynalite (a DynamoDB-compatible server on LevelDB) on loopback and makes sure the
 * Upkeep table exists. dynalite has no transactions and no TTL, which the stores never use.
 *
 * @example
 * ```ts
 * const db = await startDynalite({ dataDir: '.upkeep' });
 * const workflows = new DynamoWorkflowStore({ tableName: db.tableName, client: db.client });
 * // …
 * await db.close();
 * ```
 */
export async function startDynalite(options: DynaliteStartOptions = {}): Promise<LocalDynamo> {
  const tableName = options.tableName ?? 'upkeep';
  const path = options.inMemory === true ? undefined : resolve(options.dataDir ?? '.upkeep', 'dynamodb');
  if (path !== undefined) await mkdir(path, { recursive: true });
  const lock = path === undefined ? undefined : await lockDataDir(`${path}.lock`);

  // No artificial CREATING/DELETING delays: local mode should start at once.
  const dynaliteOptions: DynaliteOptions = { ...(path === undefined ? {} : { path }), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
  let server: Running;
  try {
    server = options.thread === false ? await inThisThread(dynaliteOptions, options.port ?? 0) : await inWorker(dynaliteOptions, options.port ?? 0);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${server.port}`;
  const base = localClient(endpoint);
  const client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });

  const close = async (): Promise<void> => {
    client.destroy(); // also destroys `base`: they share one request handler
    try {
      await server.close();
    } finally {
      await lock?.release();
    }
  };

  try {
    await ensureTable(base, tableName);
  } catch (error) {
    await close().catch(() => undefined);
    throw new Error(`embedded DynamoDB at ${endpoint} did not become ready: ${(error as Error).message}`, { cause: error });
  }
  return { endpoint, tableName, path, client, close };
}

/**
 * A client for a local DynamoDB-compatible endpoint. Static dummy credentials keep the SDK
 * from looking for real ones; the region only has to be well-formed. The socket pool is
 * larger than the SDK's 50 because local mode runs many workflows against one loopback server.
 *
 * @example
 * ```ts
 * const doc = DynamoDBDocumentClient.from(localClient('http://127.0.0.1:8000'));
 * ```
 */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) },
  });
}
