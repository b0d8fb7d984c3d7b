import { nomineeName, nomineeParty, proposalKind, type MeetingFile } from '../meetings/schema.js';
import { seatsOf, type Choice } from '../voting/ballot.js';
import {
  TALLY_COLUMNS,
  ZERO_TALLY,
  type Flag,
  type NomineeReport,
  type Position,
  type Reconciliation,
  type RegisteredVote,
  type Status,
  type Tally,
  type TallyColumn,
} from './model.js';
import { reconcileReport } from './reconcile.js';
import { latestReports } from './reports.js';

/**
 * The count (docs/tabulation.md): quorum, and each proposal by its vote standard. Pure and deterministic:
 * the same inputs give the same result, in the same order (canonicalJson makes it byte-identical).
 */

type Proposal = MeetingFile['proposals'][number];
type Standard = Proposal['voteStandard'];

/** A counting unit: a matter or frequency vote, or one director nominee of an election. */
interface Unit {
  readonly proposal: number;
  readonly director?: string;
}

function unitsOf(meeting: MeetingFile): Unit[] {
  return meeting.proposals.flatMap((p) =>
    proposalKind(p) === 'election'
      ? (p.nominees ?? []).map((n) => ({ proposal: p.number, director: nomineeName(n) }))
      : [{ proposal: p.number }],
  );
}

const unitKey = (u: Unit) => `${u.proposal}\u0000${u.director ?? ''}`;

const CHOICE_COLUMN: Readonly<Record<Choice, TallyColumn>> = {
  FOR: 'for',
  AGAINST: 'against',
  WITHHOLD: 'withheld',
  ABSTAIN: 'abstain',
  '1 YEAR': 'oneYear',
  '2 YEARS': 'twoYears',
  '3 YEARS': 'threeYears',
};

const toTally = (row: readonly number[]): Tally =>
  Object.fromEntries(TALLY_COLUMNS.map((c, i) => [c, row[i]!])) as unknown as Tally;

/** The registered side of the count, summed: accounts and shares present, and each unit's columns. */
export interface RegisteredTotals {
  readonly accounts: number;
  readonly shares: number;
  /** By unit key (proposal, director): the columns in TALLY_COLUMNS order. */
  readonly units: ReadonlyMap<string, Tally>;
}

/**
 * A running count of registered votes: add each counting vote once (memory does not grow with the number of
 * holders), then take the totals. Each account's shares are present (DGCL §216: present in person or by
 * proxy); on each unit they go to the column marked, or to presentNotVoting when the ballot marks nothing
 * there (including a returned proxy voting on nothing: present, no vote).
 */
export class RegisteredCount {
  private readonly units: Unit[];
  private readonly rows: number[][];
  private accounts = 0;
  private shares = 0;

  constructor(meeting: MeetingFile) {
    this.units = unitsOf(meeting);
    this.rows = this.units.map(() => TALLY_COLUMNS.map(() => 0));
  }

  add(vote: RegisteredVote): void {
    if (!Number.isSafeInteger(vote.shares) || vote.shares <= 0)
      throw new RangeError(`account ${vote.account}: shares must be a positive whole number, got ${vote.shares}`);
    this.accounts += 1;
    this.shares += vote.shares;
    const notVoting = TALLY_COLUMNS.indexOf('presentNotVoting');
    this.units.forEach((u, i) => {
      const marks = vote.ballot?.[String(u.proposal)];
      let choice: Choice | undefined;
      if (u.director !== undefined) choice = typeof marks === 'object' ? marks[u.director] : undefined;
      else choice = typeof marks === 'string' ? marks : undefined;
      const column = choice ? TALLY_COLUMNS.indexOf(CHOICE_COLUMN[choice]) : notVoting;
      this.rows[i]![column]! += vote.shares;
    });
  }

  totals(): RegisteredTotals {
    return {
      accounts: this.accounts,
      shares: this.shares,
      units: new Map(this.units.map((u, i) => [unitKey(u), toTally(this.rows[i]!)])),
    };
  }
}

/** Counts an iterable of registered votes (RegisteredCount in one call). */
export function countRegistered(meeting: MeetingFile, votes: Iterable<RegisteredVote>): RegisteredTotals {
  const count = new RegisteredCount(meeting);
  for (const v of votes) count.add(v);
  return count.totals();
}

