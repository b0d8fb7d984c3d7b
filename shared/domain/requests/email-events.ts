import { sha256Hex } from '../digest.js';
import { Temporal } from '../calendar/dates.js';
import { copyRequestDueDate } from '../calendar/clocks.js';
import { effectiveReceiptDate } from '../calendar/business-days.js';
import type { HolderStore } from '../holders/model.js';
import type { Meeting } from '../meetings/schema.js';
import type { PieceLedger } from '../distribution/model.js';
import type { FulfilmentQueue, RequestStore, StockholderRequest } from './use-cases.js';

/** A delivery event from the mail provider (SES event publishing), reduced to what matters here. */
export interface EmailEvent {
  readonly kind: 'bounce' | 'complaint';
  /** Bounces: permanent (the address will never take mail) or transient (the provider retries). */
  readonly permanent: boolean;
  readonly meetingId: string;
  /** The piece the message carried: a distribution piece, or `request-<id>` for a requested copy. */
  readonly pieceId: string;
  readonly recipient?: string;
  readonly at: string;
}

export interface EmailEventDeps {
  readonly ledger: Pick<PieceLedger, 'getPiece'>;
  readonly requests: RequestStore & {
    get(meetingId: string, requestId: string): Promise<StockholderRequest | undefined>;
  };
  readonly holders: Pick<HolderStore, 'getHolder' | 'saveEmailUndeliverable'>;
  readonly meeting: (meetingId: string) => Promise<Meeting>;
  readonly fulfilment?: FulfilmentQueue;
}

export type EmailEventOutcome =
  | { readonly outcome: 'ignored'; readonly why: string }
  | { readonly outcome: 'recorded'; readonly accountId: string; readonly paperRequestId?: string };

/**
 * A permanent bounce or a complaint marks the holder's address undeliverable, so no later email
 * goes to it. A bounce also queues a paper delivery of what the email carried, as a paper copy
 * due within three business days (Rule 14a-16(j)(3)), so no holder is left without the
 * materials. A complaint means the message arrived: it only stops email. Handling the same event
 * twice changes nothing more.
 */
export async function handleEmailEvent(deps: EmailEventDeps, e: EmailEvent): Promise<EmailEventOutcome> {
  if (e.kind === 'bounce' && !e.permanent)
    return { outcome: 'ignored', why: 'a transient bounce: the provider retries' };
  let accountId: string | undefined;
  let email = e.recipient;
  if (e.pieceId.startsWith('request-')) {
    const request = await deps.requests.get(e.meetingId, e.pieceId.slice('request-'.length));
    accountId = request?.accountId;
    email ??= request?.email;
  } else {
    const piece = await deps.ledger.getPiece(e.meetingId, e.pieceId);
    if (piece?.channel === 'email') accountId = piece.accounts[0];
  }
  if (!accountId) return { outcome: 'ignored', why: `no email piece ${e.pieceId} in ${e.meetingId}` };
  const holder = await deps.holders.getHolder(e.meetingId, accountId);
  if (!holder) return { outcome: 'ignored', why: `account ${accountId} is no longer on the list` };
  const meeting = await deps.meeting(e.meetingId);
  const at = Temporal.Instant.from(e.at);
  const tz = meeting.issuer.timeZone;
  const cob = Temporal.PlainTime.from(meeting.issuer.closeOfBusiness);
  await deps.holders.saveEmailUndeliverable(e.meetingId, accountId, {
    email: email ?? holder.email ?? '',
    on: at.toZonedDateTimeISO(tz).toPlainDate().toString(),
    reason: e.kind,
  });
  if (e.kind === 'complaint') return { outcome: 'recorded', accountId };
  // Rule 14a-16(j)(3): paper by first-class mail within three business days, as for a requested copy.
  const request: StockholderRequest = {
    meetingId: e.meetingId,
    requestId: sha256Hex(`${e.meetingId}\u0000bounce\u0000${e.pieceId}`, 32),
    kind: 'paper-copy',
    accountId,
    receivedAt: e.at,
    countsFrom: effectiveReceiptDate(at, tz, cob).date.toString(),
    dueBy: copyRequestDueDate(at, tz, cob).toString(),
    basis: `the email (${e.pieceId}) bounced: the materials go by first-class mail instead, within three business days`,
    status: 'received',
  };
  const stored = await deps.requests.create(request);
  if (stored.request.status !== 'fulfilled')
    await deps.fulfilment?.send({ meetingId: e.meetingId, requestId: stored.request.requestId });
  return { outcome: 'recorded', accountId, paperRequestId: stored.request.requestId };
}
