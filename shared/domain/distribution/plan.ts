import { sha256Hex } from '../digest.js';
import type { PlainDate } from '../calendar/dates.js';
import type { PostalAddress, RegisteredRow } from '../holders/schema.js';
import type { HouseholdingEvents } from '../households/consent.js';
import { groupHouseholds } from '../households/group.js';
import type { Method } from './schedule.js';

export type Content = 'notice' | 'full-set';
export type Channel = 'email' | 'mail';

/** What planning needs of a registered holder (a stored holder). */
export interface PlanHolder extends Pick<
  RegisteredRow,
  | 'accountId'
  | 'name'
  | 'coOwner'
  | 'address'
  | 'addressKey'
  | 'email'
  | 'edeliveryConsent'
  | 'deliveryElection'
  | 'householdingConsent'
> {
  readonly householding?: HouseholdingEvents;
  /** A permanent election made by request: wins over the list's (Rule 14a-16(j)(4)). */
  readonly electedByRequest?: { readonly election: 'paper' | 'email'; readonly email?: string };
  /** An address that bounced or complained: not emailed again (the holder gets mail). */
  readonly emailUndeliverable?: { readonly email: string };
}

/** The holder as planning sees them: an election made by request replaces the list's election (and, for email, the address). */
function effective(h: PlanHolder): PlanHolder {
  const e = h.electedByRequest;
  const elected = e
    ? { ...h, deliveryElection: e.election, ...(e.election === 'email' && e.email ? { email: e.email } : {}) }
    : h;
  // An address that bounced or complained is not used again; a new address (a new list, a new election) is.
  if (
    elected.emailUndeliverable &&
    elected.email &&
    elected.emailUndeliverable.email.toLowerCase() === elected.email.toLowerCase()
  ) {
    return {
      ...elected,
      email: undefined,
      edeliveryConsent: false,
      deliveryElection: elected.deliveryElection === 'email' ? undefined : elected.deliveryElection,
    };
  }
  return elected;
}

/** What planning needs of a nominee (bank or broker). */
export interface PlanNominee {
  readonly dtcParticipant: string;
  readonly nomineeName: string;
  readonly setsRequested: number;
  readonly address: PostalAddress;
}

/** One delivery: an email to a holder, or a mail piece to a holder, a household or a nominee. */
export interface Piece {
  /** Deterministic: the same meeting, recipient and content always give the same id (sending is keyed by it). */
  readonly id: string;
  readonly channel: Channel;
  readonly content: Content;
  readonly recipient: 'holder' | 'household' | 'nominee';
  /** The accounts whose own proxy card (and control number) the piece carries; empty for a nominee. */
  readonly accounts: string[];
  readonly addressee: string[];
  readonly address?: PostalAddress;
  readonly email?: string;
  /** Nominees: the number of sets shipped for their beneficial owners (Rule 14a-13(a)). */
  readonly sets?: number;
}

export interface PlanFigures {
  readonly holders: number;
  readonly nominees: number;
  readonly pieces: number;
  readonly byChannelAndContent: Record<`${Channel}:${Content}`, number>;
  readonly households: number;
  readonly copiesSaved: number;
  readonly proxyCards: number;
  readonly nomineeSets: number;
}

export interface Plan {
  readonly meetingId: string;
  readonly method: Method;
  readonly pieces: Piece[];
  readonly figures: PlanFigures;
}

// Hex, not base64url: an id is a manifest cell, and one starting with "-" would be escaped against formula injection.
const pieceId = (meetingId: string, parts: string) => sha256Hex(`${meetingId}\u0000${parts}`, 32);

/**
 * What each registered holder gets, and how:
 * - content: the meeting's method; in `mixed`, a holder with a permanent paper or email election
 *   (Rule 14a-16(j)(4)) gets the full set that way, everyone else the Notice;
 * - channel: email when the holder consented to electronic delivery and has an address (and has
 *   not elected paper), else first-class mail;
 * - householding applies to mail: consenting holders at one address who get the same content
 *   share one piece (Rule 14a-3(e)(1)), which still carries every member's own proxy card.
 */
