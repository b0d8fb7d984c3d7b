import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A long import's next step: the same file, resumed from its checkpoint by a fresh invocation. */
export interface ImportContinuation {
  readonly bucket: string;
  readonly key: string;
  readonly attempt: number;
}

export async function sendContinuation(sqs: SQSClient, queueUrl: string, message: ImportContinuation): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
}
