import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DeleteCommandInput, PutCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../ports/page.js';
import { decodeCursor, encodeCursor } from './dynamo-cursor.js';
import { toUpkeepError } from './dynamo-errors.js';
import { pageLimit } from './dynamo-values.js';
import { LAYOUT_ATTRIBUTES } from './table-definition.js';
import { traced } from './traced-client.js';

/** Options shared by every DynamoDB adapter. */
export interface DynamoStoreOptions {
  /** The Upkeep table (see `table-definition.ts`). */
  readonly tableName: string;
  /**
   * The document client to use (local mode passes one pointed at dynalite).
   * @default - a client built from the Lambda's environment (region and credentials)
   */
  readonly client?: DynamoDBDocumentClient;
}

/** An item as the document client hands it over. */
export type Item = Record<string, unknown>;

/** A primary key of the table. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

type Query = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

/**
 * The table as the adapters use it: single-item reads and conditional writes, and paged
 * queries. Every call goes through {@link toUpkeepError}, and there is deliberately no scan.
 */
export class DynamoTable {
  public readonly name: string;
  readonly #client: DynamoDBDocumentClient;

  public constructor(options: DynamoStoreOptions) {
    this.name = options.tableName;
    this.#client = options.client ?? DynamoDBDocumentClient.from(traced(new DynamoDBClient({})));
  }

  /** The item under `key`, read consistently (a read right after a write must see it). */
  public async get(key: ItemKey, what: string): Promise<Item | undefined> {
    try {
      const out = await this.#client.send(new GetCommand({ TableName: this.name, Key: { ...key }, ConsistentRead: true }));
      return out.Item;
    } catch (error) {
      throw toUpkeepError(error, what, this.name);
    }
  }

  /** Writes one item; a failed `ConditionExpression` surfaces as `ConflictError`. */
  public async put(input: Omit<PutCommandInput, 'TableName'>, what: string): Promise<void> {
    try {
      await this.#client.send(new PutCommand({ ...input, TableName: this.name }));
    } catch (error) {
      throw toUpkeepError(error, what, this.name);
    }
  }

  /** Deletes one item; a failed `ConditionExpression` surfaces as `ConflictError`. */
  public async delete(input: Omit<DeleteCommandInput, 'TableName'>, what: string): Promise<void> {
    try {
      await this.#client.send(new DeleteCommand({ ...input, TableName: this.name }));
    } catch (error) {
      throw toUpkeepError(error, what, this.name);
    }
  }

  /** Updates one item and returns its attributes as `ReturnValues` asks. */
  public async update(input: Omit<UpdateCommandInput, 'TableName'>, what: string): Promise<Item | undefined> {
    try {
      const out = await this.#client.send(new UpdateCommand({ ...input, TableName: this.name }));
      return out.Attributes;
    } catch (error) {
      throw toUpkeepError(error, what, this.name);
    }
  }

  /**
   * One page of a query. `scope` names the listing (e.g. `stage:DEPLOYING`) and binds the
   * cursor to it.
   */
  public async queryPage<T>(query: Query, page: PageRequest, scope: string, what: string): Promise<Page<T>> {
    const limit = pageLimit(page.limit);
    const start = page.cursor === undefined ? undefined : decodeCursor(scope, page.cursor);
    try {
      const out = await this.#client.send(
        new QueryCommand({ ...query, TableName: this.name, Limit: limit, ExclusiveStartKey: start }),
      );
      const items = (out.Items ?? []).map((item) => stripLayout<T>(item));
      return out.LastEvaluatedKey === undefined ? { items } : { items, cursor: encodeCursor(scope, out.LastEvaluatedKey) };
    } catch (error) {
      throw toUpkeepError(error, what, this.name);
    }
  }
}

/** The record inside an item: the item minus its keys, index keys, `ttl` and `entity`. */
export function stripLayout<T>(item: Item): T {
  const record: Item = { ...item };
  for (const name of LAYOUT_ATTRIBUTES) delete record[name];
  return record as T;
}
