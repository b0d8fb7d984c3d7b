import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MeetingFileSchema, type MeetingFile } from '../../shared/domain/meetings/schema.js';
import { buildNotice, renderNoticeText, votingPageUrl } from '../../shared/domain/distribution/notice.js';
import { emailFor, materialsEmailBody, prepareDistribution } from '../../shared/domain/distribution/run.js';
import { Temporal } from '../../shared/domain/calendar/dates.js';

/**
 * The seed's meeting file names no outside voting website (only a voting telephone number), so the Notice and
 * the materials emails can name proxydesk's own voting page when the platform's public address is known:
 * `<base>/vote/<meeting>`. The base below is an HTTP API's $default stage URL, which ends with a slash.
 */
const seed = MeetingFileSchema.parse(
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')),
);
const meeting = { ...seed, id: 'sonim-2024' } as MeetingFile & { id: string };
const BASE = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/';
const PAGE = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/vote/sonim-2024';
const VOTE_LINE = `Vote online at ${PAGE} with your control number, where the proxy form is available.`;

describe('the voting page in the Notice and the materials emails', () => {
  it('the page is <base>/vote/<meeting>, with or without a trailing slash on the base', () => {
    expect(votingPageUrl(BASE, 'sonim-2024')).toBe(PAGE);
    expect(votingPageUrl('http://localhost:3000', 'rehearsal')).toBe('http://localhost:3000/vote/rehearsal');
  });

  it("the Notice's How to vote names the page when it is known, and only then", () => {
    const text = renderNoticeText(buildNotice(meeting, { materials: ['proxy-statement.pdf'], votingPage: PAGE }), '1');
    // The section as written by hand: the page, the seed's voting telephone, mail, and attending online (the seed's
    // meeting is virtual only, at its virtualUrl).
    expect(text).toContain(
      [
        'How to vote',
        VOTE_LINE,
        'Vote by telephone at 1-866-451-4349.',
        'To vote by mail, request a paper copy of the materials, which includes a proxy card.',
        'To attend, go to https://www.proxydocs.com/SONM and enter your control number.',
      ].join('\n'),
    );
    const without = renderNoticeText(buildNotice(meeting, { materials: ['proxy-statement.pdf'] }), '1');
    expect(without).not.toContain('Vote online');
  });

  it("a voting website the meeting file names wins over the platform's page", () => {
    const other = { ...meeting, contacts: { ...meeting.contacts, votingWebsite: 'https://www.proxyvote.com' } };
    const text = renderNoticeText(buildNotice(other, { materials: ['a.pdf'], votingPage: PAGE }), '1');
    expect(text).toContain(
      'Vote online at https://www.proxyvote.com with your control number, where the proxy form is available.',
    );
    expect(text).not.toContain(PAGE);
    expect(materialsEmailBody(other, 'Hello.', '123456789012', [], PAGE).text).toContain(
      'Vote online at https://www.proxyvote.com\n',
    );
  });

  it('the materials email body names the page between the documents and the control number', () => {
    const body = materialsEmailBody(meeting, 'Your proxy materials.', '123456789012', ['Goodbye.'], PAGE);
    expect(body.text).toBe(
      'Your proxy materials.\n\n' +
        'The proxy statement and annual report: https://www.proxydocs.com/SONM\n\n' +
        `Vote online at ${PAGE}\n\n` +
        'Your control number: 123456789012\n\n' +
        'Goodbye.\n',
    );
    expect(body.html).toContain(`<p>Vote online at ${PAGE}</p>`);
    expect(materialsEmailBody(meeting, 'Your proxy materials.', '123456789012').text).not.toContain('Vote online');
  });

  it("a distribution run's mailed Notice and its full-set email name the page from the deps' votingPage", async () => {
    const printed: string[] = [];
    const deps = {
      ledger: { getRun: async () => undefined, saveRun: async () => undefined } as never,
      print: {
        putDocument: async (_m: string, run: string, name: string, html: string) => {
          printed.push(html);
          return `print/sonim-2024/${run}/${name}`;
        },
      } as never,
      ids: { next: () => 'plan-1' },
      now: () => '2024-06-05T16:00:00.000Z',
      votingPage: (id: string) => votingPageUrl(BASE, id),
    };
    // A complete Notice needs an email for copy requests, which the seed lacks; its record date (21 days before the
    // meeting) rules out notice and access, so the 40-day check is overridden for this rendering.
    const complete = { ...meeting, contacts: { ...meeting.contacts, email: 'proxy@sonim.example' } };
    const request = {
      meeting: complete,
      holders: [],
      nominees: [],
      sendDate: Temporal.PlainDate.from('2024-06-05'),
      materials: ['proxy-statement.pdf'],
      overrides: { 'notice-40-days': 'rendering only' },
    };
    const notice = await prepareDistribution(deps, { ...request, method: 'notice-only' });
    expect(notice.ready).toBe(true);
    // The document the print vendor prints the mailed Notices from.
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(`<p>${VOTE_LINE}</p>`);

    const full = await prepareDistribution(deps, { ...request, method: 'full-set' });
    if (!full.ready) throw new Error('the full-set run should be ready');
    expect(full.setup.votingPage).toBe(PAGE);
    const mail = emailFor(
      full.setup,
      {
        id: 'piece-1',
        channel: 'email',
        content: 'full-set',
        recipient: 'holder',
        accounts: ['TA-1'],
        addressee: ['Ann Lee'],
        email: 'ann@example.com',
      } as never,
      '123456789012',
    );
    expect(mail.text).toContain(`\n\nVote online at ${PAGE}\n\nYour control number: 123456789012\n`);
  });
});
