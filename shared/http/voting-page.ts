import { Temporal, formatLocal } from '../domain/calendar/dates.js';
import { longDate } from '../domain/distribution/notice.js';
import type { FieldIssue } from '../domain/errors.js';
import type { Meeting } from '../domain/meetings/schema.js';
import type { BallotProposal, Choice, MarkedBallot } from '../domain/voting/ballot.js';
import type { VoteConfirmation, VoteReceipt } from '../domain/voting/cast.js';
import type { BallotView, PageVote } from '../domain/voting/online.js';
import { esc, page, votingPath } from './materials-site.js';

/**
 * The stockholder's voting page, beside the materials website and under its rules: plain HTML forms that
 * work without scripts, no cookies, nothing loaded from elsewhere, every field labelled, one fieldset per
 * proposal. Every form posts, so a control number never sits in a URL or an access log; between pages it
 * travels in a hidden field of the ballot form. Rendering only: the use cases are in domain/voting/online.ts.
 */

const CHANNELS: Record<string, string> = { internet: 'online', phone: 'by telephone', mail: 'by mailed proxy card' };
const CONTROL_LABEL = 'Control number (12 digits, on your Notice or proxy card)';

const localTime = (m: Meeting, instant: string) =>
  formatLocal(Temporal.Instant.from(instant).toZonedDateTimeISO(m.issuer.timeZone));

const privacy =
  '<h2>Privacy</h2><p class="note">This page sets no cookies. Your control number is used only to find your account ' +
  'and is not kept; how you vote is kept confidential.</p>';

const backLinks = (m: Meeting) =>
  `<p><a href="${votingPath(m.id)}">Vote</a> · <a href="${votingPath(m.id)}/confirm">Check how your vote was recorded</a> · ` +
  `<a href="/materials/${esc(m.id)}">The proxy materials</a></p>`;

/** An error summary at the top of a form: each issue links to its field (the first control of the proposal). */
function errorSummary(message: string | undefined, issues: readonly FieldIssue[], anchor: (field: string) => string) {
  if (!message && !issues.length) return '';
  const items = issues.map((i) => `<li><a href="#${anchor(i.field)}">${esc(i.message)}</a></li>`).join('');
  return (
    `<div class="summary" role="alert" aria-labelledby="error-summary-title"><h2 id="error-summary-title">There is a problem</h2>` +
    `${message && !issues.length ? `<p class="error">${esc(message)}</p>` : ''}${items ? `<ul>${items}</ul>` : ''}</div>`
  );
}

/** The form for a control number: to open the ballot, or to check a vote. */
function controlNumberForm(
  action: string,
  button: string,
  opts: { message?: string; issues?: readonly FieldIssue[] },
): string {
  const issue = opts.issues?.find((i) => i.field === 'controlNumber');
  const invalid = !!issue || (!!opts.message && !opts.issues?.length);
  return (
    `${errorSummary(opts.message, opts.issues ?? [], () => 'controlNumber')}` +
    `<form method="post" action="${esc(action)}" novalidate>
<label for="controlNumber">${CONTROL_LABEL}</label>
<input type="text" id="controlNumber" name="controlNumber" inputmode="numeric" autocomplete="off" ` +
    `aria-describedby="controlNumber-hint${issue ? ' controlNumber-error' : ''}"${invalid ? ' aria-invalid="true"' : ''}>
<span class="note" id="controlNumber-hint">Spaces are fine.</span>` +
    `${issue ? ` <span class="error" id="controlNumber-error">${esc(issue.message)}</span>` : ''}
<p><button type="submit">${esc(button)}</button></p>
</form>`
  );
}

const meetingLine = (m: Meeting) =>
  `<p>The ${esc(m.meeting.kind)} meeting of stockholders of ${esc(m.issuer.name)} is on ` +
  `<strong>${esc(longDate(Temporal.PlainDate.from(m.meeting.date)))}</strong> at ${esc(m.meeting.time)} ` +
  `(${esc(m.issuer.timeZone)} time). Stockholders of record at the close of business on ${esc(m.meeting.recordDate)} may vote.</p>`;

