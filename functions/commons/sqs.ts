import middy, { type MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { SqsEnvelope } from '@aws-lambda-powertools/parser/envelopes/sqs';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { ParseError } from '@aws-lambda-powertools/parser';
import { ZodError, type z } from 'zod';

/** A queue record the worker cannot read: it fails the invocation, so the queue retries and then dead-letters it. */
export class InvalidRecordError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidRecordError';
  }
}

/** "Records.0.body.requestId: Invalid string" for each issue, from the parser's ZodError. */
function describe(err: ParseError): string {
  const cause = err.cause;
  if (!(cause instanceof ZodError)) return err.message;
  return cause.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
}

/**
 * The one middleware of the SQS workers: the event is validated as an SQS event and each record's
 * body parsed as JSON with `schema` (Powertools parser, SqsEnvelope); the handler receives the
 * bodies. A record that does not parse fails the invocation with an InvalidRecordError naming it.
 * `otherwise` reads an event that is not from SQS (holders-import: the S3 upload event).
 */
export function sqsBodies<S extends z.ZodType>(
  schema: S,
  opts: { otherwise?: (event: unknown) => z.output<S>[] } = {},
): MiddlewareObj<unknown> {
  const parse = parser({ schema: JSONStringified(schema), envelope: SqsEnvelope });
  return {
    before: async (request) => {
      // A worker that also takes other events (an S3 upload) reads those itself.
      if (opts.otherwise && !isSqsEvent(request.event)) request.event = opts.otherwise(request.event);
      else await (parse.before as (r: typeof request) => unknown)(request);
    },
    onError: (request) => {
      const err = request.error;
      if (err instanceof ParseError)
        request.error = new InvalidRecordError(`invalid queue record: ${describe(err)}`, { cause: err });
    },
  };
}

/** True for an SQS event (a worker that also takes other events, e.g. S3 uploads, branches on it). */
export const isSqsEvent = (event: unknown): boolean =>
  Array.isArray((event as { Records?: unknown })?.Records) &&
  (event as { Records: { eventSource?: unknown }[] }).Records[0]?.eventSource === 'aws:sqs';

/**
 * An SQS worker: the logger's Lambda context, then the records' bodies parsed with `schema`
 * (sqsBodies); `work` receives the parsed bodies. The handler takes the raw event, as Lambda gives it.
 */
export function sqsWorker<S extends z.ZodType, R>(
  log: Logger,
  schema: S,
  work: (items: z.output<S>[], context: Context) => Promise<R>,
  opts: { otherwise?: (event: unknown) => z.output<S>[] } = {},
) {
  // sqsBodies has replaced the event with the parsed bodies by the time the handler runs.
  return middy<unknown, R>((event: unknown, context: Context) => work(event as z.output<S>[], context))
    .use(injectLambdaContext(log))
    .use(sqsBodies(schema, opts));
}
