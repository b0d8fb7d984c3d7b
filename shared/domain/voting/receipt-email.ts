import { Temporal, formatLocal } from '../calendar/dates.js';
import type { OutgoingEmail } from '../distribution/model.js';
import type { Holder } from '../holders/model.js';
import type { Meeting } from '../meetings/schema.js';
import type { MarkedBallot } from './ballot.js';

/**
 * The receipt of an online vote by email (docs/voting.md): the receipt id, the instant recorded and the
 * choices; never the control number. Pure: the caller sends it through the Mailer port.
 */

/** The account's email on file: an address elected by request wins over the list's; an address that bounced or complained is not used. */
export function emailOnFile(
  holder: Pick<Holder, 'email' | 'electedByRequest' | 'emailUndeliverable'>,
): string | undefined {
  const e = holder.electedByRequest;
  const email = e?.election === 'email' && e.email ? e.email : holder.email;
  if (!email) return undefined;
  if (holder.emailUndeliverable && holder.emailUndeliverable.email.toLowerCase() === email.toLowerCase())
    return undefined;
  return email;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One line per proposal in the meeting's order, and per nominee within an election: "Proposal 1 (…), Jane Doe: FOR". */
function choiceLines(meeting: Meeting, ballot: MarkedBallot): string[] {
  const lines: string[] = [];
  for (const p of meeting.proposals) {
    const marked = ballot[String(p.number)];
    if (marked === undefined) continue;
    const label = `Proposal ${p.number} (${p.title})`;
    if (typeof marked === 'string') lines.push(`${label}: ${marked}`);
    else for (const [nominee, choice] of Object.entries(marked)) lines.push(`${label}, ${nominee}: ${choice}`);
  }
  return lines;
}

export function voteReceiptEmail(
  meeting: Meeting,
  vote: { readonly receiptId: string; readonly recordedAt: string; readonly ballot: MarkedBallot },
  to: string,
): OutgoingEmail {
  const local = formatLocal(Temporal.Instant.from(vote.recordedAt).toZonedDateTimeISO(meeting.issuer.timeZone));
  const lines = choiceLines(meeting, vote.ballot);
  const intro = `Your vote for the ${meeting.issuer.name} ${meeting.meeting.kind} meeting of stockholders on ${meeting.meeting.date} was recorded.`;
  const facts = [`Receipt id: ${vote.receiptId}`, `Recorded: ${local} (${vote.recordedAt})`];
  const outro =
    'You can change your vote until the cut-off, and check how it was recorded, with the control number on your Notice or proxy card.';
  return {
    meetingId: meeting.id,
    pieceId: `vote-${vote.receiptId}`,
    to,
    subject: `${meeting.issuer.name}: your vote was recorded (receipt ${vote.receiptId})`,
    text: [intro, '', ...facts, '', 'Your choices:', ...lines.map((l) => `- ${l}`), '', outro, ''].join('\n'),
    html: [
      `<p>${escapeHtml(intro)}</p>`,
      `<p>${facts.map(escapeHtml).join('<br>')}</p>`,
      '<p>Your choices:</p>',
      `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
      `<p>${escapeHtml(outro)}</p>`,
    ].join('\n'),
  };
}