export interface TabulationInput {
  readonly meeting: MeetingFile;
  /** preliminary: a running tally during the solicitation; final: after the polls close. */
  readonly mode: 'preliminary' | 'final';
  readonly registered: RegisteredTotals;
  /** Every nominee report received; only each participant's latest counts (latestReports). */
  readonly reports: readonly NomineeReport[];
  /** The DTC security position report; absent when not yet imported (nominee votes then count unreconciled). */
  readonly positions?: readonly Position[];
  /** The instant of the tally, passed in (never read from a clock); echoed in the result. */
  readonly asOf?: string;
}

export interface Threshold {
  /** The FOR shares needed to pass or be elected; null where no fixed number decides (plurality, frequency). */
  readonly shares: number | null;
  readonly rule: string;
}

export interface NomineeResult {
  readonly name: string;
  readonly party: string;
  readonly votes: Readonly<Record<string, number>>;
  readonly threshold: Threshold;
  readonly status: Status;
  readonly flags: readonly Flag[];
}

export interface ProposalResult {
  readonly number: number;
  readonly title: string;
  readonly kind: 'election' | 'matter' | 'frequency';
  readonly standard: Standard;
  /** NYSE Rule 452: a routine matter, on which brokers may vote uninstructed shares. */
  readonly routine: boolean;
  /** Matters and frequency votes: the columns that apply. */
  readonly votes?: Readonly<Record<string, number>>;
  readonly seats?: number;
  readonly nominees?: readonly NomineeResult[];
  readonly elected?: readonly string[];
  /** Frequency: the choice with the most votes (null on a tie or no votes). */
  readonly choice?: string | null;
  readonly threshold: Threshold;
  readonly status: Status;
  readonly flags: readonly Flag[];
}

export interface NomineeSummary {
  readonly participant: string;
  readonly nomineeName?: string;
  readonly receivedAt: string;
  /** Record-date position, or null when no position report was given. */
  readonly position: number | null;
  /** Shares it represents at the meeting after reconciliation. */
  readonly present: number;
}

export interface Tabulation {
  readonly meetingId: string;
  readonly issuer: string;
  readonly mode: 'preliminary' | 'final';
  readonly asOf?: string;
  readonly meetingDate: string;
  readonly recordDate: string;
  readonly sharesOutstanding: number;
  readonly quorum: {
    readonly fraction: string;
    readonly required: number;
    readonly present: number;
    readonly registeredPresent: number;
    readonly registeredAccounts: number;
    readonly streetPresent: number;
    readonly met: boolean;
  };
  readonly proposals: readonly ProposalResult[];
  readonly nominees: readonly NomineeSummary[];
  readonly reconciliations: readonly Reconciliation[];
  readonly flags: readonly Flag[];
}

const sortFlags = (flags: Flag[]): Flag[] =>
  flags.sort((a, b) => (a.code === b.code ? (a.message < b.message ? -1 : 1) : a.code < b.code ? -1 : 1));

const fmt = (n: number) => n.toLocaleString('en-US');

const pick = (t: Tally, columns: readonly TallyColumn[]): Record<string, number> =>
  Object.fromEntries(columns.map((c) => [c, t[c]]));

const MATTER_COLUMNS: readonly TallyColumn[] = ['for', 'against', 'abstain', 'brokerNonVotes', 'presentNotVoting'];
const PLURALITY_COLUMNS: readonly TallyColumn[] = ['for', 'withheld', 'brokerNonVotes', 'presentNotVoting'];
const FREQUENCY_COLUMNS: readonly TallyColumn[] = [
  'oneYear',
  'twoYears',
  'threeYears',
  'abstain',
  'brokerNonVotes',
  'presentNotVoting',
];

/**
 * Shares present and entitled to vote on a unit: every registered share present, and each nominee's votes and
 * abstentions on it; broker non-votes are not (Licht v. StorageTek, Del. Ch. 2005).
 */
export const presentAndEntitled = (t: Tally): number =>
  t.for + t.against + t.withheld + t.abstain + t.oneYear + t.twoYears + t.threeYears + t.presentNotVoting;

/**
 * One unit by a majority-type standard: the FOR shares needed and whether FOR reached them. Exact integer
 * comparisons (BigInt), no share fraction rounded up.
 */
