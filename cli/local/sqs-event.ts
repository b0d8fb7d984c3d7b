import { createHash, randomUUID } from 'node:crypto';
import { LOCAL_REGION } from './config.js';

/**
 * An SQS event as the Lambda event source delivers it (every field the workers' parser checks),
 * for one message body: how the local runtime and the tests invoke a queue worker.
 */
export function sqsEvent(body: string, queueName = 'proxydesk-local', receiveCount = 1) {
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          ApproximateFirstReceiveTimestamp: now,
          SenderId: 'local',
          SentTimestamp: now,
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs' as const,
        eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:000000000000:${queueName}`,
        awsRegion: LOCAL_REGION,
      },
    ],
  };
}
