import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, submitted } from '../support/browser.js';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { startApiServer, type ApiServer } from '../../cli/local/http-server.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../../shared/domain/holders/schema.js';
import { createMeeting } from '../../shared/domain/meetings/use-cases.js';
import type { MeetingFileInput } from '../../shared/domain/meetings/schema.js';

/**
 * The voting page in a real browser at phone width (320 px), on the local platform as `npm start` serves it,
 * on the seed meeting (Sonim, America/Los_Angeles; June 2024 is PDT, UTC−7) with the clock fixed at Monday
 * 2024-06-10 15:00 PDT (PROXYDESK_NOW). The seed's internet cut-off is 11:59 pm Pacific on 2024-06-19, so
 * votes are in time; a second server with its clock at 2024-06-20 00:00 PDT is one minute past it.
 *
 * The seed's ballot, by hand from examples/sonim-2024.json: proposal 1 elects five directors under
 * plurality, FOR / WITHHOLD per nominee (James Cassano, Peter Liu, Mike Mulica, Jack Steenstra, Jeffrey
 * Wang, alphabetical by last name: Cassano, Liu, Mulica, Steenstra, Wang); proposals 2–6 FOR / AGAINST /
 * ABSTAIN; the board recommends FOR on every one. Record date 2024-05-30.
 *
 * Two holders, written here: TA-0000001 "O'Brien & Sons <Trust>" with 12,500 shares and an email on file;
 * TA-0000002 "Lee, Ana" with 300 shares and no email.
 */
const NOW = '2024-06-10T15:00:00-07:00';
const LATE = '2024-06-20T00:00:00-07:00';
const SECRET = '6c'.repeat(32);
const SET_UP = '2024-06-01T00:00:00Z';
const OBRIEN = "O'Brien & Sons <Trust>";
const HOLDERS_CSV = [
  'account_id,name,co_owner,address_line1,address_line2,address_line3,city,state,postal_code,country,shares,email,' +
    'edelivery_consent,householding_consent,delivery_election',
  `TA-0000001,"${OBRIEN}",,1 Main Street,,,Boston,MA,02134,US,"12,500",obrien@example.com,Y,none,`,
  'TA-0000002,"Lee, Ana",,2 Oak Avenue,,,Seattle,WA,98101,US,300,,N,none,',
].join('\n');
const CONTROL_LABEL = 'Control number (12 digits, on your Notice or proxy card)';
const NOT_ACCEPTED = 'not accepted: check the 12-digit control number on your Notice or proxy card';

