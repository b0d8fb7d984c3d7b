import { Temporal, monthDayYear, weekdayName, type PlainDate } from '../calendar/dates.js';
import { subtractBusinessDays } from '../calendar/business-days.js';
import { nomineeName, type MeetingFile } from '../meetings/schema.js';

/**
 * The Notice of Internet Availability of Proxy Materials (Rule 14a-16(d)), built from the
 * meeting's data. The holder's control number goes in only when a piece is rendered, never into
 * anything stored.
 */
export interface NoticeDocument {
  readonly legend: string;
  readonly sections: { readonly heading: string; readonly lines: string[] }[];
  /** Rule 14a-16(d) elements the meeting's data could not supply (an incomplete Notice must not go out). */
  readonly missing: string[];
  readonly requestBy: string;
}

/**
 * The date by which to request a copy "to facilitate timely delivery" (Rule 14a-16(d)(4)): copies
 * go out within three business days (Rule 14a-16(j)(3)) and first-class mail takes up to five more,
 * so eight business days before the meeting. The rule leaves the date to the issuer (practice, not rule).
 */
export function copyRequestByDate(meeting: PlainDate): PlainDate {
  return subtractBusinessDays(meeting, 8);
}

/** "Thursday, June 20, 2024". */
export const longDate = (d: PlainDate) => `${weekdayName(d)}, ${monthDayYear(d)}`;

