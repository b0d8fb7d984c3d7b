import { Temporal } from '../calendar/dates.js';
import { NotFoundError } from '../errors.js';
import { withLease, type Leases } from '../leases.js';
import type { Clock, Ids } from '../ports.js';
import type { Holder, HolderStore } from '../holders/model.js';
import type { Meeting } from '../meetings/schema.js';
import { applyEvent } from '../households/use-cases.js';
import { manifestRow } from '../distribution/manifest.js';
import type { Mailer } from '../distribution/model.js';
import { longDate } from '../distribution/notice.js';
import { materialsEmailBody } from '../distribution/run.js';
import type { StockholderRequest } from './use-cases.js';

/** Port: stored requests as fulfilment sees them. */
export interface RequestRecords {
  get(meetingId: string, requestId: string): Promise<StockholderRequest | undefined>;
  /** received → sending, conditionally; the current status otherwise. */
  claim(meetingId: string, requestId: string, now: string): Promise<'claimed' | StockholderRequest['status']>;
  /** Puts a paper request on a day's print file (status `printing`), unless it is on one already; returns its day. */
  assignPrintDay(meetingId: string, requestId: string, day: string): Promise<string>;
  /** The requests on a day's print file, in request id order. */
  printDay(meetingId: string, day: string): Promise<StockholderRequest[]>;
  markFulfilled(meetingId: string, requestId: string, at: string, how: string): Promise<void>;
}

/** Port: the day's fulfilment print file (S3), rewritten whole; rows once written are kept. */
export interface FulfilmentPrint {
  /** The file's rows (no header), or none yet. */
  getDayRows(meetingId: string, day: string): Promise<string[][]>;
  dayFileName(meetingId: string, day: string): string;
  putDayFile(meetingId: string, day: string, rows: readonly (readonly string[])[]): Promise<string>;
}

export interface FulfilDeps {
  readonly requests: RequestRecords;
  readonly holders: Pick<HolderStore, 'getHolder' | 'getHolders' | 'saveHouseholding' | 'saveElection'>;
  readonly mailer: Mailer;
  readonly print: FulfilmentPrint;
  /** One process writes a day's print file at a time. */
  readonly leases: Leases;
  /** Lease owners. */
  readonly ids: Ids;
  /** The real time the lease is kept by (LeaseDeps). */
  readonly leaseClock: Clock;
  readonly meeting: (meetingId: string) => Promise<Meeting>;
  readonly controlNumber: (meetingId: string, seq: number) => string;
  readonly now: Clock;
  /** proxydesk's voting page for a meeting (an absolute URL), when the platform's public address is known. */
  readonly votingPage?: (meetingId: string) => string | undefined;
}

export type FulfilOutcome = {
  readonly requestId: string;
  readonly status: 'fulfilled' | 'already-fulfilled' | 'in-doubt';
  readonly how?: string;
};

/**
 * Fulfils one request, exactly once. Email copies: claimed, sent through SES (the message tagged
 * with the request), marked. Paper copies and separate sets: put on the day's print file, which
 * is rebuilt whole from the requests on it under a lease, then marked. Elections and householding
 * changes: recorded on the holder, which the next distribution reads.
 */
export async function fulfilRequest(deps: FulfilDeps, meetingId: string, requestId: string): Promise<FulfilOutcome> {
  const request = await deps.requests.get(meetingId, requestId);
  if (!request) throw new NotFoundError(`no request ${requestId} for ${meetingId}`);
  if (request.status === 'fulfilled') return { requestId, status: 'already-fulfilled', how: request.fulfilment };
  const meeting = await deps.meeting(meetingId);
  const holder = await deps.holders.getHolder(meetingId, request.accountId);
  if (!holder) throw new NotFoundError(`request ${requestId}: account ${request.accountId} is no longer on the list`);
  const today = Temporal.Instant.from(deps.now()).toZonedDateTimeISO(meeting.issuer.timeZone).toPlainDate().toString();
  switch (request.kind) {
    case 'email-copy':
      return emailCopy(deps, meeting, holder, request);
    case 'paper-copy':
    case 'separate-set':
      return paperCopy(deps, meeting, request, today);
    case 'permanent-election': {
      // Rule 14a-16(j)(4): the election holds for future meetings until revoked.
      await deps.holders.saveElection(meetingId, holder.accountId, {
        election: request.election!,
        on: today,
        ...(request.email ? { email: request.email } : {}),
      });
      return done(deps, request, `recorded on the holder: permanent ${request.election} election from ${today}`);
    }
    case 'householding-opt-out':
    case 'householding-opt-in': {
      // Rule 14a-3(e)(1): a revocation ends householding (individual delivery within 30 days); a consent starts it.
      const event = request.kind === 'householding-opt-out' ? 'revocation' : 'consent';
      await deps.holders.saveHouseholding(
        meetingId,
        holder.accountId,
        applyEvent(holder.householding, event, request.countsFrom),
      );
      return done(deps, request, `recorded on the holder: householding ${event} on ${request.countsFrom}`);
    }
  }
}

