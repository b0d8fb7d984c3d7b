import { z } from 'zod';
import { parseDate, daysBetween } from '../calendar/dates.js';
import { BylawParamsSchema, IsoDate, LocalTime, TimeZone, DEFAULT_CLOSE_OF_BUSINESS } from '../deadlines/schema.js';

/**
 * The meeting file: one issuer and one meeting, as data. Validated with zod; a bad file is refused
 * with every wrong field named. Documented in docs/meeting-file.md.
 */

/** A meeting id: 3–63 lowercase letters, digits or hyphens, starting with a letter or digit. */
export const MEETING_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;

const MeetingId = z
  .string()
  .regex(MEETING_ID_PATTERN, 'must be 3–63 lowercase letters, digits or hyphens, e.g. sonim-2024');

const Address = z.object({
  lines: z.array(z.string().trim().min(1)).min(1, 'needs at least one street line').max(3),
  city: z.string().trim().min(1),
  state: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter US state code'),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'must be a US ZIP code (12345 or 12345-6789)'),
});

const Phone = z
  .string()
  .trim()
  .regex(/^(1-)?\d{3}-\d{3}-\d{4}$/, 'must be a US phone number like 1-866-451-4349 or 800-937-5449');

const Url = z.url({ message: 'must be a full URL starting with https://' });

const Fraction = z
  .string()
  .regex(/^[1-9]\d*\/[1-9]\d*$/, 'must be a fraction like 1/3 or 1/2')
  .refine((f) => {
    const [n, d] = f.split('/').map(Number);
    return n! <= d!;
  }, 'must not exceed 1');

const VoteStandard = z.enum([
  'plurality-of-votes-cast',
  'majority-of-votes-cast',
  'majority-of-voting-power-present',
  'majority-of-outstanding',
  'two-thirds-of-outstanding',
]);

const Effect = z.enum(['no-effect', 'counts-against', 'not-applicable']);

/** A say-on-frequency proposal's options (Rule 14a-21(b)): every 1, 2 or 3 years, or abstain. */
export const FREQUENCY_CHOICES = ['1 YEAR', '2 YEARS', '3 YEARS', 'ABSTAIN'] as const;

const Choice = z.enum(['FOR', 'WITHHOLD', 'AGAINST', 'ABSTAIN', '1 YEAR', '2 YEARS', '3 YEARS']);

/** The party a director nominee stands for: the board's slate, or a dissident named as in its notice (Rule 14a-19). */
export const BOARD_PARTY = 'board';

/** A nominee: a plain name (the board's), or a name with its party. */
const NomineeEntry = z.union([
  z.string().trim().min(1),
  z.object({ name: z.string().trim().min(1), party: z.string().trim().min(1).default(BOARD_PARTY) }),
]);

export type NomineeEntry = z.output<typeof NomineeEntry>;

/** A nominee's name, whether the file gives a plain name or a name with its party. */
export const nomineeName = (n: NomineeEntry): string => (typeof n === 'string' ? n : n.name);

/** A nominee's party: plain names are the board's. */
export const nomineeParty = (n: NomineeEntry): string => (typeof n === 'string' ? BOARD_PARTY : n.party);

export const ProposalSchema = z.object({
  number: z.number().int().positive(),
  title: z.string().trim().min(3),
  /** Absent: an election when the proposal lists nominees, otherwise a matter voted FOR/AGAINST/ABSTAIN. */
  kind: z.enum(['election', 'matter', 'frequency']).optional(),
  boardRecommendation: z.enum(['FOR', 'AGAINST', 'ABSTAIN', 'NONE', '1 YEAR', '2 YEARS', '3 YEARS']),
  voteStandard: VoteStandard,
  /** Options a holder can mark (FOR/WITHHOLD for directors; FOR/AGAINST/ABSTAIN otherwise; 1/2/3 YEARS/ABSTAIN on frequency). */
  choices: z.array(Choice).min(2),
  /** NYSE Rule 452: may a broker vote uninstructed shares on it? */
  brokerDiscretionary: z.boolean(),
  abstentionEffect: Effect,
  brokerNonVoteEffect: Effect,
  nominees: z.array(NomineeEntry).optional(),
  /** Director seats up for election (the most FOR votes a holder may give); absent = the number of nominees. */
  seats: z.number().int().positive().optional(),
});

/** An issuer-local wall-clock date-time, "YYYY-MM-DDTHH:MM", read in the issuer's time zone. */
export const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

const LocalDateTime = z
  .string()
  .trim()
  .refine((s) => LOCAL_DATE_TIME.test(s) && parseDate(s.slice(0, 10)) !== undefined, {
    message: 'must be an issuer-local date and time as YYYY-MM-DDTHH:MM',
  });

/** A dissident's own card: what it recommends, for its signed cards returned with no marks. */
const PartyCard = z.object({
  party: z.string().trim().min(1),
  /** Proposal number → the card's printed recommendation; for an election, the nominees it recommends FOR. */
  recommendations: z.record(z.string().regex(/^[1-9]\d*$/), z.union([Choice, z.array(z.string().trim().min(1))])),
});

