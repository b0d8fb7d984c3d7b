import type { MeetingFile } from '../meetings/schema.js';
import type { ProposalResult, Tabulation } from './count.js';
import type { NotCounted, Reconciliation } from './model.js';

/**
 * The inspector of election's report and certificate (DGCL §231(b)–(d)): the model, and a printable HTML page
 * (a pure string, every text escaped). docs/tabulation.md "Certificate".
 */

export interface Certificate {
  readonly meetingId: string;
  readonly issuer: string;
  readonly meetingKind: 'annual' | 'special';
  readonly meetingDate: string;
  readonly recordDate: string;
  readonly mode: 'preliminary' | 'final';
  readonly asOf?: string;
  readonly sharesOutstanding: number;
  readonly quorum: Tabulation['quorum'];
  readonly results: readonly ProposalResult[];
  /** DGCL §231(d): every over-vote reconciled with the position report, itemised. */
  readonly reconciliations: readonly Reconciliation[];
  /** DGCL §231(b)(3): every proxy or ballot that did not count, and why. By account, then instant. */
  readonly notCounted: readonly NotCounted[];
  readonly flags: Tabulation['flags'];
  /** The inspectors' names, for the signature lines. */
  readonly inspectors: readonly string[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function certificateOf(
  tab: Tabulation,
  meeting: MeetingFile,
  notCounted: readonly NotCounted[],
  inspectors: readonly string[] = [],
): Certificate {
  return {
    meetingId: tab.meetingId,
    issuer: tab.issuer,
    meetingKind: meeting.meeting.kind,
    meetingDate: tab.meetingDate,
    recordDate: tab.recordDate,
    mode: tab.mode,
    ...(tab.asOf ? { asOf: tab.asOf } : {}),
    sharesOutstanding: tab.sharesOutstanding,
    quorum: tab.quorum,
    results: tab.proposals,
    reconciliations: tab.reconciliations,
    notCounted: [...notCounted].sort(
      (a, b) =>
        cmp(a.account, b.account) || cmp(a.receivedAt, b.receivedAt) || cmp(a.submissionId ?? '', b.submissionId ?? ''),
    ),
    flags: tab.flags,
    inspectors: [...inspectors],
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const fmt = (n: number) => n.toLocaleString('en-US');

const COLUMN_LABELS: Readonly<Record<string, string>> = {
  for: 'For',
  against: 'Against',
  withheld: 'Withheld',
  abstain: 'Abstain',
  oneYear: '1 Year',
  twoYears: '2 Years',
  threeYears: '3 Years',
  brokerNonVotes: 'Broker non-votes',
  presentNotVoting: 'Present, not voting',
  discretionaryFor: 'Discretionary for',
  discretionaryAgainst: 'Discretionary against',
  discretionaryAbstain: 'Discretionary abstain',
};

const label = (k: string) => COLUMN_LABELS[k] ?? k;

function tableHtml(header: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const trs = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i >= numericFrom ? `<td class="num">${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${trs}\n</tbody>\n</table>`;
}

const flagsHtml = (flags: readonly { code: string; message: string }[]) =>
  flags.length
    ? `<ul class="flags">${flags.map((f) => `<li><strong>${escapeHtml(f.code)}</strong>: ${escapeHtml(f.message)}</li>`).join('')}</ul>`
    : '';

function resultHtml(p: ProposalResult): string {
  const head = `<h3>Proposal ${p.number}: ${escapeHtml(p.title)}</h3>`;
  const meta =
    `<p>Standard: ${escapeHtml(p.standard)}${p.routine ? ' (routine: brokers may vote uninstructed shares, NYSE Rule 452)' : ''}. ` +
    `${escapeHtml(p.threshold.rule)}${p.threshold.shares !== null ? `; threshold ${fmt(p.threshold.shares)} shares FOR` : ''}. ` +
    `Result: <strong>${escapeHtml(p.status)}</strong>${p.choice ? ` (${escapeHtml(p.choice)})` : ''}.</p>`;
  let body: string;
  if (p.nominees) {
    const columns = Object.keys(p.nominees[0]?.votes ?? {});
    body = tableHtml(
      ['Nominee', ...columns.map(label), 'Threshold', 'Result'],
      p.nominees.map((n) => [
        n.name,
        ...columns.map((c) => fmt(n.votes[c]!)),
        n.threshold.shares === null ? '—' : fmt(n.threshold.shares),
        n.status + (n.flags.length ? ` (${n.flags.map((f) => f.code).join(', ')})` : ''),
      ]),
    );
  } else {
    const columns = Object.keys(p.votes ?? {});
    body = tableHtml(columns.map(label), [columns.map((c) => fmt(p.votes![c]!))], 0);
  }
  return `<section class="proposal">\n${head}\n${meta}\n${body}\n${flagsHtml(p.flags)}\n</section>`;
}

function reconciliationsHtml(rs: readonly Reconciliation[]): string {
  if (!rs.length) return '<p>No over-vote needed reconciling.</p>';
  return tableHtml(
    [
      'Participant',
      'Nominee',
      'Proposal',
      'Director',
      'Position',
      'Reported',
      'Counted',
      'Reported columns',
      'Counted columns',
      'Reason',
    ],
    rs.map((r) => [
      r.participant,
      r.nomineeName ?? '',
      String(r.proposal),
      r.director ?? '',
      fmt(r.position),
      fmt(r.reportedTotal),
      fmt(r.countedTotal),
      Object.entries(r.reported)
        .map(([k, v]) => `${label(k)} ${fmt(v)}`)
        .join('; '),
      Object.entries(r.counted)
        .map(([k, v]) => `${label(k)} ${fmt(v)}`)
        .join('; '),
      r.reason,
    ]),
    99,
  );
}

function notCountedHtml(ns: readonly NotCounted[]): string {
  if (!ns.length) return '<p>Every proxy and ballot received counted.</p>';
  return tableHtml(
    ['Account', 'Shares', 'Submission', 'Kind', 'Received', 'Why it did not count'],
    ns.map((n) => [
      n.account,
      n.shares === undefined ? '' : fmt(n.shares),
      n.submissionId ?? '',
      n.kind,
      n.receivedAt,
      n.reason,
    ]),
    99,
  );
}

const STYLE = [
  'body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;color:#000}',
  'table{border-collapse:collapse;margin:.5rem 0;width:100%}',
  'th,td{border:1px solid #444;padding:.2rem .4rem;text-align:left;vertical-align:top}',
  'td.num{text-align:right;font-variant-numeric:tabular-nums}',
  '.signature{margin-top:3rem}',
  '.signature p{border-top:1px solid #000;width:20rem;padding-top:.2rem;margin-top:3rem}',
  '@media print{body{margin:0;max-width:none}section{break-inside:avoid}}',
].join('\n');

/** The certificate as a printable HTML page (one self-contained string; every value escaped). */
export function renderCertificateHtml(c: Certificate): string {
  const title = `Report and certificate of the inspector of election — ${c.issuer}, ${c.meetingKind} meeting of ${c.meetingDate}`;
  const q = c.quorum;
  const facts = tableHtml(
    ['', 'Shares'],
    [
      ['Shares outstanding and entitled to vote on the record date', fmt(c.sharesOutstanding)],
      ['Shares present in person (virtually) or by proxy', fmt(q.present)],
      [`  of which registered (${fmt(q.registeredAccounts)} accounts)`, fmt(q.registeredPresent)],
      ['  of which street name (nominee reports, reconciled)', fmt(q.streetPresent)],
      [`Quorum (${q.fraction} of outstanding)`, fmt(q.required)],
    ],
  );
  const preliminary =
    c.mode === 'preliminary' ? '<p><strong>PRELIMINARY</strong>: a running tally; not the final certificate.</p>' : '';
  const statement =
    `<p>The undersigned, appointed inspector(s) of election for the ${escapeHtml(c.meetingKind)} meeting of stockholders of ` +
    `${escapeHtml(c.issuer)} held on ${escapeHtml(c.meetingDate)} (record date ${escapeHtml(c.recordDate)}), ` +
    `certify under DGCL §231 that we determined the shares outstanding and the voting power of each, the shares represented at the meeting, ` +
    `the existence of a quorum and the validity of proxies and ballots, counted all votes and ballots, and that the results below are correct. ` +
    `A quorum was ${q.met ? '' : '<strong>not</strong> '}present.</p>`;
  const signatures = (c.inspectors.length ? c.inspectors : ['Inspector of election'])
    .map((name) => `<p>${escapeHtml(name)}</p>`)
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>\n${STYLE}\n</style></head>`,
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    preliminary,
    c.asOf ? `<p>As of ${escapeHtml(c.asOf)}.</p>` : '',
    statement,
    '<h2>Record date, shares and quorum</h2>',
    `<p>Record date: ${escapeHtml(c.recordDate)}.</p>`,
    facts,
    '<h2>Results</h2>',
    ...c.results.map(resultHtml),
    '<h2>Reconciliations of over-votes (DGCL §231(d))</h2>',
    reconciliationsHtml(c.reconciliations),
    '<h2>Proxies and ballots that did not count</h2>',
    notCountedHtml(c.notCounted),
    c.flags.length ? `<h2>Notes</h2>\n${flagsHtml(c.flags)}` : '',
    `<div class="signature">\n${signatures}\n</div>`,
    '</body></html>',
  ]
    .filter((s) => s !== '')
    .join('\n')
    .concat('\n');
}
