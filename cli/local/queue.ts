import { createServer, type Server } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * The local stand-in for SQS (none is embedded in the local server set): an HTTP endpoint that
 * speaks the SQS JSON protocol's SendMessage, so the real SQS client works against it, and hands
 * each message to a consumer in this process — as the SQS event source would invoke a Lambda.
 */
export interface LocalQueue {
  readonly endpoint: string;
  readonly queueUrl: string;
  /** Messages accepted so far, on every queue of this server (tests read them). */
  readonly sent: string[];
  /** Another queue on the same server (one SQS endpoint serves several queues, as on AWS). */
  addQueue(name: string, consumer: (body: string) => Promise<void>): string;
  stop(): Promise<void>;
}

export async function startLocalQueue(
  opts: { host?: string; name?: string; consumer?: (body: string) => Promise<void> } = {},
): Promise<LocalQueue> {
  const host = opts.host ?? '127.0.0.1';
  const sent: string[] = [];
  const defaultName = opts.name ?? 'proxydesk-imports';
  const consumers = new Map<string, (body: string) => Promise<void>>();
  if (opts.consumer) consumers.set(defaultName, opts.consumer);
  let endpoint = '';
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'AmazonSQS.SendMessage') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            __type: 'com.amazonaws.sqs#UnsupportedOperation',
            message: `${target} is not supported locally`,
          }),
        );
        return;
      }
      const { MessageBody, QueueUrl } = JSON.parse(raw) as { MessageBody: string; QueueUrl?: string };
      sent.push(MessageBody);
      const consume = consumers.get(
        String(QueueUrl ?? '')
          .split('/')
          .pop() ?? '',
      );
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          MessageId: randomUUID(),
          MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
        }),
      );
      if (consume) {
        setImmediate(
          () =>
            void consume(MessageBody).catch((err: Error) =>
              process.stderr.write(`local queue consumer: ${err.stack ?? err}\n`),
            ),
        );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/000000000000/${defaultName}`,
    sent,
    addQueue: (name, consumer) => {
      consumers.set(name, consumer);
      return `${endpoint}/000000000000/${name}`;
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
