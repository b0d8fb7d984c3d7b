import { InvalidInputError } from '../errors.js';
import { isIsoDate } from '../calendar/dates.js';
import { BOARD_PARTY, nomineeName, nomineeParty, proposalKind, type MeetingFile } from '../meetings/schema.js';
import { checkBallot, seatsOf, type Choice, type MarkedBallot } from './ballot.js';

/**
 * A mailed proxy card as the scanner reads it, and what it counts for (docs/voting.md). Pure.
 */

export interface Card {
  /** Whose card it is: the board's (default) or a dissident's, named as on its nominees (Rule 14a-19). */
  readonly party?: string;
  readonly signed: boolean;
  /** The date written on the card, YYYY-MM-DD; absent if undated. */
  readonly date?: string;
  /** The marks, in the API's ballot shape; proposals left unmarked are absent. */
  readonly marks: Readonly<Record<string, unknown>>;
}

export interface CardOutcome {
  readonly proposal: number;
  /** marked: the holder's marks count; card: the card's printed recommendation counts; none: no vote. */
  readonly counted: 'marked' | 'card' | 'none';
  readonly reason: string;
}

export type CardReading =
  | { readonly valid: false; readonly reason: string }
  | {
      readonly valid: true;
      readonly party: string;
      /** What the card votes, proposal by proposal (proposals with no vote are absent). */
      readonly votes: MarkedBallot;
      readonly outcomes: readonly CardOutcome[];
    };

type Proposal = MeetingFile['proposals'][number];

/** What the card's party recommends on a proposal: a choice, or for an election the nominees it recommends FOR. */
function cardRecommendation(meeting: MeetingFile, party: string, p: Proposal): Choice | readonly string[] | undefined {
  const election = proposalKind(p) === 'election';
  if (party === BOARD_PARTY) {
    if (p.boardRecommendation === 'NONE') return undefined;
    if (!election) return p.boardRecommendation;
    if (p.boardRecommendation !== 'FOR') return undefined;
    return (p.nominees ?? []).filter((n) => nomineeParty(n) === BOARD_PARTY).map(nomineeName);
  }
  const printed = meeting.voting?.partyCards?.find((c) => c.party === party)?.recommendations[String(p.number)];
  if (printed !== undefined && (typeof printed !== 'string') === election) return printed;
  // A dissident's card recommends its own nominees unless its printed recommendations say otherwise (practice).
  return election ? (p.nominees ?? []).filter((n) => nomineeParty(n) === party).map(nomineeName) : undefined;
}

/**
 * Reads one card. An unsigned card is not a valid proxy (practice; docs/rules.md, Rule 14a-19(e)). On a
 * signed card each proposal counts on its own: marked, as marked; unmarked, as the card's party recommends
 * (Rule 14a-4(b)(1): the card says how unmarked proposals are voted; in a contest, the returning party's card);
 * more FOR marks than seats counts no director vote while the rest of the card counts (SEC C&DI 139.07).
 * A card whose marks the meeting does not offer (an unknown proposal, nominee or choice) is refused as a bad row.
 */
export function readCard(meeting: MeetingFile, card: Card): CardReading {
  const party = card.party ?? BOARD_PARTY;
  const parties = new Set([BOARD_PARTY, ...(meeting.voting?.partyCards ?? []).map((c) => c.party)]);
  for (const p of meeting.proposals) for (const n of p.nominees ?? []) parties.add(nomineeParty(n));
  if (!parties.has(party))
    throw new InvalidInputError([
      { field: 'party', message: `no party ${JSON.stringify(party)} has a card at this meeting` },
    ]);
  if (card.date !== undefined && !isIsoDate(card.date))
    throw new InvalidInputError([{ field: 'date', message: 'must be a real date as YYYY-MM-DD' }]);
  // Practice (docs/rules.md, universal proxy card row): an unsigned card is not a proxy, whatever its marks say.
  if (!card.signed) return { valid: false, reason: 'unsigned: an unsigned card is not a valid proxy' };
  const marks = Object.keys(card.marks).length ? checkBallot(meeting, card.marks, 'mail') : {};

  const votes: Record<string, Choice | Readonly<Record<string, Choice>>> = {};
  const outcomes: CardOutcome[] = [];
  for (const p of meeting.proposals) {
    const key = String(p.number);
    const marked = marks[key];
    if (marked !== undefined) {
      const fors = typeof marked === 'string' ? 0 : Object.values(marked).filter((c) => c === 'FOR').length;
      // SEC C&DI 139.07: an over-voted card counts no vote for directors; the other proposals on it still count.
      if (fors > seatsOf(p)) {
        outcomes.push({
          proposal: p.number,
          counted: 'none',
          reason: `over-vote: ${fors} FOR marks for ${seatsOf(p)} seats; no director vote counts`,
        });
        continue;
      }
      votes[key] = marked;
      outcomes.push({ proposal: p.number, counted: 'marked', reason: 'voted as marked' });
      continue;
    }
    const rec = cardRecommendation(meeting, party, p);
    const whose = party === BOARD_PARTY ? "the board's" : `${party}'s`;
    if (rec === undefined || (typeof rec !== 'string' && rec.length === 0)) {
      outcomes.push({
        proposal: p.number,
        counted: 'none',
        reason: `unmarked, and ${whose} card makes no recommendation`,
      });
      continue;
    }
    // Rule 14a-4(b)(1): a signed card left unmarked is voted as the card states, its party's recommendation.
    votes[key] = typeof rec === 'string' ? rec : Object.fromEntries(rec.map((n) => [n, 'FOR' as const]));
    outcomes.push({
      proposal: p.number,
      counted: 'card',
      reason: `unmarked: voted as ${whose} card recommends (${typeof rec === 'string' ? rec : `FOR ${rec.join(', ')}`})`,
    });
  }
  return { valid: true, party, votes, outcomes };
}
