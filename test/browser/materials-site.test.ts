import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { launchChromium, submitted } from '../support/browser.js';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { startLocalQueue, type LocalQueue } from '../../cli/local/queue.js';
import { startLocalFulfilment } from '../../cli/local/workers.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { startApiServer, type ApiServer } from '../../cli/local/http-server.js';
import { testRoot } from '../harness/platform.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { DynamoPieceLedger } from '../../shared/adapters/dynamodb/piece-ledger.js';
import { DynamoRequestRecords } from '../../shared/adapters/dynamodb/request-store.js';
import { uploadMaterial } from '../../shared/adapters/s3/materials.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../../shared/domain/holders/schema.js';
import { createMeeting } from '../../shared/domain/meetings/use-cases.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

/**
 * The materials website walked through as on Friday 28 June 2024 at 17:30 in California (PROXYDESK_NOW;
 * the seed issuer's time zone is America/Los_Angeles, its close of business 17:00). After close of
 * business, so a copy request counts from the next business day: Saturday 29 and Sunday 30 are skipped,
 * Monday 1 July. Three business days from it (Rule 14a-16(j)(3)): Tuesday 2, Wednesday 3, then Friday 5,
 * since Thursday 4 July is Independence Day. Both copies are due Friday 2024-07-05.
 * The meeting: release (and first send) Monday 17 June, record date Friday 14 June, meeting Tuesday 30 July.
 */
const NOW = '2024-06-28T17:30:00-07:00';
const SET_UP = '2024-06-01T00:00:00Z';

/** The control-number secret (hex), in the platform's config. */
const SECRET = '4b'.repeat(32);