export function decideMajority(
  standard: Exclude<Standard, 'plurality-of-votes-cast'>,
  t: Tally,
  sharesOutstanding: number,
): { threshold: Threshold; passed: boolean } {
  const FOR = BigInt(t.for);
  const out = BigInt(sharesOutstanding);
  switch (standard) {
    case 'majority-of-votes-cast':
      // DGCL §216(2) as the charter/bylaws set it; §242(d)(1)–(2) for a listed class's split or authorized-share increase: FOR > AGAINST.
      return {
        threshold: {
          shares: t.against + 1,
          rule: 'FOR > AGAINST (majority of votes cast); abstentions and broker non-votes have no effect',
        },
        passed: t.for > t.against,
      };
    case 'majority-of-voting-power-present': {
      // DGCL §216(2): majority of shares present and entitled; abstentions count against, broker non-votes do not (Licht v. StorageTek).
      const entitled = presentAndEntitled(t);
      return {
        threshold: {
          shares: Math.floor(entitled / 2) + 1,
          rule: `FOR > half of the ${fmt(entitled)} shares present and entitled to vote (abstentions count against; broker non-votes have no effect)`,
        },
        passed: FOR * 2n > BigInt(entitled),
      };
    }
    case 'majority-of-outstanding':
      // DGCL §242(b)(1) style: a majority of the outstanding stock entitled to vote: FOR × 2 > outstanding.
      return {
        threshold: {
          shares: Math.floor(sharesOutstanding / 2) + 1,
          rule: `FOR > half of the ${fmt(sharesOutstanding)} shares outstanding (abstentions and broker non-votes count against in effect)`,
        },
        passed: FOR * 2n > out,
      };
    case 'two-thirds-of-outstanding': {
      // Charter (the seed's proposal 6: at least 66-2/3% of outstanding): FOR × 3 ≥ 2 × outstanding, exactly; the threshold is ⌈2 × outstanding / 3⌉.
      const needed = (2n * out + 2n) / 3n;
      return {
        threshold: {
          shares: Number(needed),
          rule: `FOR ≥ two thirds of the ${fmt(sharesOutstanding)} shares outstanding (abstentions and broker non-votes count against in effect)`,
        },
        passed: FOR * 3n >= 2n * out,
      };
    }
  }
}

/** What each standard makes of abstentions and broker non-votes (docs/rules.md "Vote standards"). */
const EFFECTS: Readonly<Record<Standard, { abstention: string; brokerNonVote: string }>> = {
  'plurality-of-votes-cast': { abstention: 'no-effect', brokerNonVote: 'no-effect' },
  'majority-of-votes-cast': { abstention: 'no-effect', brokerNonVote: 'no-effect' },
  'majority-of-voting-power-present': { abstention: 'counts-against', brokerNonVote: 'no-effect' },
  'majority-of-outstanding': { abstention: 'counts-against', brokerNonVote: 'counts-against' },
  'two-thirds-of-outstanding': { abstention: 'counts-against', brokerNonVote: 'counts-against' },
};

function effectFlags(p: Proposal): Flag[] {
  if (proposalKind(p) === 'frequency') return [];
  const expected = EFFECTS[p.voteStandard];
  const flags: Flag[] = [];
  const abstentionOk =
    p.abstentionEffect === expected.abstention ||
    (p.abstentionEffect === 'not-applicable' && p.voteStandard === 'plurality-of-votes-cast');
  if (!abstentionOk)
    flags.push({
      code: 'EFFECT_MISMATCH',
      message: `the meeting file says abstentions: ${p.abstentionEffect}; under ${p.voteStandard} they are ${expected.abstention}; counted by the standard`,
    });
  const bnvOk =
    p.brokerNonVoteEffect === expected.brokerNonVote ||
    (p.brokerNonVoteEffect === 'not-applicable' && p.brokerDiscretionary);
  if (!bnvOk)
    flags.push({
      code: 'EFFECT_MISMATCH',
      message:
        `the meeting file says broker non-votes: ${p.brokerNonVoteEffect}; ` +
        `under ${p.voteStandard} they are ${expected.brokerNonVote}; counted by the standard`,
    });
  return flags;
}

