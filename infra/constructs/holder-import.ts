import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { JobQueue } from './job-queue.js';
import { ProxydeskFunction } from './function.js';
import { IMPORT_UPLOADS } from '#shared/resources.js';

export interface HolderImportProps {
  readonly table: dynamodb.TableV2;
  readonly importsBucket: s3.Bucket;
  /** Environment every function shares (table and bucket names). */
  readonly environment: Record<string, string>;
}

/**
 * Holder-list imports on AWS: an upload to imports/<meeting>/<registered|nominee>/*.csv starts the
 * import function; a long file continues through an encrypted queue (with a dead-letter queue).
 * Control numbers are keyed by a generated secret in Secrets Manager.
 */
export class HolderImport extends Construct {
  public readonly fn: ProxydeskFunction;
  public readonly queue: sqs.Queue;
  public readonly controlNumberSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: HolderImportProps) {
    super(scope, id);
    this.controlNumberSecret = new secretsmanager.Secret(this, 'ControlNumberSecret', {
      description: 'proxydesk: key material for control numbers (64 hex digits)',
      generateSecretString: {
        passwordLength: 64,
        excludeUppercase: true,
        excludePunctuation: true,
        includeSpace: false,
        excludeCharacters: 'ghijklmnopqrstuvwxyz',
      },
    });
    Validations.of(this.controlNumberSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not rotated on a schedule: control numbers are derived from it and already printed on proxy cards; rotating it would invalidate every mailed number.',
    });

    const continuations = new JobQueue(this, 'Continuations', {
      visibilityTimeout: Duration.minutes(16), // longer than the function's 15-minute timeout
      purpose: 'the import continuations',
      alarmDescription:
        'proxydesk: a holder-list import failed three times and stopped; its report says where. ' +
        'Fix the file or redrive the message; the import resumes from its checkpoint.',
    });
    this.queue = continuations.queue;

    this.fn = new ProxydeskFunction(this, 'Function', {
      name: 'holders-import',
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: {
        ...props.environment,
        PROXYDESK_IMPORT_QUEUE_URL: this.queue.queueUrl,
        PROXYDESK_CONTROL_SECRET_ARN: this.controlNumberSecret.secretArn,
      },
    });
    // Least privilege: the table, the uploaded files and their reports, the queue, the secret.
    this.fn.grantTableReadWrite(props.table);
    this.fn.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.importsBucket.arnForObjects('imports/*')],
      }),
    );
    this.fn.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.importsBucket.arnForObjects('reports/*')],
      }),
    );
    for (const prefix of ['imports', 'reports']) {
      Validations.of(this.fn.fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.importsBucket.node.defaultChild as CfnElement)}.Arn>/${prefix}/*]`,
        reason: `Object-level access is limited to the ${prefix}/ prefix: files arrive with any name (read imports/, write reports/).`,
      });
    }
    this.queue.grantSendMessages(this.fn.fn);
    this.controlNumberSecret.grantRead(this.fn.fn);
    this.fn.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1 }));
    props.importsBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.fn.fn), {
      prefix: IMPORT_UPLOADS.prefix,
      suffix: IMPORT_UPLOADS.suffix,
    });
    // CDK configures bucket notifications through its own singleton custom-resource function.
    const notifications = Stack.of(this).node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    if (notifications) {
      Validations.of(notifications).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's built-in bucket-notification handler; the managed policy only lets it write its own logs.",
      });
    }
  }
}
