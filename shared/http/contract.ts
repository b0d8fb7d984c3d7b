import { z } from 'zod';
import { FlatDeadlineSchema } from '../domain/deadlines/flat.js';
import {
  BylawParamsSchema,
  CheckInputSchema,
  RULE_14A19_BASES,
  ROUTES as SUBMISSION_ROUTES,
} from '../domain/deadlines/schema.js';
import type { DeadlineReport, TimelinessResult } from '../domain/deadlines/engine.js';
import { MEETING_ID_PATTERN, MeetingFileSchema, type Meeting, type MeetingSummary } from '../domain/meetings/schema.js';
import type { MeetingDeadlines } from '../domain/meetings/use-cases.js';
import { REQUEST_KINDS, RequestBodySchema } from '../domain/requests/schema.js';
import type { SubmitResult } from '../domain/requests/use-cases.js';
import { ConfirmBodySchema, VoteBodySchema, type VoteConfirmation, type VoteReceipt } from '../domain/voting/cast.js';
import type { AccountVotes, VotesStatus } from '../domain/voting/records.js';
import { CHECK_IDS, METHODS } from '../domain/distribution/schedule.js';
import type { DistributionRequestResult } from '../domain/distribution/jobs.js';
import type { DistributionRun } from '../domain/distribution/model.js';
import { parseDate } from '../domain/calendar/dates.js';
import type { Tabulation } from '../domain/tabulation/count.js';
import type { Form8kItem507 } from '../domain/tabulation/form-8k.js';
import type { PollsState } from '../domain/tabulation/mode.js';

/**
 * The HTTP contract: each route's path parameters, query, body and responses, as zod schemas.
 * The handlers validate with these (or with the domain schemas named here) and the OpenAPI
 * document (shared/http/openapi.ts, served at GET /openapi.json) is generated from them, so what
 * integrators read cannot drift from what the API checks. Response schemas are typed against the
 * domain's result types (`satisfies`): a result type that changes without its schema fails tsc.
 */

// ── Shared pieces ───────────────────────────────────────────────────────────────────────────────

export const MeetingId = z
  .string()
  .regex(MEETING_ID_PATTERN, 'is not a meeting id')
  .describe('A meeting id: 3–63 lowercase letters, digits or hyphens, e.g. sonim-2024.');

/** `{meetingId}` in a path. */
export const MeetingPathSchema = z.object({ meetingId: MeetingId });

const DocumentPathSchema = z.object({
  meetingId: MeetingId,
  name: z.string().describe('A posted document’s file name (URL-encoded), as listed by GET /meetings/{meetingId}.'),
});

const Issue = z.object({ field: z.string(), message: z.string() });

/** The error body of every 4xx JSON answer (shared/http/api.ts). */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe('INVALID_INPUT, INVALID_JSON, NOT_FOUND, CONFLICT, NOT_ACCEPTED, THROTTLED or NO_ROUTE.'),
      message: z.string(),
      issues: z.array(Issue).describe('The fields at fault (empty when no one field is).'),
    }),
  })
  .meta({ id: 'Error', description: 'A refused request: a stable code, a message and the fields at fault.' });

/** A 5xx says nothing about internals: a request id to quote, its cause is logged. */
export const InternalErrorSchema = z
  .object({
    error: z.object({
      code: z.literal('INTERNAL'),
      message: z.string(),
      requestId: z.string().describe('Quote it to the operators: the cause is logged under it.'),
    }),
  })
  .meta({ id: 'InternalError', description: 'An unexpected failure.' });

const IsoDateText = z.string().describe('A calendar date, YYYY-MM-DD.');
const Citation = z.string().describe('The rule the value comes from, e.g. "Rule 14a-8(e)(2)".');

// ── Deadlines ───────────────────────────────────────────────────────────────────────────────────

/** GET /deadlines: the flat question (every value is text in a query string). */
export const DeadlinesQuerySchema = FlatDeadlineSchema;

/** POST /deadlines/check: the same flat fields plus the submission route and its receipt instant. */
export const DeadlineCheckBodySchema = FlatDeadlineSchema.extend(CheckInputSchema.shape).meta({ id: 'DeadlineCheck' });

const Governing = z.enum(['anniversary', 'moved-meeting', 'no-prior-meeting']);

const RollSchema = z
  .object({
    from: IsoDateText.describe('The date as counted, a weekend day or federal holiday.'),
    to: IsoDateText.describe('The business day printed instead.'),
    policy: z.enum(['next-business-day', 'previous-business-day']),
    reason: z.string(),
    citation: Citation,
    note: z.string(),
  })
  .meta({ id: 'DeadlineRoll', description: 'A deadline the issuer rolls off a weekend or holiday.' });

