import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MeetingFileSchema, type Meeting, type MeetingFileInput } from '../../shared/domain/meetings/schema.js';
import { ballotFor } from '../../shared/domain/voting/ballot.js';
import type { BallotView } from '../../shared/domain/voting/online.js';
import {
  ballotFromForm,
  ballotPage,
  confirmationPage,
  receiptPage,
  votingStartPage,
} from '../../shared/http/voting-page.js';
import { materialsPage } from '../../shared/http/materials-site.js';
import { makeHandler } from '../../functions/voting-site/handler.js';
import { lambdaContext } from '../../cli/local/http-server.js';
import type { Root } from '../../shared/composition/root.js';
import { NotFoundError } from '../../shared/domain/errors.js';

/**
 * The voting page's rendering, without servers. The meeting is the seed (Sonim, America/Los_Angeles)
 * contested by a dissident, Ancora, naming Dana Dissident for the same five seats, with a seventh
 * proposal on say-on-pay frequency (1 / 2 / 3 YEARS / ABSTAIN; the board recommends 1 YEAR).
 */
const file = JSON.parse(
  readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8'),
) as MeetingFileInput;
const meeting: Meeting = {
  ...MeetingFileSchema.parse({
    ...file,
    proposals: [
      ...file.proposals.map((p) =>
        p.number === 1
          ? { ...p, seats: 5, nominees: [...p.nominees!, { name: 'Dana Dissident', party: 'Ancora' }] }
          : p,
      ),
      {
        ...file.proposals[1]!,
        number: 7,
        title: 'Frequency of the say-on-pay vote',
        kind: 'frequency',
        boardRecommendation: '1 YEAR',
        choices: ['1 YEAR', '2 YEARS', '3 YEARS', 'ABSTAIN'],
      },
    ],
  }),
  createdAt: '2024-06-01T00:00:00Z',
  updatedAt: '2024-06-01T00:00:00Z',
};
const HOSTILE = '<script>alert(1)</script> & "Co" \'Ltd\'';
const view = (over: Partial<BallotView> = {}): BallotView => ({
  ballot: ballotFor(meeting, { name: HOSTILE, shares: 1234 }),
  cutoff: { label: '11:59 pm Pacific on 2024-06-19', open: true },
  ...over,
});
const CN = '123456789012';