/** The resignation-policy flag: a director with more WITHHOLD or AGAINST votes than FOR (majority-voting policies). */
function resignationFlags(t: Tally): Flag[] {
  if (t.withheld > t.for)
    return [
      {
        code: 'MAJORITY_WITHHELD',
        message: `WITHHOLD ${fmt(t.withheld)} > FOR ${fmt(t.for)}: a majority-voting resignation policy applies`,
      },
    ];
  if (t.against > t.for)
    return [
      {
        code: 'MAJORITY_WITHHELD',
        message: `AGAINST ${fmt(t.against)} > FOR ${fmt(t.for)}: a majority-voting resignation policy applies`,
      },
    ];
  return [];
}

function electionResult(
  p: Proposal,
  tallies: ReadonlyMap<string, Tally>,
  outstanding: number,
): Omit<ProposalResult, 'flags' | 'routine' | 'number' | 'title' | 'kind' | 'standard'> & { flags: Flag[] } {
  const seats = seatsOf(p);
  const names = (p.nominees ?? []).map((n) => ({ name: nomineeName(n), party: nomineeParty(n) }));
  const tallyOf = (name: string) => tallies.get(unitKey({ proposal: p.number, director: name })) ?? ZERO_TALLY;
  const flags: Flag[] = [];
  let nominees: NomineeResult[];
  if (p.voteStandard === 'plurality-of-votes-cast') {
    // DGCL §216(3): directors are elected by a plurality of the votes of the shares present and entitled to vote: the top `seats` by FOR.
    const ranked = names.map((n) => tallyOf(n.name).for).sort((a, b) => b - a);
    const cut = ranked.length > seats ? ranked[seats - 1]! : undefined;
    const tie = cut !== undefined && cut > 0 && ranked[seats] === cut;
    if (tie)
      flags.push({
        code: 'TIE_AT_CUT',
        message:
          `${ranked.filter((v) => v === cut).length} nominees have ${fmt(cut)} FOR votes at the last of ${seats} seats: ` +
          'the tie is not broken by the count',
      });
    nominees = names.map(({ name, party }) => {
      const t = tallyOf(name);
      let status: Status;
      if (t.for === 0) status = 'NOT ELECTED';
      else if (cut === undefined) status = 'ELECTED';
      else if (tie && t.for === cut) status = 'TIED';
      else status = t.for >= cut ? 'ELECTED' : 'NOT ELECTED';
      return {
        name,
        party,
        votes: pick(t, PLURALITY_COLUMNS),
        threshold: { shares: null, rule: `among the ${seats} with the most FOR votes` },
        status,
        flags: resignationFlags(t),
      };
    });
  } else {
    nominees = names.map(({ name, party }) => {
      const t = tallyOf(name);
      const d = decideMajority(p.voteStandard as Exclude<Standard, 'plurality-of-votes-cast'>, t, outstanding);
      return {
        name,
        party,
        votes: pick(t, MATTER_COLUMNS),
        threshold: d.threshold,
        status: d.passed ? 'ELECTED' : 'NOT ELECTED',
        flags: resignationFlags(t),
      };
    });
  }
  const elected = nominees.filter((n) => n.status === 'ELECTED').map((n) => n.name);
  // A majority standard can elect more than the seats only if the file is wrong; more elected than seats is flagged.
  if (elected.length > seats)
    flags.push({
      code: 'SEATS_EXCEEDED',
      message: `${elected.length} nominees reached the standard for ${seats} seats`,
    });
  const tied = nominees.some((n) => n.status === 'TIED');
  if (!tied && elected.length < seats)
    flags.push({ code: 'SEATS_UNFILLED', message: `${elected.length} of ${seats} seats filled` });
  return {
    seats,
    nominees,
    elected,
    threshold:
      p.voteStandard === 'plurality-of-votes-cast'
        ? {
            shares: null,
            rule: `the ${seats} nominees with the most FOR votes (plurality of votes cast); WITHHOLD and broker non-votes have no effect`,
          }
        : { shares: null, rule: `each nominee by ${p.voteStandard}` },
    status: tied ? 'TIED' : elected.length >= seats ? 'ELECTED' : 'NOT ELECTED',
    flags,
  };
}