const BylawWindow = z.object({
  opens: IsoDateText.nullable(),
  closes: IsoDateText.nullable().describe('As printed: rolled when closesRolled is set.'),
  atTime: z.literal('close of business'),
  governing: Governing,
  citation: Citation,
  basis: z.string(),
  movedMeeting: z
    .object({ opens: IsoDateText.nullable(), closes: IsoDateText.nullable(), rule: z.string() })
    .describe('The bylaws’ window for a moved meeting (or none last year), as counted.'),
  closesRolled: RollSchema.nullable(),
});

export const DeadlineReportSchema = z
  .object({
    inputs: z.object({
      priorMeeting: IsoDateText.nullable(),
      priorRelease: IsoDateText.nullable(),
      nextMeeting: IsoDateText.nullable(),
      announced: IsoDateText.nullable(),
      timeZone: z.string(),
      closeOfBusiness: z.string(),
      bylaws: BylawParamsSchema,
    }),
    anniversaries: z.object({ priorMeeting: IsoDateText.nullable(), priorRelease: IsoDateText.nullable() }),
    daysFromAnniversary: z.number().int().nullable(),
    rule14a8: z.object({
      deadline: IsoDateText.nullable(),
      receivedBy: z.literal('end of day'),
      citation: Citation,
      basis: z.string(),
    }),
    advanceNotice: BylawWindow,
    nominations: BylawWindow.extend({
      separate: z.boolean().describe('false: no nomination counts were given, and this is the advance-notice window.'),
    }).describe('The bylaw window for director nominations.'),
    rule14a19: z.object({
      deadline: IsoDateText.nullable(),
      receivedBy: z.enum(['end of day', 'close of business']),
      governing: Governing,
      citation: Citation,
      basis: z.string(),
      solicitationCondition: z.object({ text: z.string(), citation: Citation }),
      setBy: z
        .enum(RULE_14A19_BASES)
        .describe('rule: Rule 14a-19(b)(1)’s own date; bylaw: the issuer ties it to the bylaw nomination deadline.'),
      ruleDeadline: IsoDateText.nullable().describe('The date Rule 14a-19(b)(1) itself gives (after any roll).'),
      rolled: RollSchema.nullable(),
    }),
    warnings: z.array(
      z.object({
        code: z.enum([
          'NON_BUSINESS_DAY',
          'EARLIER_RULE_GOVERNS',
          'MEETING_MOVED',
          'NO_PRIOR_MEETING',
          'NEXT_MEETING_UNKNOWN',
          'ANNOUNCEMENT_UNKNOWN',
          'LEAP_DAY_ANNIVERSARY',
          'TIME_ZONE_DEFAULTED',
        ]),
        message: z.string(),
        citation: Citation.optional(),
      }),
    ),
  })
  .meta({
    id: 'DeadlineReport',
    description: 'Next year’s proposal and nomination deadlines, each with its citation and basis.',
  }) satisfies z.ZodType<DeadlineReport>;

export const TimelinessSchema = z
  .object({
    route: z.enum(SUBMISSION_ROUTES),
    timely: z.boolean().nullable().describe('null when the rule gives no date to test against.'),
    reason: z.string(),
    citation: Citation,
    receivedLocal: z.string().describe('The receipt instant in the issuer’s time zone.'),
    deadlines: DeadlineReportSchema,
  })
  .meta({ id: 'Timeliness' }) satisfies z.ZodType<TimelinessResult & { deadlines: DeadlineReport }>;

// ── Meetings ────────────────────────────────────────────────────────────────────────────────────

export const MeetingSummarySchema = z
  .object({
    id: z.string(),
    issuer: z.string(),
    kind: z.string(),
    date: IsoDateText,
    recordDate: IsoDateText,
    delivery: z.string(),
  })
  .meta({ id: 'MeetingSummary' }) satisfies z.ZodType<MeetingSummary>;

export const MeetingListSchema = z.object({ meetings: z.array(MeetingSummarySchema).describe('Newest first.') });

export const MeetingSchema = z
  .object({
    ...MeetingFileSchema.shape,
    createdAt: z.string(),
    updatedAt: z.string(),
    documents: z.array(z.object({ name: z.string(), href: z.string() })).describe('The posted proxy materials.'),
    materialsSite: z.string().describe('The meeting’s public materials page (Rule 14a-16(b)).'),
  })
  .meta({
    id: 'Meeting',
    description: 'The stored meeting file (public facts) and its posted documents.',
  }) satisfies z.ZodType<Meeting>;

const TimelineEntry = z.object({ key: z.string(), label: z.string(), date: IsoDateText, citation: Citation });

export const MeetingDeadlinesSchema = z
  .object({
    meetingId: z.string(),
    nextMeeting: DeadlineReportSchema,
    timeline: z.array(TimelineEntry).describe('This meeting’s own clocks, in date order.'),
  })
  .meta({ id: 'MeetingDeadlines' }) satisfies z.ZodType<MeetingDeadlines>;