/** GET /vote/{meetingId}: the control number opens the ballot. */
export function votingStartPage(m: Meeting, opts: { message?: string; issues?: readonly FieldIssue[] } = {}): string {
  return page(
    `${m.issuer.name}: vote`,
    `<h1>Vote your shares: ${esc(m.issuer.name)}</h1>${meetingLine(m)}
<h2>Open your ballot</h2>${controlNumberForm(`${votingPath(m.id)}/ballot`, 'Show my ballot', opts)}
<p><a href="${votingPath(m.id)}/confirm">Check how your vote was recorded</a> · ` +
      `<a href="/materials/${esc(m.id)}">Read the proxy materials</a></p>${privacy}`,
  );
}

/** GET /vote/{meetingId}/confirm: the control number shows the vote that counts. */
export function confirmStartPage(m: Meeting, opts: { message?: string; issues?: readonly FieldIssue[] } = {}): string {
  return page(
    `${m.issuer.name}: check your vote`,
    `<h1>Check how your vote was recorded: ${esc(m.issuer.name)}</h1>
<p>Enter your control number to see the vote that counts now, whether you voted online, by telephone or by mail.</p>
${controlNumberForm(`${votingPath(m.id)}/confirm`, 'Check my vote', opts)}${backLinks(m)}${privacy}`,
  );
}

const recommendation = (p: BallotProposal) => {
  if (p.boardRecommendation === 'NONE') return 'The board makes no recommendation.';
  if (p.kind === 'election') return `The board recommends a vote ${esc(p.boardRecommendation)} each of its nominees.`;
  return `The board recommends a vote <strong>${esc(p.boardRecommendation)}</strong>.`;
};

const partyHeading = (party: string) => (party === 'board' ? "The board's nominees" : `Nominees of ${esc(party)}`);

/** Radio buttons for one choice group; `first` gives the first one the id the error summary links to. */
function radios(name: string, options: readonly Choice[], marked: unknown, first?: string): string {
  return options
    .map(
      (o, i) =>
        `<label><input type="radio" name="${esc(name)}" value="${esc(o)}"${i === 0 && first ? ` id="${first}"` : ''}` +
        `${marked === o ? ' checked' : ''}> ${esc(o)}</label>`,
    )
    .join('');
}

/** Marks to show: a ballot as sent (a refused one too) or as recorded. */
type Marks = Readonly<Record<string, unknown>>;

function proposalFieldset(p: BallotProposal, marks: Marks, issues: readonly FieldIssue[]): string {
  const id = `proposal-${p.number}`;
  const errors = issues.filter((i) => i.field === `ballot.${p.number}`);
  const error = errors.length
    ? `<p class="error" id="${id}-error">${errors.map((e) => esc(e.message)).join('<br>')}</p>`
    : '';
  const described = `aria-describedby="${id}-rec${errors.length ? ` ${id}-error` : ''}"`;
  const marked = marks[String(p.number)];
  const head = `<legend>Proposal ${p.number}: ${esc(p.title)}</legend><p class="note" id="${id}-rec">${recommendation(p)}</p>${error}`;
  if (p.kind !== 'election')
    return `<fieldset class="choices" ${described}>${head}${radios(`p${p.number}`, p.options, marked, id)}</fieldset>`;
  const byNominee = typeof marked === 'object' && marked !== null ? (marked as Marks) : {};
  let first = true;
  const groups = (p.groups ?? [])
    .map(
      (g) =>
        `<h3>${partyHeading(g.party)}</h3>` +
        g.nominees
          .map((n) => {
            const anchor = first ? id : undefined;
            first = false;
            return `<fieldset class="choices"><legend>${esc(n)}</legend>${radios(`p${p.number}:${n}`, p.options, byNominee[n], anchor)}</fieldset>`;
          })
          .join(''),
    )
    .join('');
  const seats =
    `<p>${p.seats} ${p.seats === 1 ? 'seat' : 'seats'} to fill: you may vote FOR up to ${p.seats} ` +
    `${p.seats === 1 ? 'nominee' : 'nominees'}.</p>`;
  return `<fieldset ${described}>${head}${seats}${groups}</fieldset>`;
}