function frequencyResult(t: Tally): { choice: string | null; status: Status; flags: Flag[] } {
  // Rule 14a-21(b) and Item 5.07(d): the frequency with the most votes (the company then states its decision).
  const options = [
    ['1 YEAR', t.oneYear],
    ['2 YEARS', t.twoYears],
    ['3 YEARS', t.threeYears],
  ] as const;
  const most = Math.max(...options.map(([, v]) => v));
  if (most === 0) return { choice: null, status: 'NO VOTES', flags: [] };
  const top = options.filter(([, v]) => v === most).map(([c]) => c);
  if (top.length > 1)
    return {
      choice: null,
      status: 'TIED',
      flags: [
        { code: 'TIE', message: `${top.join(' and ')} tie at ${fmt(most)} votes: the tie is not broken by the count` },
      ],
    };
  return { choice: top[0]!, status: 'CHOSEN', flags: [] };
}

/**
 * The tally: reconciles each participant's latest nominee report to its position, applies NYSE Rule 452 to
 * brokers' discretionary votes, adds the registered totals, decides quorum and each proposal by its standard.
 */
export function tabulate(input: TabulationInput): Tabulation {
  const { meeting } = input;
  const m = meeting.meeting;
  const flags: Flag[] = [];
  const positions = input.positions ? new Map(input.positions.map((p) => [p.participant, p])) : undefined;
  if (!positions && input.reports.length)
    flags.push({
      code: 'POSITIONS_MISSING',
      message: 'no DTC security position report: nominee votes are counted as reported, not reconciled',
    });

  const proposalsByNumber = new Map(meeting.proposals.map((p) => [p.number, p]));
  const sums = new Map<string, number[]>();
  for (const [key, t] of input.registered.units)
    sums.set(
      key,
      TALLY_COLUMNS.map((c) => t[c]),
    );
  const discretionaryOnNonRoutine = new Map<number, number>();
  const bnvOnRoutine = new Map<number, number>();
  const nominees: NomineeSummary[] = [];
  const reconciliations: Reconciliation[] = [];
  let streetPresent = 0;

  for (const report of latestReports(input.reports)) {
    const r = reconcileReport(report, positions);
    reconciliations.push(...r.reconciliations);
    streetPresent += r.present;
    if (positions && !r.inPositions)
      flags.push({
        code: 'NO_POSITION',
        message: `participant ${report.participant} reported votes but is not in the DTC security position report: none counted`,
      });
    nominees.push({
      participant: report.participant,
      ...(report.nomineeName ? { nomineeName: report.nomineeName } : {}),
      receivedAt: report.receivedAt,
      position: positions ? (positions.get(report.participant)?.shares ?? 0) : null,
      present: r.present,
    });
    for (const l of r.lines) {
      const p = proposalsByNumber.get(l.proposal);
      if (!p) continue;
      const key = unitKey(l);
      const row = sums.get(key) ?? TALLY_COLUMNS.map(() => 0);
      sums.set(key, row);
      TALLY_COLUMNS.forEach((c, i) => (row[i]! += l.votes[c]));
      const discretionary = l.discretionary.for + l.discretionary.against + l.discretionary.abstain;
      if (p.brokerDiscretionary) {
        // NYSE Rule 452: on a routine matter a broker may vote uninstructed shares; they count as votes.
        row[TALLY_COLUMNS.indexOf('for')]! += l.discretionary.for;
        row[TALLY_COLUMNS.indexOf('against')]! += l.discretionary.against;
        row[TALLY_COLUMNS.indexOf('abstain')]! += l.discretionary.abstain;
        if (l.votes.brokerNonVotes)
          bnvOnRoutine.set(p.number, (bnvOnRoutine.get(p.number) ?? 0) + l.votes.brokerNonVotes);
      } else if (discretionary) {
        // NYSE Rule 452: no discretionary vote on a non-routine matter: the uninstructed shares are broker non-votes.
        row[TALLY_COLUMNS.indexOf('brokerNonVotes')]! += discretionary;
        discretionaryOnNonRoutine.set(p.number, (discretionaryOnNonRoutine.get(p.number) ?? 0) + discretionary);
      }
    }
  }

  const present = input.registered.shares + streetPresent;
  // DGCL §216(1): quorum is the shares present in person or by proxy against the charter/bylaw figure (the file's fraction of outstanding, rounded up).
  const met = present >= m.quorum.shares;
  if (!met)
    flags.push({
      code: 'NO_QUORUM',
      message: `${fmt(present)} shares present; a quorum needs ${fmt(m.quorum.shares)} (DGCL §216)`,
    });
  if (present > m.sharesOutstanding)
    flags.push({
      code: 'PRESENT_EXCEEDS_OUTSTANDING',
      message: `${fmt(present)} shares present exceed the ${fmt(m.sharesOutstanding)} outstanding: check the lists`,
    });

  const tallies = new Map([...sums].map(([k, row]) => [k, toTally(row)]));
  const noQuorum = input.mode === 'final' && !met;
  const proposals = meeting.proposals.map((p): ProposalResult => {
    const kind = proposalKind(p);
    const pflags: Flag[] = effectFlags(p);
    const d = discretionaryOnNonRoutine.get(p.number);
    if (d)
      pflags.push({
        code: 'NYSE_452',
        message: `${fmt(d)} uninstructed shares voted by brokers on a non-routine proposal are counted as broker non-votes (NYSE Rule 452)`,
      });
    const b = bnvOnRoutine.get(p.number);
    if (b)
      pflags.push({
        code: 'BROKER_NON_VOTES_ON_ROUTINE',
        message: `${fmt(b)} broker non-votes reported on a routine proposal (NYSE Rule 452 lets brokers vote them); counted as broker non-votes`,
      });
    const base = { number: p.number, title: p.title, kind, standard: p.voteStandard, routine: p.brokerDiscretionary };
    let result: ProposalResult;
    if (kind === 'election') {
      const e = electionResult(p, tallies, m.sharesOutstanding);
      result = { ...base, ...e, flags: [...pflags, ...e.flags] };
    } else {
      const t = tallies.get(unitKey({ proposal: p.number })) ?? ZERO_TALLY;
      if (kind === 'frequency') {
        const f = frequencyResult(t);
        result = {
          ...base,
          votes: pick(t, FREQUENCY_COLUMNS),
          choice: f.choice,
          threshold: {
            shares: null,
            rule: 'the frequency with the most votes; abstentions and broker non-votes have no effect',
          },
          status: f.status,
          flags: [...pflags, ...f.flags],
        };
      } else if (p.voteStandard === 'plurality-of-votes-cast') {
        // A matter under plurality (unusual): decided as votes cast, FOR > AGAINST, and flagged.
        const dm = decideMajority('majority-of-votes-cast', t, m.sharesOutstanding);
        pflags.push({
          code: 'PLURALITY_MATTER',
          message: 'plurality applies to elections; this matter is decided by FOR > AGAINST',
        });
        result = {
          ...base,
          votes: pick(t, MATTER_COLUMNS),
          threshold: dm.threshold,
          status: dm.passed ? 'PASSED' : 'FAILED',
          flags: pflags,
        };
      } else {
        const dm = decideMajority(p.voteStandard, t, m.sharesOutstanding);
        result = {
          ...base,
          votes: pick(t, MATTER_COLUMNS),
          threshold: dm.threshold,
          status: dm.passed ? 'PASSED' : 'FAILED',
          flags: pflags,
        };
      }
    }
    if (noQuorum) {
      // DGCL §216: without a quorum no matter is acted on.
      return {
        ...result,
        status: 'NO QUORUM',
        ...(result.nominees
          ? { nominees: result.nominees.map((n) => ({ ...n, status: 'NO QUORUM' as const })), elected: [] }
          : {}),
        ...(result.choice !== undefined ? { choice: null } : {}),
        flags: sortFlags([...result.flags]),
      };
    }
    return { ...result, flags: sortFlags([...result.flags]) };
  });

  reconciliations.sort(
    (a, b) =>
      (a.participant < b.participant ? -1 : a.participant > b.participant ? 1 : 0) ||
      a.proposal - b.proposal ||
      ((a.director ?? '') < (b.director ?? '') ? -1 : (a.director ?? '') > (b.director ?? '') ? 1 : 0),
  );
  return {
    meetingId: meeting.id,
    issuer: meeting.issuer.name,
    mode: input.mode,
    ...(input.asOf ? { asOf: input.asOf } : {}),
    meetingDate: m.date,
    recordDate: m.recordDate,
    sharesOutstanding: m.sharesOutstanding,
    quorum: {
      fraction: m.quorum.fraction,
      required: m.quorum.shares,
      present,
      registeredPresent: input.registered.shares,
      registeredAccounts: input.registered.accounts,
      streetPresent,
      met,
    },
    proposals,
    nominees,
    reconciliations,
    flags: sortFlags(flags),
  };
}