// ── Stockholder requests ────────────────────────────────────────────────────────────────────────

/** POST /meetings/{meetingId}/requests and the materials page's form: the domain's request schema. */
export const StockholderRequestBodySchema = RequestBodySchema.meta({ id: 'StockholderRequest' });

/** The form posts the same fields as text; empty fields are left out. */
export const StockholderRequestFormSchema = z.object({
  controlNumber: z.string().describe('The 12 digits printed on the Notice or proxy card (spaces and hyphens allowed).'),
  kind: z.enum(REQUEST_KINDS),
  email: z.string().optional(),
  election: z.enum(['paper', 'email']).optional(),
});

export const SubmitResultSchema = z
  .object({
    requestId: z.string(),
    kind: z.enum(REQUEST_KINDS),
    receivedAt: z.string(),
    dueBy: z.string().optional().describe('The day the copy is sent by (Rule 14a-16(j)(3)), when a copy is asked for.'),
    basis: z.string(),
    duplicate: z.boolean().describe('True when this repeated a request already stored (nothing new is sent).'),
  })
  .meta({ id: 'SubmitResult' }) satisfies z.ZodType<SubmitResult>;

// ── Votes ───────────────────────────────────────────────────────────────────────────────────────

/** POST /meetings/{meetingId}/votes: the domain's vote schema (the ballot is checked against the meeting's proposals). */
export const VoteRequestSchema = VoteBodySchema.meta({ id: 'Vote' });

/** POST /meetings/{meetingId}/votes/confirm. */
export const VoteConfirmRequestSchema = ConfirmBodySchema.meta({ id: 'VoteConfirmRequest' });

const Choice = z.enum(['FOR', 'WITHHOLD', 'AGAINST', 'ABSTAIN', '1 YEAR', '2 YEARS', '3 YEARS']);
const MarkedBallotSchema = z
  .record(z.string(), z.union([Choice, z.record(z.string(), Choice)]))
  .describe('As recorded: proposal number → choice; for an election, nominee name → choice.');

export const VoteReceiptSchema = z
  .object({
    receiptId: z.string().describe('The same body repeated (a retry) answers the same receipt.'),
    recordedAt: z.string().describe('When the vote was received (ISO-8601 instant).'),
    ballot: MarkedBallotSchema,
  })
  .meta({ id: 'VoteReceipt' }) satisfies z.ZodType<VoteReceipt>;

export const VoteConfirmationSchema = z
  .object({
    status: z.enum(['counts', 'none']).describe('`none`: no vote of this account counts (none cast, or revoked).'),
    vote: VoteReceiptSchema.extend({
      channel: z.enum(['internet', 'phone', 'mail', 'meeting']).describe('`meeting`: a ballot cast at the meeting.'),
      shares: z.number().int().describe('The account’s record-date shares, which the proxy votes.'),
    })
      .optional()
      .describe('The vote that counts now: the latest-dated valid proxy, whatever the channel.'),
    reason: z.string(),
  })
  .meta({ id: 'VoteConfirmation' }) satisfies z.ZodType<VoteConfirmation>;

/** The voting page's control-number forms (open the ballot, check a vote). */
export const VotingPageStartFormSchema = z.object({
  controlNumber: z.string().describe('The 12 digits printed on the Notice or proxy card (spaces and hyphens allowed).'),
});

/** The voting page's ballot form: the control number (a hidden field) and one field per proposal or nominee. */
export const VotingPageBallotFormSchema = VotingPageStartFormSchema.catchall(z.string()).describe(
  '`p<number>` = a choice ("FOR", "AGAINST", "ABSTAIN", "1 YEAR", …); for an election, `p<number>:<nominee name>` = ' +
    '"FOR" or "WITHHOLD" (or AGAINST / ABSTAIN under a majority standard). Unmarked proposals are left out.',
);
/** `{meetingId}/votes/accounts/{accountId}` in a path. */
export const VoteAccountPathSchema = z.object({
  meetingId: MeetingId,
  accountId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'is not an account id')
    .describe('The account id of the holder list (URL-encoded).'),
});

const VoteFigures = z.object({ accounts: z.number().int(), shares: z.number() });

export const VotesStatusSchema = z
  .object({
    meetingId: z.string(),
    asOf: z.string().describe('When the figures were read (ISO-8601 instant).'),
    recordDate: z.string(),
    recordDateTotals: VoteFigures.describe('Registered holders and their shares at the record date.'),
    counting: VoteFigures.describe(
      'Accounts whose proxy (or ballot at the meeting) counts now, and the shares it votes.',
    ),
    byChannel: z.object({ internet: VoteFigures, phone: VoteFigures, mail: VoteFigures, meeting: VoteFigures }),
    byDay: z
      .array(VoteFigures.extend({ day: z.string() }))
      .describe('By the issuer-local day the counting submission is dated (a card: the date on it).'),
    notCounting: z.object({ revoked: z.number().int(), onlyRefused: z.number().int() }),
    submissions: z.object({ total: z.number().int(), refused: z.number().int() }),
  })
  .meta({ id: 'VotesStatus' }) satisfies z.ZodType<VotesStatus>;

