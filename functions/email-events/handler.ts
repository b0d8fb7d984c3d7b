import middy from '@middy/core';
import { z } from 'zod';
import { handleEmailEvent, type EmailEvent } from '#shared/domain/requests/email-events.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { count, injectLambdaContext, logger, metrics } from '../commons/observability.js';

/**
 * SES bounce and complaint events (the configuration set publishes them to EventBridge; a rule
 * invokes this): the holder's address is marked undeliverable and, for a bounce, the materials
 * are queued for first-class mail.
 */
const log = logger('email-events');
const m = metrics('email-events');

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

export const makeHandler = (r: Root) =>
  middy(async (event: unknown) => {
    const e = emailEventOf(event);
    const out = await handleEmailEvent(r.emailEvents(), e);
    // The piece and the outcome: no address.
    log.info('email event', {
      kind: e.kind,
      permanent: e.permanent,
      meetingId: e.meetingId,
      pieceId: e.pieceId,
      ...out,
    });
    if (out.outcome === 'recorded') count(m, { [e.kind === 'bounce' ? 'EmailsBounced' : 'EmailComplaints']: 1 });
    return out;
  }).use(injectLambdaContext(log));

export const handler = lambdaEntry(makeHandler);
