import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { JobQueue } from './job-queue.js';
import { ProxydeskFunction } from './function.js';

export interface DistributionProps {
  readonly table: dynamodb.TableV2;
  readonly materialsBucket: s3.Bucket;
  /** The control-number key (the worker derives the numbers it prints and emails). */
  readonly controlNumberSecret: secretsmanager.ISecret;
  /** Environment every function shares (table and bucket names). */
  readonly environment: Record<string, string>;
  /** The verified SES identity mail is sent from (`PROXYDESK_MAIL_FROM`). @default proxy-materials@proxydesk.example */
  readonly mailFrom?: string;
  /** Send jobs running at once (each sends at the account's SES rate, backing off on throttling). @default 4 */
  readonly maxConcurrency?: number;
}

/**
 * Distribution on AWS, chunked so a million holders complete: the distributions API (POST/GET
 * /meetings/{id}/distributions) checks the schedule and queues a plan job; the worker plans, stores
 * each chunk in the materials bucket (plans/) and queues one send job per chunk; each send job
 * sends its chunk exactly once (the piece ledger) by SES and into the print files (print/). A job
 * that fails three times lands in the dead-letter queue, which raises an alarm.
 */
export class Distribution extends Construct {
  public readonly api: ProxydeskFunction;
  public readonly worker: ProxydeskFunction;
  public readonly queue: sqs.Queue;
  public readonly deadLetters: sqs.Queue;
  public readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DistributionProps) {
    super(scope, id);
    const jobs = new JobQueue(this, 'Queue', {
      visibilityTimeout: Duration.minutes(16), // longer than the worker's 15-minute timeout
      purpose: 'the distribution jobs',
      alarmDescription:
        'proxydesk: a distribution job failed three times and is in the dead-letter queue; pieces of a run are unsent. ' +
        'Redrive it, or run distribute again (it resumes).',
    });
    this.queue = jobs.queue;
    this.deadLetters = jobs.deadLetters;
    this.deadLetterAlarm = jobs.deadLetterAlarm;

    const environment = { ...props.environment, PROXYDESK_DISTRIBUTION_QUEUE_URL: this.queue.queueUrl };
    const bucketId = Stack.of(this).getLogicalId(props.materialsBucket.node.defaultChild as CfnElement);

    // The API: reads the meeting and runs, records a refused run, lists the materials, queues the plan job.
    this.api = new ProxydeskFunction(this, 'Api', { name: 'distributions', environment });
    this.api.grantTableReadWrite(props.table);
    this.api.grantListPrefix(props.materialsBucket, 'materials/');
    this.queue.grantSendMessages(this.api.fn);

    // The worker: the holder list and ledger, the chunks and print files, SES, the control-number key.
    this.worker = new ProxydeskFunction(this, 'Worker', {
      name: 'distribution-worker',
      memorySize: 3008, // the plan job holds the meeting's holder list (a million holders fit)
      timeout: Duration.minutes(15),
      environment: {
        ...environment,
        PROXYDESK_CONTROL_SECRET_ARN: props.controlNumberSecret.secretArn,
        PROXYDESK_MAIL_FROM: props.mailFrom ?? 'proxy-materials@proxydesk.example',
      },
    });
    this.worker.grantTableReadWrite(props.table);
    this.worker.grantListPrefix(props.materialsBucket, 'materials/');
    this.worker.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [props.materialsBucket.arnForObjects('plans/*')],
      }),
    );
    this.worker.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.materialsBucket.arnForObjects('print/*')],
      }),
    );
    for (const prefix of ['plans', 'print']) {
      Validations.of(this.worker.fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}/*]`,
        reason:
          `Object access limited to the ${prefix}/ prefix, where the worker writes ` +
          `${prefix === 'plans' ? 'and reads the chunks of a run' : "the print vendor's files"}; names are per meeting and run.`,
      });
    }
    this.worker.grantSendEmail();
    this.queue.grantSendMessages(this.worker.fn);
    props.controlNumberSecret.grantRead(this.worker.fn);
    this.worker.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, maxConcurrency: props.maxConcurrency ?? 4 }),
    );
  }
}
