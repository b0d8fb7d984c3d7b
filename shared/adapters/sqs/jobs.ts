import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DistributionJob, JobQueue } from '../../domain/distribution/jobs.js';

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