/**
 * Voting: when each channel closes, as issuer-local date-times (docs/voting.md). Mailed cards count
 * until the polls close (the meeting's start time) unless a cut-off is given.
 */
export const VotingSchema = z.object({
  cutoffs: z.object({
    internet: LocalDateTime.optional(),
    phone: LocalDateTime.optional(),
    mail: LocalDateTime.optional(),
  }),
  /** The internet/phone cut-off printed on the card when it differs from the statement's (the statement governs). */
  cardPrintedCutoff: LocalDateTime.optional(),
  /**
   * When the polls close (announced by the chair during the meeting), issuer-local. Absent: at the meeting's start,
   * which leaves no time for ballots cast at the meeting; set it for a meeting where holders vote during it.
   */
  pollsClose: LocalDateTime.optional(),
  /** Dissidents' cards in a contested election (Rule 14a-19); the board's card follows boardRecommendation. */
  partyCards: z.array(PartyCard).optional(),
});

export const MeetingFileSchema = z
  .object({
    id: MeetingId,
    issuer: z.object({
      name: z.string().trim().min(2),
      stateOfIncorporation: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code such as DE'),
      principalOffice: Address,
      timeZone: TimeZone,
      closeOfBusiness: LocalTime.default(DEFAULT_CLOSE_OF_BUSINESS),
      bylaws: BylawParamsSchema,
    }),
    meeting: z.object({
      kind: z.enum(['annual', 'special']),
      date: IsoDate,
      time: LocalTime,
      virtualOnly: z.boolean(),
      virtualUrl: Url.optional(),
      location: z.string().trim().min(3).optional(),
      recordDate: IsoDate,
      sharesOutstanding: z.number().int().positive(),
      quorum: z.object({ fraction: Fraction, shares: z.number().int().positive() }),
      /** The date the proxy materials are first released to holders ("on or about"). */
      materialsReleaseDate: IsoDate,
      delivery: z.enum(['full-set', 'notice-only', 'mixed']),
      /** The previous year's annual meeting date; null if there was none, absent if not recorded. */
      priorMeetingDate: IsoDate.nullable().optional(),
    }),
    proposals: z.array(ProposalSchema).min(1, 'a meeting needs at least one proposal'),
    contacts: z.object({
      tollFreePhone: Phone,
      email: z.email({ message: 'must be an email address' }).optional(),
      website: Url,
      votingWebsite: Url.optional(),
      votingPhone: Phone.optional(),
      transferAgentPhone: Phone.optional(),
      revocationAddress: z.string().trim().min(5).optional(),
    }),
    voting: VotingSchema.optional(),
  })
  .superRefine((file, ctx) => {
    const m = file.meeting;
    const meeting = parseDate(m.date);
    const record = parseDate(m.recordDate);
    const release = parseDate(m.materialsReleaseDate);
    const prior = m.priorMeetingDate ? parseDate(m.priorMeetingDate) : undefined;
    if (m.virtualOnly && !m.virtualUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['meeting', 'virtualUrl'],
        message: 'is required for a virtual-only meeting',
      });
    }
    const polls = file.voting?.pollsClose;
    // Issuer-local date-times of one day compare as text: the polls close on the meeting's day, not before it starts.
    if (polls && (polls.slice(0, 10) !== m.date || polls < `${m.date}T${m.time}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['voting', 'pollsClose'],
        message: `must be on the meeting's day (${m.date}), at or after its start (${m.time})`,
      });
    }
    if (!m.virtualOnly && !m.location) {
      ctx.addIssue({
        code: 'custom',
        path: ['meeting', 'location'],
        message: 'is required for a meeting held in person',
      });
    }
    if (meeting && record && file.issuer.stateOfIncorporation === 'DE') {
      const lead = daysBetween(record, meeting);
      // DGCL §213(a): record date not more than 60 nor less than 10 days before the meeting.
      if (lead > 60 || lead < 10) {
        ctx.addIssue({
          code: 'custom',
          path: ['meeting', 'recordDate'],
          message: `is ${lead} days before the meeting; DGCL §213(a) allows 10 to 60`,
        });
      }
    }
    if (meeting && release && daysBetween(release, meeting) < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['meeting', 'materialsReleaseDate'],
        message: 'must be before the meeting date',
      });
    }
    if (meeting && prior && daysBetween(prior, meeting) <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['meeting', 'priorMeetingDate'],
        message: 'must be before the meeting date',
      });
    }
    const [n, d] = m.quorum.fraction.split('/').map(Number);
    if (n && d) {
      const needed = Math.ceil((m.sharesOutstanding * n) / d);
      if (m.quorum.shares !== needed) {
        ctx.addIssue({
          code: 'custom',
          path: ['meeting', 'quorum', 'shares'],
          message:
            `must be ${needed.toLocaleString('en-US')} (${m.quorum.fraction} ` +
            `of ${m.sharesOutstanding.toLocaleString('en-US')} shares outstanding, rounded up)`,
        });
      }
    }
    // Rule 14a-16(d)(8): a Notice must give a toll-free number, an email address and a website for requests.
    if (file.meeting.delivery !== 'full-set' && !file.contacts.email) {
      ctx.addIssue({
        code: 'custom',
        path: ['contacts', 'email'],
        message: 'is required when notice-only delivery is used (Rule 14a-16(d)(8))',
      });
    }
    file.proposals.forEach((p, i) =>
      checkProposal(p, (path, message) => ctx.addIssue({ code: 'custom', path: ['proposals', i, ...path], message })),
    );
    checkVoting(file, (path, message) => ctx.addIssue({ code: 'custom', path: ['voting', ...path], message }));
    const numbers = file.proposals.map((p) => p.number);
    numbers.forEach((num, i) => {
      if (numbers.indexOf(num) !== i) {
        ctx.addIssue({ code: 'custom', path: ['proposals', i, 'number'], message: `duplicates proposal ${num}` });
      }
    });
  });

