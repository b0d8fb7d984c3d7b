import { nomineeName, type Meeting } from '../domain/meetings/schema.js';
import { longDate } from '../domain/distribution/notice.js';
import { Temporal } from '../domain/calendar/dates.js';
import type { SubmitResult } from '../domain/requests/use-cases.js';
import type { FieldIssue } from '../domain/errors.js';

/**
 * The public materials website (Rule 14a-16(b)): the meeting's facts, the documents (no control
 * number needed to read them), and a form to ask for copies, a separate set, an election or a
 * householding change. Plain HTML: it works without scripts, sets no cookies and loads nothing
 * from elsewhere, so nothing identifies or follows a visitor (Rule 14a-16(k)).
 */
export const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The path of a meeting's voting page (shared/http/voting-page.ts), beside the materials page. */
export const votingPath = (meetingId: string) => `/vote/${encodeURIComponent(meetingId)}`;

/** Headers every page carries: no caching of answers, no referrer, nothing loaded from elsewhere, no framing. */
export const SITE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
} as const;

const KIND_LABELS: Record<string, string> = {
  'paper-copy': 'A paper copy of the materials, by first-class mail',
  'email-copy': 'An email copy of the materials',
  'separate-set': 'A separate set for me (my address receives one set for several holders)',
  'permanent-election': 'From now on, always send me the materials on paper, or always by email',
  'householding-opt-out': 'Stop householding: send me my own set at my shared address',
  'householding-opt-in': 'Start householding: one set for the holders at my address',
};