describe('the voting page rendering', () => {
  it('escapes the holder name, loads no script, declares its language and labels every radio', () => {
    const html = ballotPage(meeting, view(), { controlNumber: CN });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot; &#39;Ltd&#39;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    // 5 board nominees + 1 dissident, two choices each (12); proposals 2–6 three each (15); 7 four (4): 31.
    const radios = html.match(/<input type="radio"/g) ?? [];
    expect(radios).toHaveLength(31);
    expect(html.match(/<label><input type="radio"/g)).toHaveLength(31);
    expect(html).toContain('1,234 shares held on the record date, 2024-05-30');
    expect(html).toContain(`<input type="hidden" name="controlNumber" value="${CN}">`);
  });

  it('one fieldset with a legend per proposal; nominees grouped by party with the seats; frequency 1/2/3 YEARS/ABSTAIN', () => {
    const html = ballotPage(meeting, view(), { controlNumber: CN });
    const legends = [...html.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1]);
    expect(legends.filter((l) => l!.startsWith('Proposal '))).toEqual([
      'Proposal 1: Election of five directors',
      'Proposal 2: Ratification of Moss Adams LLP as independent registered public accounting firm for fiscal 2024',
      'Proposal 3: Amendment of the 2019 Equity Incentive Plan to add 3,000,000 shares',
      'Proposal 4: Reverse stock split at a ratio between 1-for-2 and 1-for-15',
      'Proposal 5: Increase of authorized common stock from 100,000,000 to 200,000,000 shares',
      'Proposal 6: Amendment of the certificate of incorporation to provide for officer exculpation as permitted by Delaware law',
      'Proposal 7: Frequency of the say-on-pay vote',
    ]);
    // The board's first, alphabetical by last name (Cassano, Liu, Mulica, Steenstra, Wang), then Ancora's.
    expect(legends.filter((l) => !l!.startsWith('Proposal '))).toEqual([
      'James Cassano',
      'Peter Liu',
      'Mike Mulica',
      'Jack Steenstra',
      'Jeffrey Wang',
      'Dana Dissident',
    ]);
    expect(html.indexOf("<h3>The board's nominees</h3>")).toBeLessThan(html.indexOf('<h3>Nominees of Ancora</h3>'));
    expect(html).toContain('5 seats to fill: you may vote FOR up to 5 nominees.');
    expect(html).toContain('name="p1:Dana Dissident" value="WITHHOLD"');
    for (const v of ['1 YEAR', '2 YEARS', '3 YEARS', 'ABSTAIN']) expect(html).toContain(`name="p7" value="${v}"`);
    expect(html).not.toContain('name="p7" value="FOR"');
    expect(html).toContain('The board recommends a vote <strong>1 YEAR</strong>.');
  });

  it('a refusal: an error summary linking to the proposal, the field described by its error, the marks kept', () => {
    const issue = {
      field: 'ballot.1',
      message: 'proposal 1 (Election of five directors) elects 5; 6 FOR votes is more than the seats',
    };
    const marks = { '1': { 'Dana Dissident': 'FOR' }, '7': '3 YEARS' };
    const html = ballotPage(meeting, view(), { controlNumber: CN, marks, issues: [issue] });
    expect(html).toContain('role="alert"');
    expect(html).toContain(`<a href="#proposal-1">${issue.message}</a>`);
    expect(html).toContain('id="proposal-1"');
    expect(html).toContain('aria-describedby="proposal-1-rec proposal-1-error"');
    expect(html).toContain('name="p1:Dana Dissident" value="FOR" checked');
    expect(html).toContain('name="p7" value="3 YEARS" checked');
    expect(html).toMatch(/<title>Error: /);
  });

  it('the vote that counts is marked with the cut-off; after the cut-off there is no form', () => {
    const current = {
      receiptId: 'r1',
      recordedAt: '2024-06-10T22:00:00.000Z', // 15:00 PDT (UTC−7)
      ballot: { '2': 'AGAINST' as const },
      channel: 'internet' as const,
      shares: 1234,
    };
    const open = ballotPage(meeting, view({ current }), { controlNumber: CN });
    expect(open).toContain(
      'You have already voted online (recorded 2024-06-10 15:00 PDT). That vote counts now and is marked below. ' +
        'You can change it until 11:59 pm Pacific on 2024-06-19.',
    );
    expect(open).toContain('name="p2" value="AGAINST" checked');
    const closed = ballotPage(
      meeting,
      view({ current, cutoff: { label: '11:59 pm Pacific on 2024-06-19', open: false } }),
      {
        controlNumber: CN,
      },
    );
    expect(closed).toContain('<h1>Internet voting has closed</h1>');
    expect(closed).toContain('The internet cut-off, 11:59 pm Pacific on 2024-06-19, has passed');
    expect(closed).not.toContain('<form');
    expect(closed).not.toContain(CN);
  });

  it('the receipt: its id, the instant in the issuer’s zone, what was recorded, and whether it was emailed', () => {
    const receipt = { receiptId: 'abc123', recordedAt: '2024-06-19T06:59:00.000Z', ballot: { '7': '1 YEAR' as const } };
    // 06:59 UTC on 19 June is 23:59 PDT on 18 June.
    const html = receiptPage(meeting, { receipt, created: true, emailed: 'sent' });
    expect(html).toContain('<code id="receipt-id">abc123</code>');
    expect(html).toContain('2024-06-18 23:59 PDT');
    expect(html).toContain('<td>7. Frequency of the say-on-pay vote</td><td>1 YEAR</td>');
    expect(html).toContain(
      '<td>2. Ratification of Moss Adams LLP as independent registered public accounting firm for fiscal 2024</td><td>not voted</td>',
    );
    expect(html).toContain('A receipt was emailed');
    expect(receiptPage(meeting, { receipt, created: false, emailed: 'no' })).not.toContain('A receipt was emailed');
    expect(confirmationPage(meeting, { status: 'none', reason: 'no vote recorded' })).toContain('No vote counts now');
  });

  it('the start page: a labelled control-number field; a refusal is an alert with the field marked invalid', () => {
    const html = votingStartPage(meeting);
    expect(html).toContain(
      '<label for="controlNumber">Control number (12 digits, on your Notice or proxy card)</label>',
    );
    expect(html).toContain('<form method="post" action="/vote/sonim-2024/ballot"');
    expect(html).not.toMatch(/<script/i);
    const refused = votingStartPage(meeting, {
      message: 'not accepted: check the 12-digit control number',
      issues: [],
    });
    expect(refused).toContain('role="alert"');
    expect(refused).toContain('aria-invalid="true"');
  });

  it('the form fields become the vote API’s ballot: p<n> and p<n>:<nominee>, blanks and other fields left out', () => {
    expect(
      ballotFromForm({
        controlNumber: CN,
        'p1:James Cassano': 'FOR',
        'p1:Dana Dissident': 'WITHHOLD',
        p2: 'AGAINST',
        p3: '',
        'p1:__proto__': 'FOR',
        x: 'y',
      }),
    ).toEqual({ '1': { 'James Cassano': 'FOR', 'Dana Dissident': 'WITHHOLD', ['__proto__']: 'FOR' }, '2': 'AGAINST' });
    expect(Object.getPrototypeOf(ballotFromForm({ 'p1:__proto__': 'FOR' })['1'])).toBe(Object.prototype);
  });

  it('the materials site links the voting page, and still links a voting website the meeting file names', () => {
    const html = materialsPage(meeting, []);
    expect(html).toContain('<a href="/vote/sonim-2024">online on this site</a>');
    expect(html).toContain('<a href="/vote/sonim-2024/confirm">Check how your vote was recorded</a>');
    const external = materialsPage(
      { ...meeting, contacts: { ...meeting.contacts, votingWebsite: 'https://vote.example.com/x' } },
      [],
    );
    expect(external).toContain('or at <a href="https://vote.example.com/x">https://vote.example.com/x</a>');
  });
});

describe('the voting-site function', () => {
  it('answers GET /vote/{meetingId} with a page: no cookie, no caching, nothing loaded from elsewhere; an unknown meeting is 404', async () => {
    const root = {
      meeting: async (id: string) => {
        if (id !== meeting.id) throw new NotFoundError('no such meeting');
        return meeting;
      },
    } as unknown as Root;
    const handler = makeHandler(root) as unknown as (
      e: APIGatewayProxyEventV2,
      c: unknown,
    ) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
    const get = (id: string) =>
      handler(
        {
          version: '2.0',
          routeKey: 'GET /vote/{meetingId}',
          rawPath: `/vote/${id}`,
          rawQueryString: '',
          headers: {},
          pathParameters: { meetingId: id },
          isBase64Encoded: false,
          requestContext: { http: { method: 'GET', path: `/vote/${id}`, sourceIp: '192.0.2.1' } },
        } as unknown as APIGatewayProxyEventV2,
        lambdaContext('voting-site'),
      );
    const res = await get('sonim-2024');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Object.keys(res.headers).map((h) => h.toLowerCase())).not.toContain('set-cookie');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<h1>Vote your shares: Sonim Technologies, Inc.</h1>');
    const missing = await get('no-such-meeting');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Not found');
  });
});