type Proposal = z.output<typeof ProposalSchema>;

/** A proposal's kind, said or implied: a proposal with nominees is an election. */
export const proposalKind = (p: Pick<Proposal, 'kind' | 'nominees'>): 'election' | 'matter' | 'frequency' =>
  p.kind ?? (p.nominees ? 'election' : 'matter');

function checkProposal(p: Proposal, issue: (path: PropertyKey[], message: string) => void): void {
  const kind = proposalKind(p);
  if (kind === 'election' && !p.nominees?.length) issue(['nominees'], 'an election needs at least one nominee');
  if (kind !== 'election' && p.nominees) issue(['nominees'], `only an election lists nominees (this is a ${kind})`);
  if (kind !== 'election' && p.seats !== undefined) issue(['seats'], 'only an election has seats');
  const names = (p.nominees ?? []).map(nomineeName);
  names.forEach((n, j) => {
    if (names.indexOf(n) !== j) issue(['nominees', j], `duplicates nominee ${n}`);
  });
  // Rule 14a-21(b): the frequency vote offers every 1, 2 or 3 years, or abstain.
  const frequency = kind === 'frequency';
  const offered = (c: string) => (FREQUENCY_CHOICES as readonly string[]).includes(c) && c !== 'ABSTAIN';
  p.choices.forEach((c, j) => {
    if (frequency !== offered(c) && c !== 'ABSTAIN')
      issue(['choices', j], frequency ? `${c} is not a frequency choice` : `${c} is only a frequency choice`);
  });
  if (frequency !== offered(p.boardRecommendation) && !['ABSTAIN', 'NONE'].includes(p.boardRecommendation))
    issue(['boardRecommendation'], `${p.boardRecommendation} does not fit a ${kind} proposal`);
}

function checkVoting(
  file: { meeting: { date: string; time: string }; proposals: Proposal[]; voting?: z.output<typeof VotingSchema> },
  issue: (path: PropertyKey[], message: string) => void,
): void {
  const v = file.voting;
  if (!v) return;
  const pollsClose = `${file.meeting.date}T${file.meeting.time}`;
  for (const [channel, at] of Object.entries(v.cutoffs)) {
    // DGCL §231(c): no proxy is accepted after the polls close (same zone and format: the text compares).
    if (at && at > pollsClose)
      issue(['cutoffs', channel], `is after the polls close (${pollsClose}, the meeting's start)`);
  }
  v.partyCards?.forEach((card, i) => {
    for (const [key, rec] of Object.entries(card.recommendations)) {
      const p = file.proposals.find((q) => q.number === Number(key));
      const path = ['partyCards', i, 'recommendations', key];
      if (!p) issue(path, `no proposal ${key}`);
      else if ((proposalKind(p) === 'election') !== Array.isArray(rec))
        issue(
          path,
          Array.isArray(rec) ? 'only an election takes a list of nominees' : 'an election takes a list of nominees',
        );
      else if (Array.isArray(rec)) {
        const names = (p.nominees ?? []).map(nomineeName);
        for (const n of rec) if (!names.includes(n)) issue(path, `no nominee ${n} in proposal ${key}`);
      }
    }
  });
}

export type MeetingFile = z.output<typeof MeetingFileSchema>;
export type MeetingFileInput = z.input<typeof MeetingFileSchema>;

/** A stored meeting: the file plus bookkeeping. */
export interface Meeting extends MeetingFile {
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface MeetingSummary {
  readonly id: string;
  readonly issuer: string;
  readonly kind: string;
  readonly date: string;
  readonly recordDate: string;
  readonly delivery: string;
}

export function summarize(m: MeetingFile): MeetingSummary {
  return {
    id: m.id,
    issuer: m.issuer.name,
    kind: m.meeting.kind,
    date: m.meeting.date,
    recordDate: m.meeting.recordDate,
    delivery: m.meeting.delivery,
  };
}
