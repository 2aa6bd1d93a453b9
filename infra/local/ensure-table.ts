import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { UpkeepError } from '../../functions/core/errors.js';
import { createTableInput, UPKEEP_TABLE } from '../../functions/adapters/aws/table-definition.js';

/**
 * Creates the Upkeep table from the shared definition unless it exists (idempotent, and safe
 * when two processes race), then waits until it is usable. An existing table that lacks one
 * of the definition's indexes is an error: queries on it would fail later, less clearly.
 *
 * @example
 * ```ts
 * const { created } = await ensureTable(client, 'upkeep');
 * ```
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<{ readonly created: boolean }> {
  let existing = await describe(client, tableName);
  let created = false;
  if (existing === undefined) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      created = true;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    }
    existing = await untilActive(client, tableName);
  }
  const present = new Set((existing?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = UPKEEP_TABLE.globalSecondaryIndexes.map((index) => index.indexName).filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new UpkeepError(
      `table ${tableName} lacks the indexes ${missing.join(', ')}; it was made by an older Upkeep — export the state, delete the table and start again`,
      { context: { table: tableName, missing } },
    );
  }
  return { created };
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/**
 * Polls until the table is ACTIVE. Local servers get there within milliseconds, so the poll
 * is short (the SDK waiter sleeps at least a second between looks).
 */
async function untilActive(client: DynamoDBClient, tableName: string, timeoutMs = 60_000): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, tableName);
    if (table?.TableStatus === 'ACTIVE') return table;
    if (Date.now() > deadline) {
      throw new UpkeepError(`table ${tableName} is still ${table?.TableStatus ?? 'missing'} after ${timeoutMs} ms`);
    }
    await new Promise((wait) => setTimeout(wait, 25));
  }
}
