import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ProxydeskFunction } from './function.js';

export interface EmailEventsProps {
  readonly table: dynamodb.TableV2;
  /** Where a bounced email's paper delivery is queued (request fulfilment). */
  readonly fulfilmentQueue: sqs.Queue;
  readonly environment: Record<string, string>;
}

/**
 * Email that does not arrive: every message goes through this configuration set, which publishes
 * bounces and complaints to EventBridge; a rule hands them to the email-events function, which
 * marks the address undeliverable and, for a bounce, queues the materials for first-class mail.
 * Reputation metrics are on, and an alarm watches the account's bounce rate.
 */
export class EmailEvents extends Construct {
  public readonly configurationSet: ses.ConfigurationSet;
  public readonly fn: ProxydeskFunction;
  public readonly bounceRateAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EmailEventsProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', { reputationMetrics: true });
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(bus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    this.fn = new ProxydeskFunction(this, 'Function', {
      name: 'email-events',
      environment: { ...props.environment, PROXYDESK_REQUEST_QUEUE_URL: props.fulfilmentQueue.queueUrl },
    });
    this.fn.grantTableReadWrite(props.table);
    props.fulfilmentQueue.grantSendMessages(this.fn.fn);
    new events.Rule(this, 'Rule', {
      description: 'SES bounces and complaints of proxydesk mail',
      eventPattern: { source: ['aws.ses'], detailType: ['Email Bounced', 'Email Complaint Received'] },
      targets: [new targets.LambdaFunction(this.fn.fn, { retryAttempts: 8 })],
    });
    // SES reviews accounts above 5% bounces and may pause sending above 10%: warn at 4%.
    this.bounceRateAlarm = new cloudwatch.Alarm(this, 'BounceRateAlarm', {
      alarmDescription:
        "proxydesk: the SES account bounce rate is above 4% (SES reviews accounts at 5%). Check the holder lists' email addresses.",
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold: 0.04,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
