import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKETS, TABLES, type AttributeType, type BucketDefinition, type TableDefinition } from '#shared/resources.js';

export interface StorageProps {
  /**
   * What happens to the table when the stack is deleted. RETAIN (prod) also turns on deletion
   * protection. Buckets are always retained: they hold the print files, the record of what was
   * mailed.
   * @default RemovalPolicy.RETAIN — holder lists and requests are records a company must keep.
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
}

const attr = (name: string, type: AttributeType): dynamodb.Attribute => ({
  name,
  type: type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

/** Tables and buckets, made from the definitions in shared/resources.ts (the local runtime reads the same). */
export class Storage extends Construct {
  /** Tables by definition id (e.g. `Main`). */
  public readonly tables: Readonly<Record<string, dynamodb.TableV2>>;
  /** Buckets by definition id (e.g. `Imports`, `Materials`). */
  public readonly buckets: Readonly<Record<string, s3.Bucket>>;
  /** Server access logs of every bucket. */
  public readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const removalPolicy = RemovalPolicy.RETAIN;
    const tableRemovalPolicy = props.tableRemovalPolicy ?? RemovalPolicy.RETAIN;

    this.tables = Object.fromEntries(TABLES.map((def) => [def.id, this.table(def, tableRemovalPolicy)]));

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server-access-log destination; logging it into itself would loop.',
    });

    this.buckets = Object.fromEntries(BUCKETS.map((def) => [def.id, this.bucket(def, removalPolicy)]));
  }

  private table(def: TableDefinition, removalPolicy: RemovalPolicy): dynamodb.TableV2 {
    return new dynamodb.TableV2(this, `${def.id}Table`, {
      partitionKey: attr(def.partitionKey.name, def.partitionKey.type),
      sortKey: attr(def.sortKey.name, def.sortKey.type),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      timeToLiveAttribute: def.timeToLiveAttribute,
      globalSecondaryIndexes: def.globalSecondaryIndexes.map((g) => ({
        indexName: g.indexName,
        partitionKey: attr(g.partitionKey.name, g.partitionKey.type),
        sortKey: attr(g.sortKey.name, g.sortKey.type),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      removalPolicy,
    });
  }

  private bucket(def: BucketDefinition, removalPolicy: RemovalPolicy): s3.Bucket {
    return new s3.Bucket(this, `${def.id}Bucket`, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${def.id.toLowerCase()}/`,
      removalPolicy,
      lifecycleRules: [
        {
          id: 'old-versions',
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        ...(def.lifecycle ?? []).map((r) => ({
          id: r.prefix.replace(/\/$/, ''),
          prefix: r.prefix,
          ...(r.expireAfterDays ? { expiration: Duration.days(r.expireAfterDays) } : {}),
          ...(r.archiveAfterDays
            ? {
                transitions: [
                  {
                    storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
                    transitionAfter: Duration.days(r.archiveAfterDays),
                  },
                ],
              }
            : {}),
        })),
      ],
    });
  }
}