export const AccountVotesSchema = z
  .object({
    meetingId: z.string(),
    accountId: z.string(),
    holder: z.object({ name: z.string(), shares: z.number() }).nullable(),
    counting: z.object({ id: z.string().nullable(), reason: z.string() }),
    submissions: z.array(
      z.object({
        id: z.string(),
        place: z.number().int(),
        kind: z.enum(['internet', 'phone', 'mail', 'revocation', 'meeting', 'attendance']),
        receivedAt: z.string(),
        receivedLocal: z.string(),
        datedDay: z.string(),
        date: z.string().optional(),
        source: z.string().describe('The source file, `api:<client digest>`, or `operator`.'),
        ballot: MarkedBallotSchema,
        submitted: z.string().optional(),
        shares: z.number(),
        valid: z.boolean(),
        counts: z.boolean(),
        why: z.string(),
        note: z.string().optional(),
        recordedAt: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'AccountVotes' }) satisfies z.ZodType<AccountVotes>;

// ── Results ─────────────────────────────────────────────────────────────────────────────────────

/** GET /meetings/{meetingId}/results (and its pages): which tally. */
export const ResultsQuerySchema = z.object({
  mode: z
    .enum(['preliminary', 'final'])
    .optional()
    .describe(
      'Default by the clock: preliminary until the polls close (the meeting’s start; the minute it names is still ' +
        'open), final after. `final` before the polls close is refused with 409 CONFLICT.',
    ),
});

const Shares = z.number().int().describe('Shares (a whole number).');
const Columns = z
  .record(z.string(), Shares)
  .describe(
    'Shares per column: for, against, withheld (directors under plurality), abstain, oneYear / twoYears / threeYears ' +
      '(frequency), brokerNonVotes, presentNotVoting (registered shares present that marked nothing here). Only the ' +
      'columns the standard uses.',
  );
const StatusSchema = z.enum(['PASSED', 'FAILED', 'ELECTED', 'NOT ELECTED', 'TIED', 'CHOSEN', 'NO VOTES', 'NO QUORUM']);
const FlagSchema = z
  .object({
    code: z.string().describe('e.g. NO_QUORUM, TIE_AT_CUT, NYSE_452, MAJORITY_WITHHELD.'),
    message: z.string(),
  })
  .meta({ id: 'TabulationFlag' });
const ThresholdSchema = z.object({
  shares: Shares.nullable().describe('The FOR shares needed; null where rank decides (plurality, frequency).'),
  rule: z.string().describe('The standard in words, with what abstentions and broker non-votes do.'),
});

export const TabulationSchema = z
  .object({
    meetingId: z.string(),
    issuer: z.string(),
    mode: z.enum(['preliminary', 'final']),
    asOf: z.string().optional().describe('The instant of the tally (ISO-8601), by the platform’s clock.'),
    meetingDate: IsoDateText,
    recordDate: IsoDateText,
    sharesOutstanding: Shares,
    quorum: z.object({
      fraction: z.string().describe('The quorum as a fraction of the shares outstanding, e.g. "1/3".'),
      required: Shares.describe('The shares that make a quorum (the fraction of outstanding, rounded up).'),
      present: Shares.describe('Shares present in person (virtually) or by proxy: registered + street name.'),
      registeredPresent: Shares,
      registeredAccounts: z.number().int(),
      streetPresent: Shares.describe('Each nominee’s largest counted line, after reconciliation.'),
      met: z.boolean(),
    }),
    proposals: z.array(
      z.object({
        number: z.number().int(),
        title: z.string(),
        kind: z.enum(['election', 'matter', 'frequency']),
        standard: z.enum([
          'plurality-of-votes-cast',
          'majority-of-votes-cast',
          'majority-of-voting-power-present',
          'majority-of-outstanding',
          'two-thirds-of-outstanding',
        ]),
        routine: z.boolean().describe('NYSE Rule 452: brokers may vote uninstructed shares on it.'),
        votes: Columns.optional().describe('Matters and frequency votes.'),
        seats: z.number().int().optional().describe('Elections: the seats to fill.'),
        nominees: z
          .array(
            z.object({
              name: z.string(),
              party: z.string(),
              votes: Columns,
              threshold: ThresholdSchema,
              status: StatusSchema,
              flags: z.array(FlagSchema),
            }),
          )
          .optional()
          .describe('Elections: each nominee, in the meeting file’s order.'),
        elected: z.array(z.string()).optional(),
        choice: z
          .string()
          .nullable()
          .optional()
          .describe('Frequency: the choice with the most votes (null: tie or none).'),
        threshold: ThresholdSchema,
        status: StatusSchema,
        flags: z.array(FlagSchema),
      }),
    ),
    nominees: z
      .array(
        z.object({
          participant: z.string().describe('DTC participant number.'),
          nomineeName: z.string().optional(),
          receivedAt: z.string().describe('Its latest report (the one that counts).'),
          position: Shares.nullable().describe('Record-date position; null without a position report.'),
          present: Shares.describe('Shares it represents at the meeting, after reconciliation.'),
        }),
      )
      .describe('Each street-name nominee whose latest report counts.'),
    reconciliations: z
      .array(
        z.object({
          participant: z.string(),
          nomineeName: z.string().optional(),
          proposal: z.number().int(),
          director: z.string().optional(),
          position: Shares,
          reportedTotal: Shares,
          countedTotal: Shares,
          reported: z.record(z.string(), Shares),
          counted: z.record(z.string(), Shares),
          reason: z.string(),
        }),
      )
      .describe('Over-votes reduced pro rata to the position (DGCL §231(d)).'),
    flags: z.array(FlagSchema),
  })
  .meta({
    id: 'Tabulation',
    description: 'The count (docs/tabulation.md): quorum, and each proposal by its vote standard.',
  }) satisfies z.ZodType<Tabulation>;

export const Form8kSchema = z
  .object({
    text: z.string().describe('Item 5.07 as plain text, ready to paste into the filing.'),
    dueDate: IsoDateText.describe('Four business days after the meeting (Form 8-K General Instruction B.1).'),
    dueRule: z.string(),
  })
  .meta({ id: 'Form8kItem507' }) satisfies z.ZodType<Form8kItem507>;

export const ResultsSchema = z
  .object({
    tabulation: TabulationSchema,
    form8k: Form8kSchema,
    polls: z
      .object({
        at: z.string().describe('When the polls close: the meeting’s start, an ISO instant with the issuer’s offset.'),
        label: z.string().describe('The same in words, e.g. "9:00 am Pacific on 2024-06-20".'),
        closed: z.boolean(),
      })
      .describe('Whether the count can be final yet.') satisfies z.ZodType<PollsState>,
  })
  .meta({ id: 'Results', description: 'The tally of a meeting and its Form 8-K Item 5.07 text.' });

// ── Distributions ───────────────────────────────────────────────────────────────────────────────

export const DistributionBodySchema = z
  .strictObject({
    method: z.enum(METHODS),
    asOf: z
      .string()
      .refine((v) => !!parseDate(v), 'is not a date (YYYY-MM-DD)')
      .optional()
      .describe('Rehearse the checks as of this date (YYYY-MM-DD); default today in the issuer’s time zone.'),
    dryRun: z.boolean().optional(),
    overrides: z
      .partialRecord(z.enum(CHECK_IDS), z.string().trim().min(3, 'give the reason the check is overridden').max(500))
      .optional()
      .describe('Failed, overridable checks to let through, each with the reason recorded.'),
  })
  .meta({ id: 'DistributionRequest' });

const ScheduleCheck = z.object({
  id: z.enum(CHECK_IDS),
  citation: Citation,
  ok: z.boolean(),
  message: z.string(),
  overridable: z.boolean(),
  overriddenBecause: z.string().optional(),
});

export const DistributionRequestResultSchema = z
  .object({
    status: z.enum(['accepted', 'refused']),
    meetingId: z.string(),
    runId: z.string(),
    sendDate: IsoDateText,
    schedule: z.object({ sendDate: IsoDateText, checks: z.array(ScheduleCheck), blocked: z.boolean() }),
    status_url: z.string().describe('Follow the run with GET.'),
  })
  .meta({ id: 'DistributionRequestResult' }) satisfies z.ZodType<DistributionRequestResult>;

const Counts = z.object({
  planned: z.number().int(),
  sent: z.number().int(),
  alreadySent: z.number().int(),
  inDoubt: z.number().int(),
  emails: z.number().int(),
  mailPieces: z.number().int(),
  manifests: z.number().int(),
});

const Figures = z.object({
  holders: z.number().int(),
  nominees: z.number().int(),
  pieces: z.number().int(),
  byChannelAndContent: z.object({
    'email:notice': z.number().int(),
    'email:full-set': z.number().int(),
    'mail:notice': z.number().int(),
    'mail:full-set': z.number().int(),
  }),
  households: z.number().int(),
  copiesSaved: z.number().int(),
  proxyCards: z.number().int(),
  nomineeSets: z.number().int(),
});

export const DistributionRunSchema = z
  .object({
    meetingId: z.string(),
    runId: z.string(),
    method: z.enum(METHODS),
    sendDate: IsoDateText,
    status: z.enum(['running', 'done', 'refused', 'planned']),
    checks: z.array(ScheduleCheck),
    figures: Figures.optional(),
    chunks: z.array(z.string()).optional(),
    planId: z.string().optional(),
    chunksDone: z.number().int().optional(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    counts: Counts.optional(),
  })
  .meta({ id: 'DistributionRun' }) satisfies z.ZodType<DistributionRun>;

export const DistributionStatusSchema = z.object({ meetingId: z.string(), runs: z.array(DistributionRunSchema) });

// ── Routes ──────────────────────────────────────────────────────────────────────────────────────

export type MediaType = 'application/json' | 'text/html' | 'application/x-www-form-urlencoded';

export interface ResponseContract {
  readonly description: string;
  readonly content?: { readonly mediaType: MediaType; readonly schema: z.ZodType };
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteContract {
  readonly summary: string;
  readonly description?: string;
  readonly tag:
    | 'deadlines'
    | 'meetings'
    | 'requests'
    | 'votes'
    | 'results'
    | 'materials site'
    | 'voting page'
    | 'distributions'
    | 'contract';
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: { readonly mediaType: MediaType; readonly schema: z.ZodType };
  readonly responses: Readonly<Record<number, ResponseContract>>;
}

const json = (description: string, schema: z.ZodType): ResponseContract => ({
  description,
  content: { mediaType: 'application/json', schema },
});
const page = (description: string, headers?: Record<string, string>): ResponseContract => ({
  description,
  content: { mediaType: 'text/html', schema: z.string() },
  headers,
});

const ERROR_MEANING: Record<number, string> = {
  400: 'Invalid input: every field at fault is named in `issues`.',
  403: 'Not accepted.',
  404: 'No such meeting (or route).',
  409: 'Conflict with the stored state.',
  429: 'Too many refused attempts from this client: try again later.',
  500: 'Internal error: the body gives a code, a fixed message and the request id, never the cause.',
};

/** The JSON error answers a route can give (always with 500). */
const errors = (...statuses: number[]): Record<number, ResponseContract> =>
  Object.fromEntries([
    ...statuses.map((s) => [s, json(ERROR_MEANING[s] ?? 'Refused.', ErrorSchema)] as const),
    [500, json(ERROR_MEANING[500]!, InternalErrorSchema)] as const,
  ]);

const SITE_404 = page('No such meeting (or document): a short HTML page.');
/** The website answers an internal error with a page too (the cause is logged, never shown). */
const SITE_500 = page('Internal error: a short HTML page.');

/** Every route of ROUTES (shared/resources.ts), by its API Gateway route key. */
export const CONTRACT: Readonly<Record<string, RouteContract>> = {
  'GET /deadlines': {
    tag: 'deadlines',
    summary: 'Proposal deadlines for a company’s next annual meeting',
    description:
      'Rule 14a-8, bylaw advance-notice and Rule 14a-19 deadlines, counted from last year’s meeting and proxy release.',
    query: DeadlinesQuerySchema,
    responses: { 200: json('The deadlines.', DeadlineReportSchema), ...errors(400) },
  },
  'POST /deadlines/check': {
    tag: 'deadlines',
    summary: 'Was a submission received in time?',
    body: { mediaType: 'application/json', schema: DeadlineCheckBodySchema },
    responses: {
      200: json('The answer, with the deadlines it was checked against.', TimelinessSchema),
      ...errors(400),
    },
  },
  'GET /meetings': {
    tag: 'meetings',
    summary: 'The meetings, newest first',
    responses: { 200: json('Meeting summaries.', MeetingListSchema), ...errors() },
  },
  'GET /meetings/{meetingId}': {
    tag: 'meetings',
    summary: 'A meeting’s public facts and posted documents',
    params: MeetingPathSchema,
    responses: { 200: json('The meeting.', MeetingSchema), ...errors(400, 404) },
  },
  'GET /meetings/{meetingId}/deadlines': {
    tag: 'meetings',
    summary: 'The deadlines an annual meeting sets for the next one, and its own clocks',
    params: MeetingPathSchema,
    responses: { 200: json('Deadlines and timeline.', MeetingDeadlinesSchema), ...errors(400, 404) },
  },
  'POST /meetings/{meetingId}/requests': {
    tag: 'requests',
    summary: 'A stockholder’s request (copy of the materials, election, householding)',
    description:
      'Authenticated by the control number. Every failure of the number answers the same 403, which does not say whether it exists.',
    params: MeetingPathSchema,
    body: { mediaType: 'application/json', schema: StockholderRequestBodySchema },
    responses: {
      202: json('Received (or repeated: see `duplicate`).', SubmitResultSchema),
      ...errors(400, 403, 404, 429),
    },
  },
  'POST /meetings/{meetingId}/votes': {
    tag: 'votes',
    summary: 'A stockholder’s vote (proxy) online',
    description:
      'Authenticated by the control number, as requests are (every failure of the number answers the same 403). ' +
      'Refused with a named field when a proposal is not offered that choice, and with 403 after the internet ' +
      'cut-off (named). A vote changed later is a new submission; the latest-dated one counts. A newly recorded ' +
      'vote is receipted by email (receipt id, instant, choices; never the control number) when the account has ' +
      'an email on file.',
    params: MeetingPathSchema,
    body: { mediaType: 'application/json', schema: VoteRequestSchema },
    responses: {
      201: json('Recorded (or repeated: the same receipt).', VoteReceiptSchema),
      ...errors(400, 403, 404, 409, 429),
    },
  },
  'POST /meetings/{meetingId}/votes/confirm': {
    tag: 'votes',
    summary: 'Vote confirmation: the vote that counts now, or that none does',
    description: 'POST, so that no control number sits in a URL or an access log.',
    params: MeetingPathSchema,
    body: { mediaType: 'application/json', schema: VoteConfirmRequestSchema },
    responses: { 200: json('The vote that counts, or none.', VoteConfirmationSchema), ...errors(400, 403, 404, 429) },
  },
  'GET /meetings/{meetingId}/votes/status': {
    tag: 'votes',
    summary: 'Voting status: accounts and shares with a proxy that counts, by channel and by day (counts only)',
    description:
      'Operations (IAM-signed on AWS): the operators’ policy or the inspector’s role. Counts only: no account, no choice.',
    params: MeetingPathSchema,
    responses: { 200: json('The figures.', VotesStatusSchema), ...errors(400, 403, 404) },
  },
  'GET /meetings/{meetingId}/votes/accounts/{accountId}': {
    tag: 'votes',
    summary: 'How a named holder voted: the account’s whole vote history (confidential voting)',
    description:
      'The inspector of election only: on AWS the route is IAM-authorized and only the inspector’s role may invoke ' +
      'it. Every submission with its channel, instant, source, choices and whether it counts (or why not); never a ' +
      'control number.',
    params: VoteAccountPathSchema,
    responses: { 200: json('The account’s history.', AccountVotesSchema), ...errors(400, 403, 404) },
  },
  'GET /meetings/{meetingId}/results': {
    tag: 'results',
    summary: 'The tally: quorum and each proposal by its standard, with the Form 8-K Item 5.07 text',
    description:
      'Operations (IAM-signed on AWS): the operators’ policy or the inspector’s role; preliminary tallies are ' +
      'confidential during the solicitation. Preliminary until the polls close, final after (`mode`). Counted from ' +
      'the stored votes, nominee reports and positions at each request.',
    params: MeetingPathSchema,
    query: ResultsQuerySchema,
    responses: {
      200: json('The tally, the 8-K text and whether the polls have closed.', ResultsSchema),
      409: json('`mode=final` before the polls close (the message names when they close).', ErrorSchema),
      ...errors(400, 403, 404),
    },
  },
  'GET /meetings/{meetingId}/results/page': {
    tag: 'results',
    summary: 'The results page: quorum, each result, and a chart of each proposal’s votes against its threshold',
    description:
      'As GET /meetings/{meetingId}/results, as HTML (no scripts): each chart is an SVG image with its figures in ' +
      'words, and a table under it gives the same figures.',
    params: MeetingPathSchema,
    query: ResultsQuerySchema,
    responses: {
      200: page('The page.'),
      400: page('The query at fault.'),
      403: page('Not authorized (AWS: an unsigned request, or a principal without the grant).'),
      404: SITE_404,
      409: page('`mode=final` before the polls close.'),
      500: SITE_500,
    },
  },
  'GET /meetings/{meetingId}/results/certificate': {
    tag: 'results',
    summary: 'The inspector of election’s report and certificate, printable (DGCL §231)',
    description:
      'The inspector’s role only (IAM-signed on AWS): it names the accounts whose proxies did not count, and why. ' +
      'Record date, shares outstanding and present, quorum, each result, every reconciliation, the signature lines.',
    params: MeetingPathSchema,
    query: ResultsQuerySchema,
    responses: {
      200: page('The certificate (print styles included).'),
      400: page('The query at fault.'),
      403: page('Not authorized (AWS: only the inspector’s role).'),
      404: SITE_404,
      409: page('`mode=final` before the polls close.'),
      500: SITE_500,
    },
  },
  'GET /materials/{meetingId}': {
    tag: 'materials site',
    summary: 'The meeting’s public materials page (Rule 14a-16(b)), with the request form',
    params: MeetingPathSchema,
    responses: { 200: page('The page.'), 404: SITE_404, 500: SITE_500 },
  },
  'GET /materials/{meetingId}/documents/{name}': {
    tag: 'materials site',
    summary: 'A posted document: a redirect to a short-lived link',
    params: DocumentPathSchema,
    responses: {
      302: { description: 'Redirect to the document.', headers: { location: 'A link valid for five minutes.' } },
      404: SITE_404,
      500: SITE_500,
    },
  },
  'POST /materials/{meetingId}/requests': {
    tag: 'materials site',
    summary: 'The materials page’s request form',
    description: 'Answers with a confirmation page, or the form again naming what was wrong (400, 403 or 429).',
    params: MeetingPathSchema,
    body: { mediaType: 'application/x-www-form-urlencoded', schema: StockholderRequestFormSchema },
    responses: {
      200: page('The confirmation, with the day the copy is sent by.'),
      400: page('The form again, naming the fields at fault.'),
      403: page('The form again: not accepted.'),
      404: SITE_404,
      429: page('The form again: too many refused attempts.'),
      500: SITE_500,
    },
  },
  'GET /vote/{meetingId}': {
    tag: 'voting page',
    summary: 'The stockholder’s voting page: the control-number form that opens the ballot',
    params: MeetingPathSchema,
    responses: { 200: page('The page.'), 404: SITE_404, 500: SITE_500 },
  },
  'POST /vote/{meetingId}/ballot': {
    tag: 'voting page',
    summary: 'The ballot of the account of a control number',
    description:
      'The holder’s name, record-date shares and every proposal with the board’s recommendation; the vote that ' +
      'counts now is marked. After the internet cut-off the page says so and takes no vote. POST, so that no ' +
      'control number sits in a URL or an access log.',
    params: MeetingPathSchema,
    body: { mediaType: 'application/x-www-form-urlencoded', schema: VotingPageStartFormSchema },
    responses: {
      200: page('The ballot (or, after the internet cut-off, that voting has closed).'),
      400: page('The form again, naming the control number’s fault.'),
      403: page('The form again: not accepted (the same refusal as the API’s).'),
      404: SITE_404,
      429: page('The form again: too many refused attempts.'),
      500: SITE_500,
    },
  },
  'POST /vote/{meetingId}/votes': {
    tag: 'voting page',
    summary: 'The marked ballot: a vote online (as POST /meetings/{meetingId}/votes)',
    description: 'Answers with the receipt page, or the ballot again with its marks, naming each proposal refused.',
    params: MeetingPathSchema,
    body: { mediaType: 'application/x-www-form-urlencoded', schema: VotingPageBallotFormSchema },
    responses: {
      200: page('The receipt: its id, the instant recorded in the issuer’s time zone and what was recorded.'),
      400: page('The ballot again, with its marks, naming the proposals refused (e.g. an over-vote).'),
      403: page('Not accepted (the control-number form again), or the internet cut-off has passed (named).'),
      404: SITE_404,
      409: page('The form again: other votes for the account arrived at once; try again.'),
      429: page('The form again: too many refused attempts.'),
      500: SITE_500,
    },
  },
  'GET /vote/{meetingId}/confirm': {
    tag: 'voting page',
    summary: 'Vote confirmation: the control-number form',
    params: MeetingPathSchema,
    responses: { 200: page('The page.'), 404: SITE_404, 500: SITE_500 },
  },
  'POST /vote/{meetingId}/confirm': {
    tag: 'voting page',
    summary:
      'Vote confirmation: the vote that counts now, or that none does (as POST /meetings/{meetingId}/votes/confirm)',
    params: MeetingPathSchema,
    body: { mediaType: 'application/x-www-form-urlencoded', schema: VotingPageStartFormSchema },
    responses: {
      200: page('The vote that counts now, whatever its channel, or that none does.'),
      400: page('The form again, naming the control number’s fault.'),
      403: page('The form again: not accepted.'),
      404: SITE_404,
      429: page('The form again: too many refused attempts.'),
      500: SITE_500,
    },
  },
  'POST /meetings/{meetingId}/distributions': {
    tag: 'distributions',
    summary: 'Start (or rehearse) a distribution of the proxy materials',
    description: 'The timing checks run first; a blocked schedule is refused (422) and recorded.',
    params: MeetingPathSchema,
    body: { mediaType: 'application/json', schema: DistributionBodySchema },
    responses: {
      202: json('Accepted: the plan job is queued; follow it with GET.', DistributionRequestResultSchema),
      422: json('Refused: a timing check failed and is not overridden.', DistributionRequestResultSchema),
      ...errors(400, 403, 404, 409),
    },
  },
  'GET /meetings/{meetingId}/distributions': {
    tag: 'distributions',
    summary: 'A meeting’s distribution runs: checks, figures, progress, counts',
    params: MeetingPathSchema,
    responses: { 200: json('The runs.', DistributionStatusSchema), ...errors(400, 403, 404) },
  },
  'GET /openapi.json': {
    tag: 'contract',
    summary: 'This document',
    responses: {
      200: json('The OpenAPI 3.1 document of the API.', z.record(z.string(), z.unknown())),
      ...errors(),
    },
  },
};
