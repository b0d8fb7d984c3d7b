import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
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
 * The results page in a real browser at phone width (320 px), as `npm start` serves it: the seed meeting (six
 * proposals) with the clock at 2024-06-10 15:00 PDT, during the solicitation; one holder (12,500 shares) voted FOR
 * everything through the API, so proposal 2 (majority of voting power present) has FOR 12,500 of 12,500 present
 * and entitled: threshold ⌊12,500 / 2⌋ + 1 = 6,251.
 */
const NOW = '2024-06-10T15:00:00-07:00';
const SECRET = '8e'.repeat(32);
const HOLDERS_CSV = [
  'account_id,name,co_owner,address_line1,address_line2,address_line3,city,state,postal_code,country,shares,email,' +
    'edelivery_consent,householding_consent,delivery_election',
  'TA-0000001,Holder One,,1 Main Street,,,Boston,MA,02134,US,"12,500",,N,none,',
].join('\n');
const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];

describe('the results page in a browser at phone width', () => {
  let p: TestPlatform;
  let api: ApiServer;
  let browser: Browser;

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    api = await startApiServer({ port: 0, handlers: await loadHandlers({ ...p.config, fixedNow: NOW }) });
    const seed = JSON.parse(
      readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8'),
    ) as MeetingFileInput;
    const { meeting } = await createMeeting(
      { meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName), now: () => NOW },
      { ...seed, id: 'results-browser' },
    );
    const h = await testRoot(p, SECRET).holders();
    await importHolders(
      { ...h, now: () => NOW },
      {
        meeting,
        kind: 'registered',
        sourceId: 'hand',
        sourceName: 'hand.csv',
        records: readCsvRecords(Readable.from([HOLDERS_CSV]), {
          known: REGISTERED_COLUMNS,
          required: REGISTERED_REQUIRED,
        }),
      },
    );
    const [holder] = (await h.holders.listHolders(meeting.id, { limit: 1 })).holders;
    const [controlNumber] = h.controlNumbers.controlNumbers(meeting.id, [holder!.controlSeq]);
    const ballot = { '1': Object.fromEntries(NOMINEES.map((n) => [n, 'FOR'])), 2: 'FOR', 3: 'FOR', 4: 'FOR' };
    const res = await fetch(`${api.url}/meetings/${meeting.id}/votes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ controlNumber, ballot: { ...ballot, 5: 'FOR', 6: 'FOR' } }),
    });
    expect(res.status).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await p?.stop();
  });

  it('fits 320 px without sideways scrolling; each proposal’s chart is an image with its accessible name', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } }); // a small phone
    const page = await context.newPage();
    const res = await page.goto(`${api.url}/meetings/results-browser/results/page`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('preliminary results');
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(320);
    const charts = page.getByRole('img');
    expect(await charts.count()).toBe(6);
    const auditor = page.getByRole('img', { name: /^Proposal 2, .*: votes against the threshold$/ });
    await expect(auditor.isVisible()).resolves.toBe(true);
    // The description gives the numbers in words (aria-describedby).
    await expect(auditor.locator('desc').textContent()).resolves.toContain(
      'Threshold: 6,251 shares FOR needed; FOR is 6,249 shares above it.',
    );
    const box = await auditor.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(320);
    await expect(page.getByRole('row').filter({ hasText: 'Ratification of Moss Adams' }).count()).resolves.toBe(1);
    await context.close();
  });
});