function meetingTime(m: MeetingFile): string {
  const date = Temporal.PlainDate.from(m.meeting.date);
  const zoned = date.toZonedDateTime({
    timeZone: m.issuer.timeZone,
    plainTime: Temporal.PlainTime.from(m.meeting.time),
  });
  const zone = new Intl.DateTimeFormat('en-US', { timeZone: m.issuer.timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(zoned.epochMilliseconds))
    .find((p) => p.type === 'timeZoneName')?.value;
  const h = zoned.hour % 12 || 12;
  return `${h}:${String(zoned.minute).padStart(2, '0')} ${zoned.hour < 12 ? 'a.m.' : 'p.m.'} ${zone ?? m.issuer.timeZone}`;
}

/** proxydesk's voting page for a meeting under the platform's public base URL: `<base>/vote/<meeting>`. */
export const votingPageUrl = (base: string, meetingId: string): string =>
  `${base.replace(/\/+$/, '')}/vote/${encodeURIComponent(meetingId)}`;

export const NOTICE_ELEMENTS = [
  '(1) legend',
  '(2) not a voting form',
  '(3) website',
  '(4) how to request a copy, by when',
  '(5) date, time and place',
  '(6) matters and recommendations',
  '(7) materials posted',
  '(8) toll-free number, email, website for requests',
  '(9) control number',
  '(10) how to reach the proxy form',
  '(11) how to attend',
] as const;

export function buildNotice(
  m: MeetingFile,
  /** `votingPage`: proxydesk's own voting page for the meeting (an absolute URL), when the caller knows it and the file names no other. */
  opts: { materials: readonly string[]; votingPage?: string },
): NoticeDocument {
  const date = Temporal.PlainDate.from(m.meeting.date);
  const requestBy = copyRequestByDate(date);
  const missing: string[] = [];
  const c = m.contacts;
  if (!c.email) missing.push('(8) an email address for copy requests (contacts.email)');
  if (!opts.materials.length) missing.push('(7) the list of materials posted (upload them first)');
  const place = m.meeting.virtualOnly ? `online only, at ${m.meeting.virtualUrl}` : (m.meeting.location ?? '');
  if (!place) missing.push('(5) the meeting location');
  const howToRequest = [
    `by telephone at ${c.tollFreePhone} (toll free)`,
    ...(c.email ? [`by email to ${c.email}`] : []),
    `on the internet at ${c.website}`,
  ];
  return {
    legend:
      'Important Notice Regarding the Availability of Proxy Materials for the ' +
      `${m.meeting.kind === 'annual' ? 'Annual' : 'Special'} Meeting of Stockholders To Be Held on ${longDate(date)}`,
    sections: [
      {
        heading: m.issuer.name,
        lines: [
          'This communication presents only an overview of the more complete proxy materials that are available to you on the internet. ' +
            'We encourage you to access and review all of the important information contained in the proxy materials before voting.',
          'This notice is not a form for voting.',
        ],
      },
      { heading: 'The proxy materials are available at', lines: [c.website] },
      { heading: 'Materials posted', lines: opts.materials.map((x) => `• ${x}`) },
      {
        heading: 'Meeting',
        lines: [
          `${longDate(date)}, ${meetingTime(m)}`,
          m.meeting.virtualOnly
            ? `The meeting is held online only: ${m.meeting.virtualUrl}. There is no physical location.`
            : `Location: ${m.meeting.location}`,
        ],
      },
      {
        heading: 'Matters to be voted on',
        lines: m.proposals.map((p) => {
          const rec =
            p.boardRecommendation === 'NONE'
              ? 'The Board makes no recommendation.'
              : `The Board recommends a vote ${p.boardRecommendation}${p.nominees ? ' each nominee' : ''}.`;
          return `${p.number}. ${p.title}${p.nominees ? `: ${p.nominees.map(nomineeName).join(', ')}` : ''}. ${rec}`;
        }),
      },
      { heading: 'Your control number', lines: ['{{controlNumber}}'] },
      {
        heading: 'How to vote',
        lines: [
          ...(m.contacts.votingWebsite || opts.votingPage
            ? [
                `Vote online at ${m.contacts.votingWebsite ?? opts.votingPage} with your control number, where the proxy form is available.`,
              ]
            : []),
          ...(m.contacts.votingPhone ? [`Vote by telephone at ${m.contacts.votingPhone}.`] : []),
          'To vote by mail, request a paper copy of the materials, which includes a proxy card.',
          m.meeting.virtualOnly
            ? `To attend, go to ${m.meeting.virtualUrl} and enter your control number.`
            : `For directions to attend, call ${c.tollFreePhone}.`,
        ],
      },
      {
        heading: 'How to request a paper or email copy',
        lines: [
          'You will not receive a paper or email copy of the proxy materials unless you request one. There is no charge for requesting a copy.',
          `Request one ${howToRequest.join(', or ')}, with your control number.`,
          `To facilitate timely delivery, make the request on or before ${longDate(requestBy)}.`,
          'You may also ask to receive paper or email copies for this and all future meetings.',
        ],
      },
    ],
    missing,
    requestBy: requestBy.toString(),
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Plain text (the email's text part, and the print page's text). */
export function renderNoticeText(doc: NoticeDocument, controlNumber: string): string {
  return [
    doc.legend.toUpperCase(),
    '',
    ...doc.sections.flatMap((s) => [
      s.heading,
      ...s.lines.map((l) => l.replace('{{controlNumber}}', controlNumber)),
      '',
    ]),
  ].join('\n');
}

/** HTML (the email's HTML part; the print page for the vendor). The legend is bold, as the rule requires. */
export function renderNoticeHtml(doc: NoticeDocument, controlNumber: string): string {
  const body = doc.sections
    .map(
      (s) =>
        `<h2>${escapeHtml(s.heading)}</h2>\n` +
        s.lines
          .map((l) =>
            l === '{{controlNumber}}'
              ? `<p><strong class="control-number">${escapeHtml(controlNumber)}</strong></p>`
              : `<p>${escapeHtml(l)}</p>`,
          )
          .join('\n'),
    )
    .join('\n');
  const head = `<head><meta charset="utf-8"><title>${escapeHtml(doc.legend)}</title></head>`;
  return `<!doctype html>\n<html lang="en">${head}\n<body>\n<p><strong>${escapeHtml(doc.legend)}</strong></p>\n${body}\n</body></html>\n`;
}
