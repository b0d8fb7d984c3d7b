import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { JobQueue } from './job-queue.js';
import { ProxydeskFunction } from './function.js';

export interface StockholderRequestsProps {
  readonly table: dynamodb.TableV2;
  readonly materialsBucket: s3.Bucket;
  /** The control-number key: a request's number is found through its keyed hash. */
  readonly controlNumberSecret: secretsmanager.ISecret;
  readonly environment: Record<string, string>;
  /** The verified SES identity copies are sent from. @default proxy-materials@proxydesk.example */
  readonly mailFrom?: string;
}

/**
 * Stockholder requests: the public API function (POST /meetings/{id}/requests) checks a control
 * number through its hash, throttles refused attempts per client, stores the request and queues
 * it; the worker fulfils it (SES for email copies, the day's print file in S3 for paper, the holder
 * record for elections and householding). Three failed receives land a job in the dead-letter
 * queue, which raises an alarm.
 */
export class StockholderRequests extends Construct {
  public readonly api: ProxydeskFunction;
  /** The public materials website (pages and the request form). */
  public readonly site: ProxydeskFunction;
  public readonly worker: ProxydeskFunction;
  public readonly queue: sqs.Queue;
  public readonly deadLetters: sqs.Queue;
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /** The scheduled check and the alarms on its metrics. */
  public readonly check: ProxydeskFunction;
  public readonly overdueAlarm: cloudwatch.Alarm;
  public readonly dueSoonAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StockholderRequestsProps) {
    super(scope, id);
    const jobs = new JobQueue(this, 'Queue', {
      visibilityTimeout: Duration.minutes(2), // longer than the worker's timeout
      purpose: 'request fulfilment',
      alarmDescription:
        'proxydesk: a stockholder request could not be fulfilled after three attempts; it is in the dead-letter queue ' +
        'and its three-business-day clock is running.',
    });
    this.queue = jobs.queue;
    this.deadLetters = jobs.deadLetters;
    this.deadLetterAlarm = jobs.deadLetterAlarm;

    const environment = {
      ...props.environment,
      PROXYDESK_CONTROL_SECRET_ARN: props.controlNumberSecret.secretArn,
      PROXYDESK_REQUEST_QUEUE_URL: this.queue.queueUrl,
    };

    this.api = new ProxydeskFunction(this, 'Api', { name: 'requests', environment });
    this.api.grantTableReadWrite(props.table);
    props.controlNumberSecret.grantRead(this.api.fn);
    this.queue.grantSendMessages(this.api.fn);

    // The materials website takes the same requests from its form, and links documents (short-lived signed URLs).
    this.site = new ProxydeskFunction(this, 'Site', { name: 'site', environment });
    this.site.grantTableReadWrite(props.table);
    props.controlNumberSecret.grantRead(this.site.fn);
    this.queue.grantSendMessages(this.site.fn);
    const bucketLogicalId = Stack.of(this).getLogicalId(props.materialsBucket.node.defaultChild as CfnElement);
    this.site.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.materialsBucket.arnForObjects('materials/*')],
      }),
    );
    this.site.grantListPrefix(props.materialsBucket, 'materials/');
    Validations.of(this.site.fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/materials/*]`,
      reason:
        'Reads only the posted materials (materials/<meeting>/<name>), which are public by rule (Rule 14a-16(b)).',
    });

    this.worker = new ProxydeskFunction(this, 'Worker', {
      name: 'requests-worker',
      timeout: Duration.minutes(1),
      environment: { ...environment, PROXYDESK_MAIL_FROM: props.mailFrom ?? 'proxy-materials@proxydesk.example' },
    });
    this.worker.grantTableReadWrite(props.table);
    props.controlNumberSecret.grantRead(this.worker.fn);
    const bucketId = Stack.of(this).getLogicalId(props.materialsBucket.node.defaultChild as CfnElement);
    this.worker.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.materialsBucket.arnForObjects('print/*')],
      }),
    );
    Validations.of(this.worker.fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/print/*]`,
      reason: "Writes only the day's fulfilment print file under print/<meeting>/fulfilment/.",
    });
    this.worker.grantSendEmail();
    this.worker.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1 }));

    // Every 15 minutes: requests late or due within one business day, as metrics with alarms.
    this.check = new ProxydeskFunction(this, 'Check', {
      name: 'requests-check',
      timeout: Duration.minutes(2),
      environment: props.environment,
    });
    this.check.grantTableRead(props.table);
    new events.Rule(this, 'CheckSchedule', {
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(this.check.fn)],
    });
    const metric = (name: string) =>
      new cloudwatch.Metric({
        namespace: 'proxydesk',
        metricName: name,
        dimensionsMap: { service: 'requests-check' },
        period: Duration.minutes(15),
        statistic: 'Maximum',
      });
    const alarm = (id: string, name: string, description: string) =>
      new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric: metric(name),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING, // no figures means the check itself is not running
      });
    this.overdueAlarm = alarm(
      'OverdueAlarm',
      'RequestsOverdue',
      'proxydesk: a stockholder request is past its due day (Rule 14a-16(j)(3): three business days). `proxydesk requests --overdue` lists it.',
    );
    this.dueSoonAlarm = alarm(
      'DueSoonAlarm',
      'RequestsDueSoon',
      'proxydesk: a stockholder request is due within one business day and not yet fulfilled.',
    );
  }
}
