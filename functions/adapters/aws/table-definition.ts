import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** A key attribute; every key in the table is a string. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S';
}

/** A global secondary index; all project every attribute (items are read whole). */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

/**
 * The one Upkeep table (DESIGN.md §4), described once for every way it gets created:
 * {@link createTableInput} for `CreateTableCommand` in local mode and tests, and the CDK
 * stack maps the same fields onto `TableV2` (`type: 'S'` is `AttributeType.STRING`).
 *
 * Items: `WF#<id>`/`META` (workflow), `WF#<id>`/`EVT#<iso>#<seq>` (audit event),
 * `KEY#<component>#<version>`/`KEY` (one workflow per component+version),
 * `COMP#<name>`/`META` and `COMP#<name>`/`VER#<version>`, `APPROVAL#<sha256>`/`META`,
 * `POLICY#<name>`/`META`, `HTTP#<sha256>`/`GZ` (conditional-request cache).
 *
 * Indexes (sparse: only items that carry the attributes appear):
 * - `by-stage`: `STAGE#<stage>` / `<updatedAt>#<id>` — workflows in a stage (pending approvals);
 * - `by-component`: `COMP#<name>` / `<createdAt>#<id>` — a component's workflows;
 * - `by-kind`: `WF` / `<updatedAt>#<id>`, `COMP` / `<name>`, `POLICY` / `<name>` — listings
 *   of one kind of item without a Scan.
 *
 * @example
 * ```ts
 * await client.send(new CreateTableCommand(createTableInput('upkeep')));
 * ```
 */
export const UPKEEP_TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    { indexName: 'by-stage', partitionKey: { name: 'stagePk', type: 'S' }, sortKey: { name: 'stageSk', type: 'S' } },
    { indexName: 'by-component', partitionKey: { name: 'componentPk', type: 'S' }, sortKey: { name: 'componentSk', type: 'S' } },
    { indexName: 'by-kind', partitionKey: { name: 'kindPk', type: 'S' }, sortKey: { name: 'kindSk', type: 'S' } },
  ],
  billingMode: 'PAY_PER_REQUEST',
  /** Epoch seconds after which AWS may delete an item; only clean-up, never relied upon. */
  timeToLiveAttribute: 'ttl',
} as const satisfies {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly timeToLiveAttribute: string;
};

/** Index names, for queries. */
export const INDEX = {
  byStage: 'by-stage',
  byComponent: 'by-component',
  byKind: 'by-kind',
} as const satisfies Record<string, (typeof UPKEEP_TABLE.globalSecondaryIndexes)[number]['indexName']>;

/** Attributes that belong to the table layout rather than to a record (stripped on read). */
export const LAYOUT_ATTRIBUTES: readonly string[] = [
  UPKEEP_TABLE.partitionKey.name,
  UPKEEP_TABLE.sortKey.name,
  ...UPKEEP_TABLE.globalSecondaryIndexes.flatMap((index) => [index.partitionKey.name, index.sortKey.name]),
  UPKEEP_TABLE.timeToLiveAttribute,
  'entity',
];

/** The `CreateTableCommand` input for the Upkeep table named `tableName`. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [
    UPKEEP_TABLE.partitionKey,
    UPKEEP_TABLE.sortKey,
    ...UPKEEP_TABLE.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: UPKEEP_TABLE.billingMode,
    AttributeDefinitions: keyAttributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: UPKEEP_TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: UPKEEP_TABLE.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: UPKEEP_TABLE.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
