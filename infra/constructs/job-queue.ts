import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface JobQueueProps {
  /** Longer than the consuming function's timeout. */
  readonly visibilityTimeout: Duration;
  /** What a message left in the dead-letter queue means, for the alarm. */
  readonly alarmDescription: string;
  /** For the dead-letter queue's acknowledgement: whose dead letters these are. */
  readonly purpose: string;
}

/**
 * A job queue as every worker here uses one: encrypted, TLS only, a message received three times
 * without success moves to a dead-letter queue (kept 14 days), and any message there raises an
 * alarm.
 */
export class JobQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetters: sqs.Queue;
  public readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This is the dead-letter queue of ${props.purpose}.`,
    });
    this.queue = new sqs.Queue(this, 'Jobs', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: props.alarmDescription,
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
