import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { DynamoHolderStore } from '../../shared/adapters/dynamodb/holder-store.js';
import { DynamoPieceLedger } from '../../shared/adapters/dynamodb/piece-ledger.js';
import { DynamoRequestRecords } from '../../shared/adapters/dynamodb/request-store.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { fulfilmentQueue } from '../../shared/adapters/requests.js';
import { getMeeting } from '../../shared/domain/meetings/use-cases.js';
import { handleEmailEvent, type EmailEvent } from '../../shared/domain/requests/email-events.js';

/**
 * SES bounce and complaint events (the configuration set publishes them to EventBridge; a rule
 * invokes this): the holder's address is marked undeliverable and, for a bounce, the materials
 * are queued for first-class mail.
 */
const config = loadConfig();
const clients = clientsFor(config);
const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
const deps = {
  ledger: new DynamoPieceLedger(clients.documents, config.tableName),
  requests: new DynamoRequestRecords(clients.documents, config.tableName),
  holders: new DynamoHolderStore(clients.documents, config.tableName),
  meeting: (id: string) => getMeeting({ meetings }, id),
  fulfilment: fulfilmentQueue(clients, config),
};
const logger = new Logger({ serviceName: 'email-events' });
const metrics = new Metrics({ namespace: 'proxydesk', serviceName: 'email-events' });

const Tags = z.object({ meeting: z.array(z.string()).min(1), piece: z.array(z.string()).min(1) });
const SesEvent = z.object({
  'detail-type': z.string(),
  detail: z.object({
    eventType: z.enum(['Bounce', 'Complaint']),
    mail: z.object({ tags: Tags, timestamp: z.string() }),
    bounce: z
      .object({
        bounceType: z.string(),
        bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
        timestamp: z.string(),
      })
      .optional(),
    complaint: z
      .object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })), timestamp: z.string() })
      .optional(),
  }),
});

/** The SES event as the domain reads it. */
export function emailEventOf(raw: unknown): EmailEvent {
  const { detail } = SesEvent.parse(raw);
  const bounce = detail.eventType === 'Bounce';
  return {
    kind: bounce ? 'bounce' : 'complaint',
    permanent: bounce ? detail.bounce?.bounceType === 'Permanent' : true,
    meetingId: detail.mail.tags.meeting[0]!,
    pieceId: detail.mail.tags.piece[0]!,
    recipient: (bounce ? detail.bounce?.bouncedRecipients : detail.complaint?.complainedRecipients)?.[0]?.emailAddress,
    at: (bounce ? detail.bounce?.timestamp : detail.complaint?.timestamp) ?? detail.mail.timestamp,
  };
}

export const handler = middy(async (event: unknown) => {
  const e = emailEventOf(event);
  const out = await handleEmailEvent(deps, e);
  // The piece and the outcome: no address.
  logger.info('email event', {
    kind: e.kind,
    permanent: e.permanent,
    meetingId: e.meetingId,
    pieceId: e.pieceId,
    ...out,
  });
  if (out.outcome === 'recorded') {
    metrics.addMetric(e.kind === 'bounce' ? 'EmailsBounced' : 'EmailComplaints', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  }
  return out;
}).use(injectLambdaContext(logger));