describe('the voting page in a browser at phone width: a ballot, a vote, a change and a confirmation', () => {
  let p: TestPlatform;
  let api: ApiServer;
  let late: ApiServer;
  let browser: Browser;
  let context: BrowserContext;
  /** Control numbers by meeting and account. */
  const numbers = new Map<string, string>();
  /** The first vote's receipt (the change must get another). */
  let firstReceipt = '';
  const number = (meetingId: string, account: string) => numbers.get(`${meetingId}/${account}`)!;

  const openBallot = async (page: Page, meetingId: string, controlNumber: string) => {
    await page.goto(`${api.url}/vote/${meetingId}`);
    await page.getByLabel(CONTROL_LABEL).fill(controlNumber);
    return submitted(page, () => page.getByRole('button', { name: 'Show my ballot' }).click());
  };
  const proposal = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^Proposal ${n}: `) });
  const nominee = (page: Page, name: string) => proposal(page, 1).getByRole('group', { name, exact: true });
  const cast = (page: Page) => submitted(page, () => page.getByRole('button', { name: 'Cast my vote' }).click());
  /** The receipt page's table: proposal (and nominee) → the vote recorded. */
  const recorded = async (page: Page) =>
    Object.fromEntries(
      await page
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => [r.children[0]!.textContent, r.children[1]!.textContent])),
    ) as Record<string, string>;

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    api = await startApiServer({ port: 0, handlers: await loadHandlers({ ...p.config, fixedNow: NOW }) });
    late = await startApiServer({ port: 0, handlers: await loadHandlers({ ...p.config, fixedNow: LATE }) });
    const seed = JSON.parse(
      readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8'),
    ) as MeetingFileInput;
    // The seed contested (Rule 14a-19): a dissident, Ancora, adds Dana Dissident for the same five seats.
    const contested = {
      ...seed,
      id: 'contest-2024',
      proposals: seed.proposals.map((q) =>
        q.number === 1
          ? { ...q, seats: 5, nominees: [...q.nominees!, { name: 'Dana Dissident', party: 'Ancora' }] }
          : q,
      ),
    };
    const a = await testRoot(p, SECRET).holders();
    for (const file of [seed, contested]) {
      const { meeting } = await createMeeting(
        { meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName), now: () => SET_UP },
        file,
      );
      await importHolders(
        { ...a, now: () => SET_UP },
        {
          meeting,
          kind: 'registered',
          sourceId: 'page',
          sourceName: 'page.csv',
          records: readCsvRecords(Readable.from([HOLDERS_CSV]), {
            known: REGISTERED_COLUMNS,
            required: REGISTERED_REQUIRED,
          }),
        },
      );
      const holders = (await a.holders.listHolders(meeting.id, { limit: 10 })).holders;
      const cns = a.controlNumbers.controlNumbers(
        meeting.id,
        holders.map((h) => h.controlSeq),
      );
      holders.forEach((h, i) => numbers.set(`${meeting.id}/${h.accountId}`, cns[i]!));
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 320, height: 640 } }); // a small phone
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await late?.close();
    await api?.close();
    await p?.stop();
  });

  it('the page: a labelled control-number form, linked from the materials site, no script, no cookie, no sideways scroll', async () => {
    const page = await context.newPage();
    await page.goto(`${api.url}/materials/sonim-2024`);
    await page.getByRole('link', { name: 'online on this site' }).click();
    expect(page.url()).toBe(`${api.url}/vote/sonim-2024`);
    const res = await page.goto(`${api.url}/vote/sonim-2024`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['set-cookie']).toBeUndefined();
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Vote your shares: Sonim Technologies, Inc.',
    );
    expect(await page.getByLabel(CONTROL_LABEL).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Check how your vote was recorded' }).getAttribute('href')).toBe(
      '/vote/sonim-2024/confirm',
    );
    expect(await page.locator('script').count()).toBe(0);
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(320);
    await page.close();
  });

  it('a vote: the ballot for the account, then a receipt (15:00 PDT), emailed to the address on file', async () => {
    const page = await context.newPage();
    // Typed in groups of four, as printed.
    const res = await openBallot(
      page,
      'sonim-2024',
      number('sonim-2024', 'TA-0000001').replace(/(\d{4})(?=\d)/g, '$1 '),
    );
    expect(res.status()).toBe(200);
    expect(page.url()).toBe(`${api.url}/vote/sonim-2024/ballot`); // the number is not in the URL
    expect(await page.locator('#holder-name').textContent()).toBe(OBRIEN);
    const html = await res.text();
    expect(html).toContain('O&#39;Brien &amp; Sons &lt;Trust&gt;');
    expect(html).not.toContain('<Trust>');
    expect(await page.locator('#holder-shares').textContent()).toBe(
      '12,500 shares held on the record date, 2024-05-30',
    );
    expect(await page.locator('#current-vote').count()).toBe(0);
    expect(await page.getByRole('group', { name: /^Proposal \d: / }).count()).toBe(6);
    expect(await proposal(page, 1).getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      "The board's nominees",
    ]);
    // Alphabetical by last name, each its own group of FOR / WITHHOLD.
    expect(await proposal(page, 1).locator('fieldset legend').allTextContents()).toEqual([
      'James Cassano',
      'Peter Liu',
      'Mike Mulica',
      'Jack Steenstra',
      'Jeffrey Wang',
    ]);
    expect(await proposal(page, 1).textContent()).toContain('5 seats to fill: you may vote FOR up to 5 nominees.');
    expect(await proposal(page, 1).textContent()).toContain('The board recommends a vote FOR each of its nominees.');
    expect(await proposal(page, 3).textContent()).toContain('The board recommends a vote FOR.');
    expect(await page.content()).toContain('open until <strong>11:59 pm Pacific on 2024-06-19</strong>');
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(320);

    for (const n of ['James Cassano', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'])
      await nominee(page, n).getByLabel('FOR').check();
    await nominee(page, 'Peter Liu').getByLabel('WITHHOLD').check();
    await proposal(page, 2).getByLabel('FOR').check();
    await proposal(page, 3).getByLabel('AGAINST').check();
    await proposal(page, 6).getByLabel('ABSTAIN').check(); // 4 and 5 left unmarked
    await p.clearSes();
    expect((await cast(page)).status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your vote is recorded');
    const receipt = (await page.locator('#receipt-id').textContent())!;
    expect(receipt).toMatch(/^[0-9a-f]{32}$/);
    firstReceipt = receipt;
    expect(await page.locator('#recorded-at').textContent()).toBe('2024-06-10 15:00 PDT');
    expect(await page.locator('#emailed').textContent()).toContain('A receipt was emailed');
    const table = await recorded(page);
    expect(table['1. Election of five directors: Peter Liu']).toBe('WITHHOLD');
    expect(table['1. Election of five directors: Jeffrey Wang']).toBe('FOR');
    expect(table['3. Amendment of the 2019 Equity Incentive Plan to add 3,000,000 shares']).toBe('AGAINST');
    expect(table['4. Reverse stock split at a ratio between 1-for-2 and 1-for-15']).toBe('not voted');

    const deadline = Date.now() + 20_000;
    let mail = await p.sesStore();
    while (!mail.some((x) => x.destination.to.includes('obrien@example.com')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      mail = await p.sesStore();
    }
    const sent = mail.filter((x) => x.destination.to.includes('obrien@example.com'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toContain(`receipt ${receipt}`);
    expect(sent[0]!.body.text).not.toContain(number('sonim-2024', 'TA-0000001'));
    expect(await context.cookies()).toEqual([]);
    await page.close();
  });

  it('a change: the ballot shows the vote that counts, marked, until the cut-off; the changed vote gets a new receipt', async () => {
    const page = await context.newPage();
    await openBallot(page, 'sonim-2024', number('sonim-2024', 'TA-0000001'));
    expect(await page.locator('#current-vote').textContent()).toBe(
      'You have already voted online (recorded 2024-06-10 15:00 PDT). That vote counts now and is marked below. ' +
        'You can change it until 11:59 pm Pacific on 2024-06-19.',
    );
    expect(await nominee(page, 'Peter Liu').getByLabel('WITHHOLD').isChecked()).toBe(true);
    expect(await proposal(page, 3).getByLabel('AGAINST').isChecked()).toBe(true);
    expect(await proposal(page, 4).getByRole('radio', { checked: true }).count()).toBe(0);

    await nominee(page, 'Peter Liu').getByLabel('FOR').check();
    await proposal(page, 3).getByLabel('FOR').check();
    expect((await cast(page)).status()).toBe(200);
    const table = await recorded(page);
    expect(table['1. Election of five directors: Peter Liu']).toBe('FOR');
    expect(table['3. Amendment of the 2019 Equity Incentive Plan to add 3,000,000 shares']).toBe('FOR');
    expect(
      table[
        '6. Amendment of the certificate of incorporation to provide for officer exculpation as permitted by Delaware law'
      ],
    ).toBe('ABSTAIN');
    const changed = (await page.locator('#receipt-id').textContent())!;
    expect(changed).toMatch(/^[0-9a-f]{32}$/);
    expect(changed).not.toBe(firstReceipt);

    // Confirmation: the changed vote is the one that counts (the same instant: the later submission counts).
    await page.goto(`${api.url}/vote/sonim-2024/confirm`);
    await page.getByLabel(CONTROL_LABEL).fill(number('sonim-2024', 'TA-0000001'));
    expect((await submitted(page, () => page.getByRole('button', { name: 'Check my vote' }).click())).status()).toBe(
      200,
    );
    expect(page.url()).toBe(`${api.url}/vote/sonim-2024/confirm`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The vote that counts now');
    expect(await page.locator('#receipt-id').textContent()).toBe(changed);
    expect(await page.textContent('main')).toContain('Cast online, recorded 2024-06-10 15:00 PDT');
    expect(await page.textContent('main')).toContain('Votes 12,500 shares held on the record date, 2024-05-30');
    expect((await recorded(page))['3. Amendment of the 2019 Equity Incentive Plan to add 3,000,000 shares']).toBe(
      'FOR',
    );
    await page.close();
  });

  it('a holder who has not voted: no vote counts; a wrong number is the uniform refusal, the field cleared', async () => {
    const page = await context.newPage();
    await page.goto(`${api.url}/vote/sonim-2024/confirm`);
    await page.getByLabel(CONTROL_LABEL).fill(number('sonim-2024', 'TA-0000002'));
    await submitted(page, () => page.getByRole('button', { name: 'Check my vote' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('No vote counts now');

    const res = await openBallot(page, 'sonim-2024', '0000 0000 0001');
    expect(res.status()).toBe(403);
    expect(await page.getByRole('alert').textContent()).toContain(NOT_ACCEPTED);
    expect(await page.getByLabel(CONTROL_LABEL).inputValue()).toBe('');
    expect(await page.getByLabel(CONTROL_LABEL).getAttribute('aria-invalid')).toBe('true');
    await page.close();
  });

  it('a contest: the over-vote is refused naming proposal 1, the marks kept; corrected, it is recorded (no email on file)', async () => {
    const page = await context.newPage();
    await openBallot(page, 'contest-2024', number('contest-2024', 'TA-0000002'));
    expect(await page.locator('#holder-name').textContent()).toBe('Lee, Ana');
    expect(await proposal(page, 1).getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      "The board's nominees",
      'Nominees of Ancora',
    ]);
    for (const n of ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang', 'Dana Dissident'])
      await nominee(page, n).getByLabel('FOR').check();
    await proposal(page, 2).getByLabel('AGAINST').check();
    expect((await cast(page)).status()).toBe(400);
    // Six FOR for five seats (Rule 14a-19: online an over-vote is refused before it is stored).
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toContain(
      'proposal 1 (Election of five directors) elects 5; 6 FOR votes is more than the seats',
    );
    expect(await alert.getByRole('link').getAttribute('href')).toBe('#proposal-1');
    expect(await page.locator('#proposal-1-error').count()).toBe(1);
    expect(await nominee(page, 'Dana Dissident').getByLabel('FOR').isChecked()).toBe(true);
    expect(await proposal(page, 2).getByLabel('AGAINST').isChecked()).toBe(true);

    await nominee(page, 'Peter Liu').getByLabel('WITHHOLD').check();
    expect((await cast(page)).status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your vote is recorded');
    expect(await page.locator('#emailed').count()).toBe(0);
    expect((await recorded(page))['1. Election of five directors: Dana Dissident']).toBe('FOR');
    await page.close();
  });

  it('after the internet cut-off: the ballot says it passed, naming it, and a vote is refused (403)', async () => {
    const page = await context.newPage();
    await page.goto(`${late.url}/vote/sonim-2024`);
    await page.getByLabel(CONTROL_LABEL).fill(number('sonim-2024', 'TA-0000001'));
    await submitted(page, () => page.getByRole('button', { name: 'Show my ballot' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Internet voting has closed');
    expect(await page.getByRole('status').textContent()).toContain(
      'The internet cut-off, 11:59 pm Pacific on 2024-06-19, has passed',
    );
    expect(await page.getByRole('button', { name: 'Cast my vote' }).count()).toBe(0);

    const res = await context.request.post(`${late.url}/vote/sonim-2024/votes`, {
      form: { controlNumber: number('sonim-2024', 'TA-0000001'), p2: 'AGAINST' },
    });
    expect(res.status()).toBe(403);
    const html = await res.text();
    expect(html).toContain('The internet cut-off, 11:59 pm Pacific on 2024-06-19, has passed');
    expect(html).toContain('received 2024-06-20 00:00 PDT');
    await page.close();
  });
});