describe('the materials website in a real browser, after close of business on a Friday before the Fourth of July', () => {
  let p: TestPlatform;
  let queue: LocalQueue;
  let api: ApiServer;
  let browser: Browser;
  let meeting: Meeting;
  const numbers: string[] = [];

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    queue = await startLocalQueue();
    const local = await startLocalFulfilment(queue, { ...p.config, fixedNow: NOW }, () => undefined);
    api = await startApiServer({ port: 0, handlers: await loadHandlers(local.config) });
    const seed = JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as {
      contacts: object;
      meeting: object;
    };
    ({ meeting } = await createMeeting(
      {
        meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName),
        now: () => SET_UP,
      },
      {
        ...seed,
        id: 'site-2024',
        contacts: { ...seed.contacts, email: 'proxy-requests@example.com' },
        meeting: {
          ...seed.meeting,
          date: '2024-07-30',
          recordDate: '2024-06-14',
          materialsReleaseDate: '2024-06-17',
        },
        priorMeetingDate: null,
      },
    ));
    const a = await testRoot(p, SECRET).holders();
    const text = [...generateRegisteredCsv({ rows: 5, totalShares: meeting.meeting.sharesOutstanding, seed: 9 })].join(
      '\n',
    );
    await importHolders(
      { ...a, now: () => SET_UP },
      {
        meeting,
        kind: 'registered',
        sourceId: 'gen',
        sourceName: 'gen.csv',
        records: readCsvRecords(Readable.from([text]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
      },
    );
    const holders = (await a.holders.listHolders(meeting.id, { limit: 2 })).holders;
    numbers.push(
      ...a.controlNumbers.controlNumbers(
        meeting.id,
        holders.map((h) => h.controlSeq),
      ),
    );
    await uploadMaterial(
      p.clients.s3,
      p.config.materialsBucket,
      meeting.id,
      'Proxy Statement 2024.pdf',
      Buffer.from('%PDF-1.4 the statement'),
    );
    await new DynamoPieceLedger(p.clients.documents, p.config.tableName).saveRun({
      meetingId: meeting.id,
      runId: 'full-set',
      method: 'full-set',
      sendDate: '2024-06-17',
      status: 'done',
      checks: [],
      startedAt: '2024-06-17T16:00:00Z',
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await queue?.stop();
    await p?.stop();
  });

  it('shows the meeting and its documents without a control number, and sets no cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${api.url}/materials/${meeting.id}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['set-cookie']).toBeUndefined();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Sonim Technologies');
    expect(await page.getByRole('row').count()).toBeGreaterThan(3); // the proposals
    const download = await context.request.get(
      await page
        .getByRole('link', { name: 'Proxy Statement 2024.pdf' })
        .getAttribute('href')
        .then((h) => `${api.url}${h}`),
    );
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe('%PDF-1.4 the statement');
    // Every field has a label a screen reader announces.
    for (const label of [
      'Control number (12 digits, on your Notice or proxy card)',
      'Email address (for an email copy or an email election)',
      'An email copy of the materials',
    ]) {
      expect(await page.getByLabel(label).count()).toBe(1);
    }
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('files an email copy and a paper copy with the keyboard and the mouse, each due Friday 5 July', async () => {
    // Each is confirmed with its send-by day; the email arrives in the local SES, the paper copy is on the print file.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone
    const page = await context.newPage();
    await page.goto(`${api.url}/materials/${meeting.id}`);
    await p.clearSes();

    // Email copy, by keyboard.
    await page
      .getByLabel('Control number (12 digits, on your Notice or proxy card)')
      .fill(numbers[0]!.replace(/(\d{4})(?=\d)/g, '$1 '));
    await page.getByLabel('An email copy of the materials').check();
    await page.getByLabel('Email address (for an email copy or an email election)').fill('reader@example.com');
    expect(
      (
        await submitted(page, () =>
          page.getByLabel('Email address (for an email copy or an email election)').press('Enter'),
        )
      ).status(),
    ).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your request is received');
    expect(await page.locator('#due-by').textContent()).toBe('Friday, July 5, 2024');
    expect(await page.content()).toContain('(2024-07-05)');

    // Paper copy, by mouse.
    await page.goto(`${api.url}/materials/${meeting.id}`);
    await page.getByLabel('Control number (12 digits, on your Notice or proxy card)').fill(numbers[1]!);
    await page.getByLabel('A paper copy of the materials, by first-class mail').check();
    expect((await submitted(page, () => page.getByRole('button', { name: 'Send my request' }).click())).status()).toBe(
      200,
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your request is received');
    expect(await page.locator('#due-by').textContent()).toBe('Friday, July 5, 2024');
    const reference = (await page.locator('code').textContent())!;

    // The email copy arrives in the local SES store.
    const deadline = Date.now() + 20_000;
    let mail = await p.sesStore();
    while (!mail.some((m) => m.destination.to.includes('reader@example.com')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      mail = await p.sesStore();
    }
    const copy = mail.find((m) => m.destination.to.includes('reader@example.com'))!;
    expect(copy.body.text).toContain(`Your control number: ${numbers[0]}`);

    // The paper copy lands in the day's print file with its send-by day.
    const records = new DynamoRequestRecords(p.clients.documents, p.config.tableName);
    let paper = await records.get(meeting.id, reference);
    while (paper?.status !== 'fulfilled' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      paper = await records.get(meeting.id, reference);
    }
    // The file is named by the issuer's day the fulfilment ran (Friday 28 June, though the request counts
    // from Monday); the one paper request is its row 2, under the header.
    const key = 'print/site-2024/fulfilment/2024-06-28.csv';
    expect(paper!.fulfilment).toBe(`print: ${key}#2`);
    const rows = parse(
      await (
        await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: key }))
      ).Body!.transformToString(),
      { columns: true },
    ) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ piece_id: reference, control_numbers: numbers[1], mail_by: '2024-07-05' });
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('a wrong control number is "not accepted", the form comes back without it, and a field error is announced', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/materials/${meeting.id}`);
    await page.getByLabel('Control number (12 digits, on your Notice or proxy card)').fill('000000000001');
    await page.getByLabel('A paper copy of the materials, by first-class mail').check();
    const res = await submitted(page, () => page.getByRole('button', { name: 'Send my request' }).click());
    expect(res.status()).toBe(403);
    expect(await page.getByRole('alert').textContent()).toContain('not accepted');
    expect(await page.getByLabel('Control number (12 digits, on your Notice or proxy card)').inputValue()).toBe('');
    await page.getByLabel('Control number (12 digits, on your Notice or proxy card)').fill('12');
    await page.getByLabel('An email copy of the materials').check();
    expect((await submitted(page, () => page.getByRole('button', { name: 'Send my request' }).click())).status()).toBe(
      400,
    );
    expect(await page.locator('#controlNumber').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#email-error').textContent()).toContain('address');
    await page.close();
  });
});
