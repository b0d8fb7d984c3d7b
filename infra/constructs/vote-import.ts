import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { JobQueue } from './job-queue.js';
import { ProxydeskFunction } from './function.js';
import { VOTE_UPLOADS } from '#shared/resources.js';

export interface VoteImportProps {
  readonly table: dynamodb.TableV2;
  readonly importsBucket: s3.Bucket;
  readonly controlNumberSecret: secretsmanager.Secret;
  /** Environment every function shares (table and bucket names). */
  readonly environment: Record<string, string>;
}

/**
 * Phone-vote and mailed-card files on AWS: an upload to votes/<meeting>/<phone|mail>/*.csv is announced
 * by S3 to an encrypted queue (three tries, then a dead-letter queue with an alarm), which runs the
 * vote-import function. A retried file stores only the rows not yet stored (stable row identities).
 */
export class VoteImport extends Construct {
  public readonly fn: ProxydeskFunction;
  public readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: VoteImportProps) {
    super(scope, id);
    const uploads = new JobQueue(this, 'Uploads', {
      visibilityTimeout: Duration.minutes(16), // longer than the function's 15-minute timeout
      purpose: 'the vote-file uploads',
      alarmDescription:
        'proxydesk: a phone-vote or card file failed to import three times; its message is in the dead-letter queue. ' +
        'Fix the cause and redrive it: rows already stored are not stored again.',
    });
    this.queue = uploads.queue;

    this.fn = new ProxydeskFunction(this, 'Function', {
      name: 'votes-import',
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: { ...props.environment, PROXYDESK_CONTROL_SECRET_ARN: props.controlNumberSecret.secretArn },
    });
    // Least privilege: the table, the uploaded vote files and their reports, the secret (the control-number hash).
    this.fn.grantTableReadWrite(props.table);
    const bucketId = Stack.of(this).getLogicalId(props.importsBucket.node.defaultChild as CfnElement);
    const grants = [
      { action: 's3:GetObject', prefix: VOTE_UPLOADS.prefix, why: 'read the uploaded vote files' },
      { action: 's3:PutObject', prefix: `reports/${VOTE_UPLOADS.prefix}`, why: 'write their reports' },
    ];
    for (const g of grants) {
      this.fn.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: [g.action],
          resources: [props.importsBucket.arnForObjects(`${g.prefix}*`)],
        }),
      );
      Validations.of(this.fn.fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${g.prefix}*]`,
        reason: `Object-level access is limited to the ${g.prefix} prefix: files arrive with any name (${g.why}).`,
      });
    }
    props.controlNumberSecret.grantRead(this.fn.fn);
    this.fn.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1 }));
    props.importsBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
      prefix: VOTE_UPLOADS.prefix,
      suffix: VOTE_UPLOADS.suffix,
    });
  }
}
