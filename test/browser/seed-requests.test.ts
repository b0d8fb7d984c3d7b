import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, submitted } from '../support/browser.js';
import { seedVotingMeeting } from '../harness/voting-meeting.js';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { startLocalQueue, type LocalQueue } from '../../cli/local/queue.js';
import { startLocalFulfilment } from '../../cli/local/workers.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { startApiServer, type ApiServer } from '../../cli/local/http-server.js';
import { DynamoRequestRecords } from '../../shared/adapters/dynamodb/request-store.js';
import { uploadMaterial } from '../../shared/adapters/s3/materials.js';

/** The control-number secret (hex), in the platform's config. */
const SECRET = '2f'.repeat(32);

/**
 * The seed meeting, walked through in a browser as on Friday 14 June 2024 at 16:30 in California
 * (PROXYDESK_NOW): before close of business, so a copy request counts from that Friday. Three
 * business days: Monday 17, Tuesday 18, then Thursday 20, since Wednesday 19 is Juneteenth.
 */
describe('the seed meeting: a paper and an email request in the browser, due Thursday 2024-06-20 (Juneteenth skipped)', () => {
  let p: TestPlatform;
  let queue: LocalQueue;
  let api: ApiServer;
  let browser: Browser;
  const numbers: string[] = [];

  const submit = async (page: Page, controlNumber: string, kind: string, email?: string) => {
    await page.goto(`${api.url}/materials/sonim-2024`);
    await page.getByLabel('Control number (12 digits, on your Notice or proxy card)').fill(controlNumber);
    await page.getByLabel(kind).check();
    if (email) await page.getByLabel('Email address (for an email copy or an email election)').fill(email);
    return submitted(page, () => page.getByRole('button', { name: 'Send my request' }).click());
  };

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    queue = await startLocalQueue();
    const config = { ...p.config, fixedNow: '2024-06-14T16:30:00-07:00' };
    const local = await startLocalFulfilment(queue, config, () => undefined);
    api = await startApiServer({ port: 0, handlers: await loadHandlers(local.config) });
    // The seed meeting under its own id, four holders; the first two are the stockholders here.
    const seeded = await seedVotingMeeting(p, SECRET, { id: 'sonim-2024', rows: 4, seed: 4 });
    const meeting = seeded.meeting;
    numbers.push(...seeded.numbers.slice(0, 2));
    await uploadMaterial(
      p.clients.s3,
      p.config.materialsBucket,
      meeting.id,
      'Proxy Statement 2024.pdf',
      Buffer.from('%PDF-1.4 seed'),
    );
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await queue?.stop();
    await p?.stop();
  });

  it('confirms both for Thursday, June 20, 2024, and a repeat adds nothing', async () => {
    // The email copy arrives in the local SES; the paper copy is on the print file with that day.
    const page = await browser.newPage();
    const paper = await submit(page, numbers[0]!, 'A paper copy of the materials, by first-class mail');
    expect(paper.status()).toBe(200);
    expect(await page.locator('#due-by').textContent()).toBe('Thursday, June 20, 2024');
    const reference = (await page.locator('code').textContent())!;
    const email = await submit(page, numbers[1]!, 'An email copy of the materials', 'seed.reader@example.com');
    expect(email.status()).toBe(200);
    expect(await page.content()).toContain('(2024-06-20)');
    // The same paper request again: the same request, sent once.
    await submit(page, numbers[0]!, 'A paper copy of the materials, by first-class mail');
    expect(await page.content()).toContain('You had already asked for this');
    expect(await page.locator('code').textContent()).toBe(reference);

    const deadline = Date.now() + 20_000;
    let mail = await p.sesStore();
    while (!mail.some((m) => m.destination.to.includes('seed.reader@example.com')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      mail = await p.sesStore();
    }
    expect(mail.filter((m) => m.destination.to.includes('seed.reader@example.com'))).toHaveLength(1);
    expect(mail[0]!.subject).toContain('Sonim Technologies');

    const records = new DynamoRequestRecords(p.clients.documents, p.config.tableName);
    let r = await records.get('sonim-2024', reference);
    while (r?.status !== 'fulfilled' && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      r = await records.get('sonim-2024', reference);
    }
    // The day's file is the Friday's (the issuer's day when it was fulfilled).
    expect(r!.fulfilment).toMatch(/^print: print\/sonim-2024\/fulfilment\/2024-06-14\.csv#2$/);
    const rows = parse(
      await (
        await p.clients.s3.send(
          new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: 'print/sonim-2024/fulfilment/2024-06-14.csv' }),
        )
      ).Body!.transformToString(),
      { columns: true },
    ) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      piece_id: reference,
      control_numbers: numbers[0],
      content: 'full-set',
      mail_by: '2024-06-20',
    });
    await page.close();
  });
});
