import { Aws, Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { FunctionName, WorkerName } from '#shared/resources.js';

export interface ProxydeskFunctionProps {
  /** The folder under functions/ whose handler.ts this function runs. */
  readonly name: FunctionName | WorkerName;
  /**
   * The table and bucket names (`PROXYDESK_TABLE`, `PROXYDESK_IMPORTS_BUCKET`,
   * `PROXYDESK_MATERIALS_BUCKET`, as `configToEnv` in shared/config.ts writes them) and anything
   * else the function reads from its environment. AWS_REGION is set by the Lambda runtime.
   */
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(15) */
  readonly timeout?: Duration;
}

/**
 * Every proxydesk Lambda: Node 22 on arm64, X-Ray tracing, a log group with a year's retention,
 * ESM bundled by the local esbuild (no Docker), the AWS SDK taken from the runtime.
 */
export class ProxydeskFunction extends Construct {
  public readonly fn: NodejsFunction;
  /** The function's own log group (one year's retention). */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ProxydeskFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: fileURLToPath(new URL(`../../functions/${props.name}/handler.ts`, import.meta.url)),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'proxydesk',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        target: 'node22',
        minify: true,
        sourceMap: true,
        externalModules: ['@aws-sdk/*'],
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution role only lets the function write its own CloudWatch logs.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to Node.js 22 on purpose: the runtime the code and bundle (target node22) are tested against; ' +
        'moving to a newer runtime is a deliberate, tested change.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords (CDK adds exactly these for active tracing) and, for the distribution ' +
        'worker, ses:GetAccount (the send rate) support no resource-level permissions.',
    });
  }

  /** Read access to a table and its indexes (GetItem, Query, Scan, BatchGetItem…), nothing else. */
  public grantTableRead(table: dynamodb.TableV2): void {
    table.grantReadData(this.fn);
    this.acknowledgeIndexes(table, 'Read access');
  }

  /** Listing the keys under one prefix of a bucket (the posted materials: `materials/`), nothing else. */
  public grantListPrefix(bucket: s3.IBucket, prefix: string): void {
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
  }

  /**
   * Sending email through SES: SendEmail on this account's identities and configuration sets in
   * this region (pseudo parameters, so one template and acknowledgement fit every stage), and
   * GetAccount for the send rate.
   */
  public grantSendEmail(): void {
    const sesArn = (resource: string) => `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [sesArn('identity/*'), sesArn('configuration-set/*')],
      }),
    );
    // GetAccount has no resource type; the Resource::* acknowledgement above covers it with X-Ray's.
    this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
    for (const r of ['identity/*', 'configuration-set/*']) {
      Validations.of(this.fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:${r}]`,
        reason:
          'SendEmail for this account and region only: the sending identity and its configuration set are chosen per stage.',
      });
    }
  }

  /** Read and write access to a table's items and indexes (no table administration). */
  public grantTableReadWrite(table: dynamodb.TableV2): void {
    table.grantReadWriteData(this.fn);
    this.acknowledgeIndexes(table, 'Read/write access');
  }

  /** CDK grants on a table with GSIs also name `<table arn>/index/*`, which AwsSolutions-IAM5 flags. */
  private acknowledgeIndexes(table: dynamodb.TableV2, access: string): void {
    const tableId = Stack.of(this).getLogicalId(table.node.defaultChild as CfnElement);
    Validations.of(this.fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      reason: `${access} on this one table's own secondary indexes: CDK's grant names them as <table arn>/index/*, which matches no other table.`,
    });
  }
}