/** A whole page of the public site (materials and voting): one layout, inline styles, no scripts; `css` adds rules. */
export function page(title: string, body: string, css = ''): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font:17px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:44rem;margin:0 auto;padding:1rem;color:#14171f;background:#fff}
h1{font-size:1.5rem;line-height:1.25}h2{font-size:1.2rem;margin-top:2rem}
a{color:#0b4fb3}a:focus,button:focus,input:focus,select:focus{outline:3px solid #b35c00;outline-offset:2px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #c9ced8;padding:.4rem;text-align:left;vertical-align:top}
fieldset{border:1px solid #8b93a3;padding:.75rem;margin:1rem 0}legend{font-weight:600}
label{display:block;margin:.35rem 0}` +
    `input[type=text],input[type=email],select{font:inherit;padding:.45rem;border:1px solid #5b6475;border-radius:4px;` +
    `width:100%;max-width:22rem;box-sizing:border-box}
button{font:inherit;padding:.55rem 1.2rem;background:#0b4fb3;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#a4000f;font-weight:600}.note{color:#3d4452}.box{border:2px solid #1d6b2f;padding:1rem;border-radius:6px}
.choices label{display:inline-block;margin:.35rem 1.25rem .35rem 0}.summary{border:3px solid #a4000f;padding:0 1rem;margin:1rem 0}
${css}</style></head><body><main>${body}</main></body></html>`
  );
}

function facts(m: Meeting): string {
  const date = longDate(Temporal.PlainDate.from(m.meeting.date));
  const where = m.meeting.virtualOnly
    ? `online at <a href="${esc(m.meeting.virtualUrl)}">${esc(m.meeting.virtualUrl)}</a>`
    : esc(m.meeting.location);
  const proposals = m.proposals
    .map(
      (p) =>
        `<tr><td>${p.number}</td><td>${esc(p.title)}${p.nominees ? `: ${esc(p.nominees.map(nomineeName).join(', '))}` : ''}</td>` +
        `<td>${esc(p.boardRecommendation)}</td></tr>`,
    )
    .join('');
  return (
    `<p>The ${esc(m.meeting.kind)} meeting of stockholders is on ` +
    `<strong>${esc(date)}</strong> at ${esc(m.meeting.time)} (${esc(m.issuer.timeZone)} time), ${where}.
Stockholders of record at the close of business on ${esc(m.meeting.recordDate)} may vote.</p>
<h2>What the meeting will decide</h2>
<table><thead><tr><th scope="col">#</th><th scope="col">Matter</th><th scope="col">The board recommends</th></tr></thead><tbody>${proposals}</tbody></table>
<h2>How to vote</h2>
<p>With the control number on your Notice or proxy card: <a href="${votingPath(m.id)}">online on this site</a>${
      m.contacts.votingWebsite
        ? `, or at <a href="${esc(m.contacts.votingWebsite)}">${esc(m.contacts.votingWebsite)}</a>`
        : ''
    }${m.contacts.votingPhone ? `, or by telephone at ${esc(m.contacts.votingPhone)}` : ''}. ` +
    `<a href="${votingPath(m.id)}/confirm">Check how your vote was recorded</a>.</p>`
  );
}

function form(
  m: Meeting,
  values: Record<string, string> = {},
  issues: readonly FieldIssue[] = [],
  message?: string,
): string {
  const issue = (field: string) => issues.find((i) => i.field === field);
  const err = (field: string) =>
    issue(field) ? `<span class="error" id="${field}-error">${esc(issue(field)!.message)}</span>` : '';
  const described = (field: string, hint?: string) => {
    const ids = [hint, issue(field) ? `${field}-error` : undefined].filter(Boolean).join(' ');
    return `${ids ? ` aria-describedby="${ids}"` : ''}${issue(field) ? ' aria-invalid="true"' : ''}`;
  };
  const kinds = Object.entries(KIND_LABELS)
    .map(
      ([k, label]) =>
        `<label><input type="radio" name="kind" value="${k}"${values.kind === k ? ' checked' : ''} required> ${esc(label)}</label>`,
    )
    .join('');
  return (
    `<h2 id="request">Ask for copies, a separate set, or a change</h2>
${message ? `<p class="error" role="alert">${esc(message)}</p>` : ''}
<form method="post" action="/materials/${esc(m.id)}/requests" novalidate>
<label for="controlNumber">Control number (12 digits, on your Notice or proxy card)</label>
<input type="text" id="controlNumber" name="controlNumber" inputmode="numeric" autocomplete="off" ` +
    `value="${esc(values.controlNumber ?? '')}"${described('controlNumber', 'controlNumber-hint')}>
<span class="note" id="controlNumber-hint">Spaces are fine.</span> ${err('controlNumber')}
<fieldset${described('kind')}><legend>What would you like?</legend>${kinds}${err('kind')}</fieldset>
<label for="email">Email address (for an email copy or an email election)</label>
<input type="email" id="email" name="email" autocomplete="email" value="${esc(values.email ?? '')}"${described('email', 'email-hint')}>
<span class="note" id="email-hint">Used only to send what you ask for.</span> ${err('email')}
<label for="election">For a permanent election: always send me</label>
<select id="election" name="election"${described('election')}><option value="">(choose)</option>` +
    `<option value="paper"${values.election === 'paper' ? ' selected' : ''}>paper</option>` +
    `<option value="email"${values.election === 'email' ? ' selected' : ''}>email</option></select> ${err('election')}
<p><button type="submit">Send my request</button></p>
</form>
<p class="note">Or call ${esc(m.contacts.tollFreePhone)} (toll free)` +
    `${m.contacts.email ? `, or write to <a href="mailto:${esc(m.contacts.email)}">${esc(m.contacts.email)}</a>` : ''}. Copies are free.</p>`
  );
}

const privacy =
  '<h2>Privacy</h2><p class="note">This site sets no cookies and keeps no record of who reads what. ' +
  'Your control number is used only to find your account; an email address you give is used only to send what you ask for.</p>';

export function materialsPage(
  m: Meeting,
  documents: readonly string[],
  opts: { values?: Record<string, string>; issues?: readonly FieldIssue[]; message?: string } = {},
): string {
  const docs = documents.length
    ? `<ul>${documents.map((d) => `<li><a href="/materials/${esc(m.id)}/documents/${encodeURIComponent(d)}">${esc(d)}</a></li>`).join('')}</ul>`
    : '<p>The materials are not posted yet.</p>';
  return page(
    `${m.issuer.name}: proxy materials`,
    `<h1>${esc(m.issuer.name)}: proxy materials for the ${esc(m.meeting.kind)} meeting</h1>${facts(m)}
<h2>The materials</h2><p>Read or download them; no control number is needed.</p>${docs}
${form(m, opts.values, opts.issues, opts.message)}${privacy}`,
  );
}

export function confirmationPage(m: Meeting, r: SubmitResult): string {
  const received = Temporal.Instant.from(r.receivedAt).toZonedDateTimeISO(m.issuer.timeZone);
  const due = r.dueBy
    ? `<p>We must send it by <strong id="due-by">${esc(longDate(Temporal.PlainDate.from(r.dueBy)))}</strong> (${esc(r.dueBy)}).</p>`
    : `<p>${esc(r.basis)}.</p>`;
  return page(
    `${m.issuer.name}: request received`,
    `<div class="box" role="status"><h1>Your request is received</h1>
<p>${esc(KIND_LABELS[r.kind] ?? r.kind)}, received ${esc(received.toPlainDate().toString())} ` +
      `at ${esc(received.toPlainTime().toString({ smallestUnit: 'minute' }))} (${esc(m.issuer.timeZone)}).</p>
${due}${r.duplicate ? '<p class="note">You had already asked for this; it will be sent once.</p>' : ''}` +
      `<p class="note">Reference: <code>${esc(r.requestId)}</code></p></div>
<p><a href="/materials/${esc(m.id)}">Back to the materials</a></p>${privacy}`,
  );
}

/** The page for an error: 404 is no such meeting or document; a 5xx says only to try again. */
export function errorPage(status: number, message?: string): string {
  if (status === 404) return page('Not found', '<h1>Not found</h1><p>No such meeting.</p>');
  if (status >= 500)
    return page('Unavailable', '<h1>Unavailable</h1><p>The site cannot answer right now. Please try again later.</p>');
  return page('Not accepted', `<h1>Not accepted</h1><p>${esc(message ?? 'The request was not accepted.')}</p>`);
}

/** A page result for the HTTP edge, with the site's headers. */
export const sitePage = (status: number, html: string, headers: Record<string, string> = {}) => ({
  status,
  html,
  headers: { ...SITE_HEADERS, ...headers },
});

/** A document name from the path: it may arrive encoded or not; a malformed escape is no such document (''). */
export function decodePathName(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return '';
  }
}

/** The request form's fields as the intake's JSON body: only the request's own fields, blanks left out. */
export function requestFromForm(values: Record<string, string>): Record<string, string> {
  const fields = ['controlNumber', 'kind', 'email', 'election'];
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => fields.includes(k) && v !== ''));
}
