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
import { Temporal } from '../../shared/domain/calendar/dates.js';
import { addBusinessDays, effectiveReceiptDate } from '../../shared/domain/calendar/business-days.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

describe('the materials website in a real browser', () => {
  let p: TestPlatform;
  let queue: LocalQueue;
  let api: ApiServer;
  let browser: Browser;
  let meeting: Meeting;
  const numbers: string[] = [];
  const tz = 'America/Los_Angeles';
  const today = Temporal.Now.plainDateISO(tz);

  beforeAll(async () => {
    process.env.PROXYDESK_CONTROL_SECRET = '4b'.repeat(32);
    p = await startTestPlatform();
    queue = await startLocalQueue();
    const local = await startLocalFulfilment(queue, p.config, () => undefined);
    api = await startApiServer({ port: 0, handlers: await loadHandlers(local.config) });
    const seed = JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Record<
      string,
      any
    >;
    ({ meeting } = await createMeeting(
      {
        meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName),
        now: () => new Date().toISOString(),
      },
      {
        ...seed,
        id: 'site-now',
        contacts: { ...seed.contacts, email: 'proxy-requests@example.com' },
        meeting: {
          ...seed.meeting,
          date: today.add({ days: 30 }).toString(),
          recordDate: today.subtract({ days: 5 }).toString(),
          materialsReleaseDate: today.subtract({ days: 2 }).toString(),
        },
        priorMeetingDate: null,
      },
    ));
    const a = await testRoot(p, process.env.PROXYDESK_CONTROL_SECRET!).holders();
    const text = [...generateRegisteredCsv({ rows: 5, totalShares: meeting.meeting.sharesOutstanding, seed: 9 })].join(
      '\n',
    );
    await importHolders(
      { ...a, now: () => new Date().toISOString() },
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
      sendDate: today.subtract({ days: 2 }).toString(),
      status: 'done',
      checks: [],
      startedAt: new Date().toISOString(),
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

  it('files an email copy and a paper copy with the keyboard and the mouse: each confirmed with its send-by day, the email in the local SES, the paper copy in the print file', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone
    const page = await context.newPage();
    await page.goto(`${api.url}/materials/${meeting.id}`);
    await p.clearSes();
    const expectedDue = () =>
      addBusinessDays(
        effectiveReceiptDate(Temporal.Now.instant(), tz, Temporal.PlainTime.from('17:00')).date,
        3,
      ).toString();

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
    expect(await page.locator('#due-by').textContent()).toBeTruthy();
    expect(await page.content()).toContain(`(${expectedDue()})`);

    // Paper copy, by mouse.
    await page.goto(`${api.url}/materials/${meeting.id}`);
    await page.getByLabel('Control number (12 digits, on your Notice or proxy card)').fill(numbers[1]!);
    await page.getByLabel('A paper copy of the materials, by first-class mail').check();
    expect((await submitted(page, () => page.getByRole('button', { name: 'Send my request' }).click())).status()).toBe(
      200,
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your request is received');
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
    const [, key] = /^print: (.+)#\d+$/.exec(paper!.fulfilment!)!;
    const rows = parse(
      await (
        await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: key! }))
      ).Body!.transformToString(),
      { columns: true },
    ) as Record<string, string>[];
    expect(rows.find((r) => r.piece_id === reference)).toMatchObject({
      control_numbers: numbers[1],
      mail_by: paper!.dueBy,
    });
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
