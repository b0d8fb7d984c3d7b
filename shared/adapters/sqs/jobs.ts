import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DistributionJob, JobQueue } from '../../domain/distribution/jobs.js';
import type { FulfilmentQueue } from '../../domain/requests/use-cases.js';

/** The distribution job queue (SQS on AWS, the local queue under npm start). */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(job: DistributionJob): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }));
  }
}

/** The fulfilment queue: one job per stockholder request. */
export class SqsFulfilmentQueue implements FulfilmentQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(job: { meetingId: string; requestId: string }): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }));
  }
}