async function done(deps: FulfilDeps, request: StockholderRequest, how: string): Promise<FulfilOutcome> {
  await deps.requests.markFulfilled(request.meetingId, request.requestId, deps.now(), how);
  return { requestId: request.requestId, status: 'fulfilled', how };
}

const pieceOf = (request: StockholderRequest) => `request-${request.requestId}`;

async function emailCopy(
  deps: FulfilDeps,
  meeting: Meeting,
  holder: Holder,
  request: StockholderRequest,
): Promise<FulfilOutcome> {
  const claim = await deps.requests.claim(meeting.id, request.requestId, deps.now());
  if (claim === 'fulfilled') return { requestId: request.requestId, status: 'already-fulfilled' };
  if (claim !== 'claimed') {
    // Claimed before by a process that stopped: did the email go?
    const sent = await deps.mailer.wasSent(pieceOf(request));
    if (sent === true) return done(deps, request, 'email: accepted before the process stopped');
    if (sent === undefined) return { requestId: request.requestId, status: 'in-doubt' };
  }
  const date = longDate(Temporal.PlainDate.from(meeting.meeting.date));
  const messageId = await deps.mailer.send({
    meetingId: meeting.id,
    pieceId: pieceOf(request),
    to: request.email!,
    subject: `${meeting.issuer.name}: the proxy materials you asked for (meeting on ${date})`,
    ...materialsEmailBody(
      meeting,
      `You asked for an email copy of ${meeting.issuer.name}'s proxy materials for the ${meeting.meeting.kind} meeting of stockholders on ${date}.`,
      deps.controlNumber(meeting.id, holder.controlSeq),
      ['This address is used only to send this copy.'],
      deps.votingPage?.(meeting.id),
    ),
  });
  return done(deps, request, `email: ${messageId}`);
}

async function paperCopy(
  deps: FulfilDeps,
  meeting: Meeting,
  request: StockholderRequest,
  today: string,
): Promise<FulfilOutcome> {
  // A request stays on the day it was first put on (a retry the next day does not print it twice).
  const day = await deps.requests.assignPrintDay(meeting.id, request.requestId, today);
  const lease = {
    scope: `fulfilment#${meeting.id}#${day}`,
    busy: `the print file of ${day} is being written by another process; try again`,
  };
  return withLease(deps, lease, async () => {
    // The file keeps every row it had (an index that lags never drops one); the day's requests not
    // on it yet are added, this one included even before the index shows it.
    const existing = await deps.print.getDayRows(meeting.id, day);
    const onFile = new Set(existing.map((r) => r[0]));
    const listed = await deps.requests.printDay(meeting.id, day);
    const adding = [...listed.filter((r) => r.requestId !== request.requestId), { ...request, printDay: day }]
      .filter((r) => !onFile.has(r.requestId))
      .sort((a, b) => a.requestId.localeCompare(b.requestId));
    const holders = await deps.holders.getHolders(meeting.id, [...new Set(adding.map((r) => r.accountId))]);
    const rows = [
      ...existing,
      ...adding.map((r) => {
        const h = holders.get(r.accountId);
        if (!h) throw new NotFoundError(`request ${r.requestId}: account ${r.accountId} is no longer on the list`);
        // Rule 14a-16(j)(3): paper by first-class mail; the row carries the request id and the holder's own proxy card.
        const row = manifestRow(
          {
            id: r.requestId,
            channel: 'mail',
            content: 'full-set',
            recipient: 'holder',
            accounts: [h.accountId],
            addressee: [h.name, ...(h.coOwner ? [h.coOwner] : [])],
            address: h.address,
          },
          [deps.controlNumber(meeting.id, h.controlSeq)],
          r.kind === 'separate-set'
            ? 'full-set (separate set for a householded address)'
            : 'full-set (requested paper copy, first-class mail)',
        );
        return [...row, r.dueBy ?? ''];
      }),
    ];
    const file = existing.length === rows.length ? undefined : await deps.print.putDayFile(meeting.id, day, rows);
    const row = rows.findIndex((r) => r[0] === request.requestId) + 2; // the header is row 1
    return done(deps, request, `print: ${file ?? deps.print.dayFileName(meeting.id, day)}#${row}`);
  });
}
