import { sha256Hex } from '../digest.js';
import { Temporal, type PlainDate } from '../calendar/dates.js';
import { InvalidInputError, fieldIssues } from '../errors.js';
import { checkNotThrottled, holderByControlNumber, type AccessDeps } from '../holders/access.js';
import type { Meeting } from '../meetings/schema.js';
import { RequestBodySchema, type RequestKind } from './schema.js';
import { requestTiming } from './timing.js';

/** A stockholder's request as stored: no control number, the account it resolved to. */
export interface StockholderRequest {
  readonly meetingId: string;
  /** Deterministic: the same holder asking the same thing on the same business day is one request. */
  readonly requestId: string;
  readonly kind: RequestKind;
  readonly accountId: string;
  /** Email copies and email elections only; used for nothing but that (Rule 14a-16(k)). */
  readonly email?: string;
  readonly election?: 'paper' | 'email';
  readonly receivedAt: string;
  readonly countsFrom: string;
  readonly dueBy?: string;
  readonly basis: string;
  /** `sending`: an email copy claimed for sending; `printing`: a paper copy on a day's print file, not yet confirmed. */
  readonly status: 'received' | 'sending' | 'printing' | 'fulfilled';
  /** Paper: the day's print file it is on. */
  readonly printDay?: string;
  readonly fulfilledAt?: string;
  /** How it was fulfilled: the email's message id, the print file and row, or the holder record updated. */
  readonly fulfilment?: string;
}

/** Port: stored requests (DynamoDB). */
export interface RequestStore {
  /** Writes the request unless one with its id exists; returns the stored one either way. */
  create(request: StockholderRequest): Promise<{ created: boolean; request: StockholderRequest }>;
}

export type { AttemptCounter } from '../holders/access.js';

/** Port: where fulfilment jobs wait (SQS); one per request, at least once. */
export interface FulfilmentQueue {
  send(job: { meetingId: string; requestId: string }): Promise<void>;
}

export interface SubmitDeps extends AccessDeps {
  readonly requests: RequestStore;
  /** Absent (no queue configured): the request is stored only, and the scheduled check flags it as it comes due. */
  readonly fulfilment?: FulfilmentQueue;
  readonly now: () => string;
}

export interface SubmitResult {
  readonly requestId: string;
  readonly kind: RequestKind;
  readonly receivedAt: string;
  readonly dueBy?: string;
  readonly basis: string;
  /** True when this submission repeated one already stored (nothing new will be sent). */
  readonly duplicate: boolean;
}

// Hex: the id is a print-file cell, where a leading "-" would be escaped against formula injection.
const requestId = (parts: readonly (string | undefined)[]) => sha256Hex(parts.map((p) => p ?? '').join('\u0000'), 32);

/**
 * A stockholder's request: form checked, the client's refused attempts counted, the control
 * number resolved through its hash (an unknown one answers the same "not accepted" as any other
 * failure of the number), the request window and due date set in the issuer's time zone, and the
 * request stored before it is acknowledged. Repeating it returns the stored request.
 */
export async function submitRequest(
  deps: SubmitDeps,
  input: { meeting: Meeting; body: unknown; client: string; firstSent?: PlainDate },
): Promise<SubmitResult> {
  const { meeting, client } = input;
  const now = deps.now();
  await checkNotThrottled(deps, client, now);
  const parsed = RequestBodySchema.safeParse(input.body);
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error.issues));
  const body = parsed.data;
  const holder = await holderByControlNumber(deps, {
    meetingId: meeting.id,
    controlNumber: body.controlNumber,
    client,
    now,
  });
  const timing = requestTiming({
    kind: body.kind,
    received: Temporal.Instant.from(now),
    timeZone: meeting.issuer.timeZone,
    closeOfBusiness: Temporal.PlainTime.from(meeting.issuer.closeOfBusiness),
    meetingDate: Temporal.PlainDate.from(meeting.meeting.date),
    firstSent: input.firstSent,
  });
  if (!timing.accepted)
    throw new InvalidInputError([{ field: 'kind', message: timing.reason }], `not accepted now: ${timing.reason}`);
  const request: StockholderRequest = {
    meetingId: meeting.id,
    requestId: requestId([
      meeting.id,
      holder.accountId,
      body.kind,
      body.email?.toLowerCase(),
      body.election,
      timing.countsFrom,
    ]),
    kind: body.kind,
    accountId: holder.accountId,
    ...(body.email ? { email: body.email } : {}),
    ...(body.election ? { election: body.election } : {}),
    receivedAt: now,
    countsFrom: timing.countsFrom,
    ...(timing.dueBy ? { dueBy: timing.dueBy } : {}),
    basis: timing.basis,
    status: 'received',
  };
  const stored = await deps.requests.create(request);
  const r = stored.request;
  // Queued after it is stored; again for a repeat that is not yet fulfilled (fulfilment is idempotent).
  if (r.status !== 'fulfilled') await deps.fulfilment?.send({ meetingId: r.meetingId, requestId: r.requestId });
  return {
    requestId: r.requestId,
    kind: r.kind,
    receivedAt: r.receivedAt,
    ...(r.dueBy ? { dueBy: r.dueBy } : {}),
    basis: r.basis,
    duplicate: !stored.created,
  };
}
