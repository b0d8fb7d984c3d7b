import { addBusinessDays } from '../calendar/business-days.js';
import { monthDayYear, parseDate } from '../calendar/dates.js';
import type { MeetingFile } from '../meetings/schema.js';
import type { ProposalResult, Tabulation } from './count.js';

/**
 * The Form 8-K Item 5.07 text, ready to paste into the filing (docs/tabulation.md "Form 8-K"). Pure: from the
 * tabulation and the meeting; the due date from the business-day calendar.
 */

export interface Form8kItem507 {
  readonly text: string;
  /** The last day to file: four business days after the meeting (YYYY-MM-DD). */
  readonly dueDate: string;
  readonly dueRule: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function longDate(iso: string): string {
  const d = parseDate(iso);
  if (!d) throw new RangeError(`not a date: ${iso}`);
  return monthDayYear(d);
}

/** A plain-text table: the first column left-aligned, the figures right-aligned, two spaces between. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return all.map(line);
}

function outcome(p: ProposalResult): string {
  switch (p.status) {
    case 'PASSED':
      return 'The proposal was approved.';
    case 'FAILED':
      return 'The proposal was not approved.';
    case 'CHOSEN':
      return `The frequency receiving the most votes was every ${p.choice!.toLowerCase()}.`;
    case 'TIED':
      return p.kind === 'election'
        ? 'The vote is tied at the last seat; the tie is not resolved by the count.'
        : 'The vote is tied; the tie is not resolved by the count.';
    case 'NO VOTES':
      return 'No votes were cast.';
    case 'NO QUORUM':
      return 'No action was taken: a quorum was not present.';
    case 'ELECTED':
    case 'NOT ELECTED': {
      const elected = p.elected ?? [];
      if (elected.length === 0) return 'No nominee was elected.';
      const names = elected.length === 1 ? elected[0]! : `${elected.slice(0, -1).join(', ')} and ${elected.at(-1)!}`;
      const unfilled = p.status === 'NOT ELECTED' ? `; ${p.seats! - elected.length} seat(s) were not filled` : '';
      return `${names} ${elected.length === 1 ? 'was' : 'were'} elected${unfilled}.`;
    }
  }
}

function proposalBlock(p: ProposalResult): string[] {
  const head = `Proposal ${p.number}: ${p.title}`;
  if (p.kind === 'election') {
    const plurality = p.standard === 'plurality-of-votes-cast';
    const header = plurality
      ? ['Nominee', 'For', 'Withheld', 'Broker Non-Votes']
      : ['Nominee', 'For', 'Against', 'Abstain', 'Broker Non-Votes'];
    const rows = (p.nominees ?? []).map((n) =>
      plurality
        ? [n.name, fmt(n.votes.for!), fmt(n.votes.withheld!), fmt(n.votes.brokerNonVotes!)]
        : [n.name, fmt(n.votes.for!), fmt(n.votes.against!), fmt(n.votes.abstain!), fmt(n.votes.brokerNonVotes!)],
    );
    return [head, '', ...table(header, rows), '', outcome(p)];
  }
  const v = p.votes!;
  if (p.kind === 'frequency') {
    const header = ['', '1 Year', '2 Years', '3 Years', 'Abstain', 'Broker Non-Votes'];
    const row = [
      'Votes',
      fmt(v.oneYear!),
      fmt(v.twoYears!),
      fmt(v.threeYears!),
      fmt(v.abstain!),
      fmt(v.brokerNonVotes!),
    ];
    return [
      head,
      '',
      ...table(header, [row]),
      '',
      outcome(p),
      // Item 5.07(d): the company's decision on frequency, here or by amendment within 150 days after the meeting.
      "The Company's decision as to how frequently it will hold the advisory vote: [to be completed by the Company].",
    ];
  }
  const header = ['', 'For', 'Against', 'Abstain', 'Broker Non-Votes'];
  const row = ['Votes', fmt(v.for!), fmt(v.against!), fmt(v.abstain!), fmt(v.brokerNonVotes!)];
  return [head, '', ...table(header, [row]), '', outcome(p)];
}

/**
 * Item 5.07 (a)–(b): the meeting, each matter with the votes for, against or withheld, abstentions and broker
 * non-votes, and each elected director's name. Preliminary results say so (Instruction 1 to Item 5.07: amend
 * within four business days after the final results are known).
 */
export function form8kItem507(tab: Tabulation, meeting: MeetingFile): Form8kItem507 {
  const m = meeting.meeting;
  const date = parseDate(m.date);
  if (!date) throw new RangeError(`meeting date is not a date: ${m.date}`);
  // Form 8-K General Instruction B.1: filed within four business days after the event (day one is the day after the meeting).
  const due = addBusinessDays(date, 4);
  const kindName =
    m.kind === 'annual' ? `${date.year} annual meeting of stockholders` : 'special meeting of stockholders';
  const short = m.kind === 'annual' ? 'Annual Meeting' : 'Special Meeting';
  const q = tab.quorum;
  const results = tab.mode === 'final' ? 'final voting results' : 'preliminary voting results';
  const intro =
    `On ${longDate(m.date)}, ${meeting.issuer.name} (the "Company") held its ${kindName} (the "${short}"). ` +
    `As of ${longDate(m.recordDate)}, the record date, ${fmt(m.sharesOutstanding)} shares of common stock were outstanding ` +
    `and entitled to vote. ${fmt(q.present)} shares were present ${m.virtualOnly ? 'virtually' : 'in person'} or by proxy, ` +
    (q.met ? 'constituting a quorum.' : `which did not constitute a quorum (${fmt(q.required)} shares required).`) +
    ` The matters voted upon and the ${results} are set out below.`;
  const lines = [
    'Item 5.07. Submission of Matters to a Vote of Security Holders.',
    '',
    intro,
    '',
    ...tab.proposals.flatMap((p) => [...proposalBlock(p), '']),
  ];
  if (tab.mode === 'preliminary')
    lines.push(
      'These results are preliminary. The Company will file an amendment to this Current Report on Form 8-K ' +
        'with the final results within four business days after they are known.',
      '',
    );
  return {
    text: lines.join('\n'),
    dueDate: due.toString(),
    dueRule: 'Form 8-K General Instruction B.1: within four business days after the meeting (Item 5.07)',
  };
}