/** What a ballot records, proposal by proposal in the meeting's order (per nominee for an election). */
function recordedTable(m: Meeting, ballot: MarkedBallot): string {
  const rows = m.proposals.flatMap((p) => {
    const marked = ballot[String(p.number)];
    if (marked === undefined) return [`<tr><td>${p.number}. ${esc(p.title)}</td><td>not voted</td></tr>`];
    if (typeof marked === 'string') return [`<tr><td>${p.number}. ${esc(p.title)}</td><td>${esc(marked)}</td></tr>`];
    return Object.entries(marked).map(
      ([n, c]) => `<tr><td>${p.number}. ${esc(p.title)}: ${esc(n)}</td><td>${esc(c)}</td></tr>`,
    );
  });
  return `<table><thead><tr><th scope="col">Proposal</th><th scope="col">Your vote</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const sharesText = (m: Meeting, shares: number) =>
  `${shares.toLocaleString('en-US')} ${shares === 1 ? 'share' : 'shares'} held on the record date, ${esc(m.meeting.recordDate)}`;

/**
 * POST /vote/{meetingId}/ballot (and a refused vote, shown again): the account, its shares and every
 * proposal with the board's recommendation. Marked: the marks sent (a refusal keeps them), else the vote
 * that counts now. After the internet cut-off the page says so and takes no vote.
 */
export function ballotPage(
  m: Meeting,
  view: BallotView,
  opts: { controlNumber: string; marks?: Marks; issues?: readonly FieldIssue[] },
): string {
  const { ballot, current, cutoff } = view;
  const issues = opts.issues ?? [];
  const who =
    `<p>Account: <strong id="holder-name">${esc(ballot.account.name)}</strong><br>` +
    `Votes: <strong id="holder-shares">${sharesText(m, ballot.account.shares)}</strong></p>`;
  const voted = current
    ? `<p class="box" id="current-vote">You have already voted ${esc(CHANNELS[current.channel] ?? current.channel)} ` +
      `(recorded ${esc(localTime(m, current.recordedAt))}). That vote counts now` +
      `${cutoff.open ? ` and is marked below. You can change it until ${esc(cutoff.label)}.` : '.'}</p>`
    : '';
  if (!cutoff.open)
    return page(
      `${m.issuer.name}: internet voting closed`,
      `<h1>Internet voting has closed</h1>${who}<p role="status">The internet cut-off, ${esc(cutoff.label)}, has passed: ` +
        `a vote can no longer be cast or changed here.</p>${voted}` +
        `${current ? `<h2>The vote that counts</h2>${recordedTable(m, current.ballot)}` : ''}${backLinks(m)}${privacy}`,
    );
  const anchor = (field: string) => {
    const n = /^ballot\.(\d+)$/.exec(field)?.[1];
    return `proposal-${n && ballot.proposals.some((p) => String(p.number) === n) ? n : ballot.proposals[0]!.number}`;
  };
  const marks: Marks = opts.marks ?? current?.ballot ?? {};
  const fieldsets = ballot.proposals.map((p) => proposalFieldset(p, marks, issues)).join('\n');
  return page(
    `${issues.length ? 'Error: ' : ''}${m.issuer.name}: your ballot`,
    `<h1>Your ballot: ${esc(m.issuer.name)}</h1>${errorSummary(undefined, issues, anchor)}${who}${voted}
<p>Internet voting is open until <strong>${esc(cutoff.label)}</strong>. A proposal you leave unmarked is not voted.</p>
<form method="post" action="${votingPath(m.id)}/votes" novalidate>
<input type="hidden" name="controlNumber" value="${esc(opts.controlNumber)}">
${fieldsets}
<p><button type="submit">Cast my vote</button></p>
</form>${backLinks(m)}${privacy}`,
  );
}

/** POST /vote/{meetingId}/votes, recorded: the receipt. */
export function receiptPage(m: Meeting, r: { receipt: VoteReceipt; created: boolean; emailed: string }): string {
  return page(
    `${m.issuer.name}: vote recorded`,
    `<div class="box" role="status"><h1>Your vote is recorded</h1>
<p>Receipt: <code id="receipt-id">${esc(r.receipt.receiptId)}</code><br>` +
      `Recorded: <strong id="recorded-at">${esc(localTime(m, r.receipt.recordedAt))}</strong></p>` +
      `${r.created ? '' : '<p class="note">You had already cast this same vote: it is recorded once, with the same receipt.</p>'}` +
      `${r.emailed === 'sent' ? '<p id="emailed">A receipt was emailed to the address on file for your account.</p>' : ''}</div>
<h2>What was recorded</h2>${recordedTable(m, r.receipt.ballot)}
<p>You can change your vote until the internet cut-off; the latest-dated vote is the one that counts.</p>${backLinks(m)}${privacy}`,
  );
}

/** POST /vote/{meetingId}/votes after the internet cut-off: the refusal, naming it. */
export function votingClosedPage(m: Meeting, message: string, cutoff: string): string {
  return page(
    `${m.issuer.name}: internet voting closed`,
    `<h1>Internet voting has closed</h1><p role="alert" class="error">The internet cut-off, ${esc(cutoff)}, has passed: ` +
      `the vote was not recorded.</p><p class="note">${esc(message)}</p>${backLinks(m)}${privacy}`,
  );
}

/** POST /vote/{meetingId}/confirm: the vote that counts now, or that none does. */
export function confirmationPage(m: Meeting, c: VoteConfirmation): string {
  const body = c.vote
    ? `<p>Receipt: <code id="receipt-id">${esc(c.vote.receiptId)}</code><br>` +
      `Cast ${esc(CHANNELS[c.vote.channel] ?? c.vote.channel)}, recorded <strong>${esc(localTime(m, c.vote.recordedAt))}</strong>` +
      `<br>Votes ${sharesText(m, c.vote.shares)}</p><p class="note">${esc(c.reason)}</p>` +
      `${recordedTable(m, c.vote.ballot)}`
    : `<p id="no-vote">No vote of yours counts now.</p><p class="note">${esc(c.reason)}</p>`;
  return page(
    `${m.issuer.name}: your vote`,
    `<div role="status"><h1>${c.vote ? 'The vote that counts now' : 'No vote counts now'}</h1>${body}</div>${backLinks(m)}${privacy}`,
  );
}

/**
 * The ballot form's fields as the vote API's ballot: `p<n>` = a choice, `p<n>:<nominee>` = a choice for
 * that nominee; blank and other fields are left out (the hidden control number is not part of the ballot).
 */
export function ballotFromForm(values: Record<string, string>): Record<string, string | Record<string, string>> {
  const ballot: Record<string, string | Record<string, string>> = {};
  for (const [key, value] of Object.entries(values)) {
    const k = /^p([1-9]\d*)(?::(.+))?$/.exec(key);
    if (!k || value === '') continue;
    const [, n, nominee] = k as unknown as [string, string, string | undefined];
    if (nominee === undefined) ballot[n] = value;
    else {
      const prior = ballot[n];
      ballot[n] = { ...(typeof prior === 'object' ? prior : {}), [nominee]: value };
    }
  }
  return ballot;
}

/**
 * The page that answers a marked ballot, by the vote's outcome: the receipt (200); the ballot again with the
 * refusal named and the marks kept (400); the closed ballot naming the internet cut-off (403).
 */
export function votedPage(
  m: Meeting,
  v: PageVote,
  form: { controlNumber: string; marks: ReturnType<typeof ballotFromForm> },
): { status: number; html: string } {
  if (v.outcome === 'late') return { status: 403, html: votingClosedPage(m, v.message, v.cutoff) };
  if (v.outcome === 'refused') return { status: 400, html: ballotPage(m, v.view, { ...form, issues: v.issues }) };
  return { status: 200, html: receiptPage(m, v) };
}
