import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localClient, startDynalite } from '../../infra/local/dynalite.js';
import { ensureTable } from '../../infra/local/ensure-table.js';
import { startDynamoDbLocal } from './dynamodb-local.js';

/**
 * A DynamoDB-compatible server the store contract runs against, with a client that records
 * the name of every command it sends (to prove no listing ever scans).
 */
export interface DynamoPeer {
  readonly name: string;
  readonly endpoint: string;
  readonly client: DynamoDBDocumentClient;
  /** Every command sent through `client`, e.g. `QueryCommand`, in order. */
  readonly commands: string[];
  /** Creates a fresh Upkeep table and returns its name. */
  newTable(): Promise<string>;
  close(): Promise<void>;
}

/** dynalite in memory, as local mode runs it (minus the disk). */
export async function startDynalitePeer(): Promise<DynamoPeer> {
  const db = await startDynalite({ inMemory: true });
  return peerAt('dynalite', db.endpoint, () => db.close());
}

/** Amazon's DynamoDB Local (needs `java`). */
export async function startDynamoDbLocalPeer(): Promise<DynamoPeer> {
  const server = await startDynamoDbLocal();
  return peerAt('DynamoDB Local', server.endpoint, () => server.close());
}

function peerAt(name: string, endpoint: string, stop: () => Promise<void>): DynamoPeer {
  const base: DynamoDBClient = localClient(endpoint);
  // Default marshalling on purpose: the adapters must not rely on `removeUndefinedValues`.
  const client = DynamoDBDocumentClient.from(base);
  const commands = spyOnCommands(client);
  return {
    name,
    endpoint,
    client,
    commands,
    newTable: async () => {
      const tableName = `upkeep-${randomUUID().slice(0, 8)}`;
      await ensureTable(base, tableName);
      return tableName;
    },
    close: async () => {
      client.destroy();
      await stop();
    },
  };
}

/** Records the command name of everything `client` sends (the document client shares its base's middleware stack). */
export function spyOnCommands(client: DynamoDBDocumentClient | DynamoDBClient): string[] {
  const seen: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      seen.push(String((context as { commandName?: unknown }).commandName));
      return next(args);
    },
    { step: 'initialize', name: 'upkeepCommandSpy' },
  );
  return seen;
}