export function contentAndChannel(h: PlanHolder, method: Method): { content: Content; channel: Channel } {
  const electronic = h.edeliveryConsent && !!h.email && h.deliveryElection !== 'paper';
  if (method === 'full-set')
    return { content: 'full-set', channel: h.deliveryElection === 'email' || electronic ? 'email' : 'mail' };
  if (method === 'notice-only')
    return { content: 'notice', channel: electronic || h.deliveryElection === 'email' ? 'email' : 'mail' };
  if (h.deliveryElection === 'paper') return { content: 'full-set', channel: 'mail' };
  if (h.deliveryElection === 'email' && h.email) return { content: 'full-set', channel: 'email' };
  return { content: 'notice', channel: electronic ? 'email' : 'mail' };
}

/** Plans a meeting's distribution (pure): one piece per email holder, per mailed household or holder, per nominee. */
export function planDistribution(input: {
  readonly meetingId: string;
  readonly method: Method;
  readonly holders: Iterable<PlanHolder>;
  readonly nominees: Iterable<PlanNominee>;
  /** The day households are judged on (the send date). */
  readonly on: PlainDate;
}): Plan {
  const pieces: Piece[] = [];
  const mail: Record<Content, PlanHolder[]> = { notice: [], 'full-set': [] };
  let holders = 0;
  for (const listed of input.holders) {
    holders++;
    const h = effective(listed);
    const { content, channel } = contentAndChannel(h, input.method);
    if (channel === 'mail') {
      mail[content].push(h);
      continue;
    }
    pieces.push({
      id: pieceId(input.meetingId, `holder\u0000${h.accountId}\u0000${content}`),
      channel,
      content,
      recipient: 'holder',
      accounts: [h.accountId],
      addressee: [h.name],
      email: h.email,
    });
  }
  let households = 0;
  let copiesSaved = 0;
  for (const content of ['full-set', 'notice'] as const) {
    const { units, figures } = groupHouseholds(mail[content], input.on);
    households += figures.households;
    copiesSaved += figures.copiesSaved;
    for (const u of units) {
      pieces.push({
        id: pieceId(
          input.meetingId,
          `${u.householded ? 'household' : 'holder'}\u0000${u.accounts.join(',')}\u0000${content}`,
        ),
        channel: 'mail',
        content,
        recipient: u.householded ? 'household' : 'holder',
        accounts: u.accounts,
        addressee: u.addressee,
        address: u.address,
      });
    }
  }
  let nominees = 0;
  let nomineeSets = 0;
  const nomineeContent: Content = input.method === 'full-set' ? 'full-set' : 'notice';
  for (const n of input.nominees) {
    nominees++;
    if (n.setsRequested <= 0) continue;
    nomineeSets += n.setsRequested;
    pieces.push({
      id: pieceId(input.meetingId, `nominee\u0000${n.dtcParticipant}\u0000${nomineeContent}`),
      channel: 'mail',
      content: nomineeContent,
      recipient: 'nominee',
      accounts: [],
      addressee: [n.nomineeName, `DTC participant ${n.dtcParticipant}`],
      address: n.address,
      sets: n.setsRequested,
    });
  }
  const byChannelAndContent = {
    'email:notice': 0,
    'email:full-set': 0,
    'mail:notice': 0,
    'mail:full-set': 0,
  } as Record<`${Channel}:${Content}`, number>;
  for (const p of pieces) byChannelAndContent[`${p.channel}:${p.content}`]++;
  return {
    meetingId: input.meetingId,
    method: input.method,
    pieces,
    figures: {
      holders,
      nominees,
      pieces: pieces.length,
      byChannelAndContent,
      households,
      copiesSaved,
      proxyCards: pieces.reduce((n, p) => n + p.accounts.length, 0),
      nomineeSets,
    },
  };
}
