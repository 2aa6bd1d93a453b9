import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { UPKEEP_TABLE, type KeyAttribute } from '../../functions/adapters/aws/table-definition.js';

/** Properties of {@link UpkeepTable}. */
export interface UpkeepTableProps {
  /**
   * What happens to the table when the stack is deleted.
   * @default RemovalPolicy.RETAIN - the audit trail outlives the stack
   */
  readonly removalPolicy?: RemovalPolicy;
}

const attribute = (key: KeyAttribute): Attribute => ({ name: key.name, type: AttributeType.STRING });

/**
 * The one Upkeep table, built from `UPKEEP_TABLE` (`functions/adapters/aws/table-definition.ts`),
 * the same description local mode's `CreateTable` uses: keys, indexes (all attributes projected)
 * and on-demand billing. AWS adds what local mode has no use for: point-in-time recovery,
 * deletion protection, encryption, and TTL on `ttl` — a clean-up only, since expiry is always
 * checked from timestamps (DESIGN.md §4).
 *
 * @example
 * ```ts
 * const { table } = new UpkeepTable(this, 'Table');
 * ```
 */
export class UpkeepTable extends Construct {
  public readonly table: TableV2;

  public constructor(scope: Construct, id: string, props: UpkeepTableProps = {}) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: attribute(UPKEEP_TABLE.partitionKey),
      sortKey: attribute(UPKEEP_TABLE.sortKey),
      globalSecondaryIndexes: UPKEEP_TABLE.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: UPKEEP_TABLE.timeToLiveAttribute,
      deletionProtection: true,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
