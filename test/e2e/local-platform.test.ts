import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import SwaggerParser from '@apidevtools/swagger-parser';
import { runCli, startCli } from '../support/cli.js';
import { contractValidator } from '../http/contract-validator.js';
import { ROUTES } from '../../shared/resources.js';
import type { OpenApiDocument } from '../../shared/http/openapi.js';
import type { DeadlineReport } from '../../shared/domain/deadlines/engine.js';
import type { Meeting, MeetingFileInput, MeetingSummary } from '../../shared/domain/meetings/schema.js';

const demo = () =>
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as MeetingFileInput;

describe('the CLI on a data directory with nothing running', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists and shows the demo meeting it loads itself', async () => {
    const list = await runCli(['meetings', 'list', '--data-dir', dir, '--json']);
    expect(list.code).toBe(0);
    expect(
      JSON.parse(list.stdout)
        .meetings.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual(['rehearsal', 'sonim-2024']);
    const show = await runCli(['meetings', 'show', 'sonim-2024', '--data-dir', dir]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('46,717,887');
    expect(show.stdout).toContain('2025-02-05');
  });

  it('refuses a bad meeting file with every wrong field named (exit 1) and keeps a good one', async () => {
    const bad = demo();
    bad.id = 'acme-2025';
    bad.meeting.recordDate = '2024-01-01';
    bad.contacts.website = 'not a url';
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify(bad));
    const refused = await runCli(['meetings', 'create', '--file', badFile, '--data-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('meeting.recordDate');
    expect(refused.stderr).toContain('contacts.website');

    const good = demo();
    good.id = 'acme-2025';
    const goodFile = join(dir, 'good.json');
    writeFileSync(goodFile, JSON.stringify(good));
    expect((await runCli(['meetings', 'create', '--file', goodFile, '--data-dir', dir])).code).toBe(0);
    const again = await runCli(['meetings', 'create', '--file', goodFile, '--data-dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const list = await runCli(['meetings', 'list', '--data-dir', dir, '--json']);
    expect(
      JSON.parse(list.stdout)
        .meetings.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual(['acme-2025', 'rehearsal', 'sonim-2024']);
  });

  it('a missing file is a bad argument (exit 2)', async () => {
    const r = await runCli(['meetings', 'create', '--file', join(dir, 'missing.json'), '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--file');
  });
});

describe('npm start: the whole platform on localhost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-start-'));
  let running: Awaited<ReturnType<typeof startCli>>;
  beforeAll(async () => {
    running = await startCli(['--port', '0', '--data-dir', dir]);
  }, 60_000);
  afterAll(() => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the deadlines API', async () => {
    const res = await fetch(`${running.apiUrl}/deadlines?priorMeeting=2024-06-20&priorRelease=2024-06-05`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as DeadlineReport).rule14a8.deadline).toBe('2025-02-05');
    const bad = await fetch(`${running.apiUrl}/deadlines/check`, {
      method: 'POST',
      body: '{"route":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
  });

  it('serves the demo meeting and its page, and the SES mail viewer', async () => {
    const meetings = (await (await fetch(`${running.apiUrl}/meetings`)).json()) as { meetings: MeetingSummary[] };
    expect(meetings.meetings.map((m) => m.id)).toContain('sonim-2024');
    const page = await fetch(`${running.apiUrl}/pages/meetings/sonim-2024`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sonim Technologies');
    expect(html).toContain('2025-03-22');
    expect((await fetch(running.sesViewerUrl)).status).toBe(200);
  });

  it('the CLI works against the running servers (same state)', async () => {
    const m = demo();
    m.id = 'shared-2025';
    const file = join(dir, 'm.json');
    writeFileSync(file, JSON.stringify(m));
    expect((await runCli(['meetings', 'create', '--file', file, '--data-dir', dir])).code).toBe(0);
    const res = (await (await fetch(`${running.apiUrl}/meetings/shared-2025`)).json()) as Meeting;
    expect(res.id).toBe('shared-2025');
  });

  it('the demo meeting comes with a generated holder list that balances, and shows its households', async () => {
    expect(running.output()).toContain('loaded a generated list of 2,000 holders');
    const summary = JSON.parse(
      (await runCli(['holders', 'summary', '--meeting', 'sonim-2024', '--data-dir', dir, '--json'])).stdout,
    );
    expect(summary).toMatchObject({ registeredHolders: 2000, registeredShares: 46_717_887, status: 'balanced' });
    const r = await runCli(['households', '--meeting', 'sonim-2024', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.figures.holders).toBe(2000);
    expect(report.figures.households).toBeGreaterThan(0);
    expect(report.figures.copies + report.figures.copiesSaved).toBe(2000);
  });

  it('shows the Notice of Internet Availability as a print page (specimen control number), flagged incomplete for the seed (no request email)', async () => {
    const res = await fetch(`${running.apiUrl}/pages/meetings/sonim-2024/notice`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      '<strong>Important Notice Regarding the Availability of Proxy Materials for the Annual Meeting of ' +
        'Stockholders To Be Held on Thursday, June 20, 2024</strong>',
    );
    expect(html).toContain('0000 0000 0000 (specimen)');
    expect(html).toContain('lacks (8) an email address');
    // The seed names no other voting website: the Notice sends holders to the platform's own voting page.
    expect(html).toContain('/vote/sonim-2024 with your control number, where the proxy form is available.');
    const rehearsal = await (await fetch(`${running.apiUrl}/pages/meetings/rehearsal/notice`)).text();
    expect(rehearsal).toContain('REHEARSAL ONLY');
    expect(rehearsal).not.toContain('lacks (8)');
  });

  it('the distributions API: the seed in notice only is refused (422); a full-set dry run is planned by the worker over the queue (202)', async () => {
    const pdf = join(dir, 'statement.pdf');
    writeFileSync(pdf, '%PDF-1.4 demo');
    expect(
      (await runCli(['materials', 'upload', '--meeting', 'sonim-2024', '--file', pdf, '--data-dir', dir])).code,
    ).toBe(0);
    // The public meeting facts list the posted documents, readable without a control number.
    const facts = (await (await fetch(`${running.apiUrl}/meetings/sonim-2024`)).json()) as {
      documents: { name: string; href: string }[];
    };
    expect(facts.documents).toEqual([{ name: 'statement.pdf', href: '/materials/sonim-2024/documents/statement.pdf' }]);
    const doc = await fetch(`${running.apiUrl}${facts.documents[0]!.href}`);
    expect(doc.status).toBe(200);
    expect(await doc.text()).toBe('%PDF-1.4 demo');
    const post = (body: unknown) =>
      fetch(`${running.apiUrl}/meetings/sonim-2024/distributions`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const refused = await post({ method: 'notice-only', asOf: '2024-06-05' });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain('notice-40-days');
    const accepted = await post({ method: 'full-set', asOf: '2024-06-05', dryRun: true });
    expect(accepted.status).toBe(202);
    const deadline = Date.now() + 30_000;
    let dry: { status: string; figures?: { holders: number; proxyCards: number } } | undefined;
    while (!dry && Date.now() < deadline) {
      const runs = (
        (await (await fetch(`${running.apiUrl}/meetings/sonim-2024/distributions`)).json()) as {
          runs: { runId: string }[];
        }
      ).runs;
      dry = runs.find((r) => r.runId === 'dry-run-full-set') as typeof dry;
      if (!dry) await new Promise((r) => setTimeout(r, 200));
    }
    expect(dry).toMatchObject({ status: 'planned', figures: { holders: 2000, proxyCards: 2000 } });
  });

  it('the rehearsal meeting is dated from the day the platform first loaded it, and its materials website takes requests', async () => {
    const m = (await (await fetch(`${running.apiUrl}/meetings/rehearsal`)).json()) as {
      meeting: { materialsReleaseDate: string; date: string; recordDate: string };
    };
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
    expect(m.meeting.materialsReleaseDate).toBe(today);
    // The template's spacing: record date a week before the release, the meeting 52 days after it.
    const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
    expect(days(m.meeting.recordDate, m.meeting.materialsReleaseDate)).toBe(7);
    expect(days(m.meeting.materialsReleaseDate, m.meeting.date)).toBe(52);
    const site = await fetch(`${running.apiUrl}/materials/rehearsal`);
    expect(site.status).toBe(200);
    expect(site.headers.get('set-cookie')).toBeNull();
    expect(await site.text()).toContain('Send my request');
    const refused = await fetch(`${running.apiUrl}/meetings/rehearsal/requests`, {
      method: 'POST',
      body: JSON.stringify({ controlNumber: '000000000000', kind: 'paper-copy' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(refused.status).toBe(403);
  });

  it('a holder file uploaded to the local imports bucket is imported, as an S3 upload is on AWS', async () => {
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { endpoints: { s3: string } };
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: state.endpoints.s3,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const key = 'imports/sonim-2024/registered/upload 1.csv';
    const csv =
      'account_id,name,address_line1,city,state,postal_code,shares\nU-1,"Lee, Ann",1 Main St,Austin,TX,78701,5\nU-2,,2 Main St,Austin,TX,78701,7\n';
    await s3.send(new PutObjectCommand({ Bucket: 'proxydesk-imports', Key: key, Body: csv }));
    const deadline = Date.now() + 20_000;
    while (!running.output().includes(`holder import ${key}: done`) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(running.output()).toContain(`holder import ${key}: done`);
    const report = JSON.parse(
      await (
        await s3.send(new GetObjectCommand({ Bucket: 'proxydesk-imports', Key: `reports/${key}.json` }))
      ).Body!.transformToString(),
    );
    expect(report.counts).toMatchObject({ rowsRead: 2, rowsImported: 1, rowsRejected: 1 });
    expect(report.rejections).toEqual([{ line: 3, field: 'name', message: 'name is required' }]);
    s3.destroy();
  });

  it('publishes its contract at /openapi.json: a valid OpenAPI 3.1 document of every route, which its answers follow', async () => {
    const res = await fetch(`${running.apiUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const contract = (await res.json()) as OpenApiDocument;
    await expect(SwaggerParser.validate(structuredClone(contract) as never)).resolves.toBeTruthy();
    const documented = Object.entries(contract.paths ?? {}).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    // Real answers (the demo meeting with a posted document and two runs, from the tests above) in the documented shapes.
    const check = contractValidator(contract);
    for (const [route, url] of [
      ['GET /meetings', '/meetings'],
      ['GET /meetings/{meetingId}', '/meetings/sonim-2024'],
      ['GET /meetings/{meetingId}/deadlines', '/meetings/sonim-2024/deadlines'],
      ['GET /meetings/{meetingId}/distributions', '/meetings/sonim-2024/distributions'],
    ] as const) {
      const answer = await fetch(`${running.apiUrl}${url}`);
      expect(answer.status, url).toBe(200);
      const shape = check.response(route, 200);
      expect(shape(await answer.json()), `${url}: ${JSON.stringify(shape.errors)}`).toBe(true);
    }
    const missing = await fetch(`${running.apiUrl}/meetings/no-such-meeting`);
    expect(missing.status).toBe(404);
    expect(check.response('GET /meetings/{meetingId}', 404)(await missing.json())).toBe(true);
  });

  it('Ctrl-C stops everything cleanly and removes the state file', async () => {
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
    const exited = new Promise<number | null>((r) => running.child.on('exit', (code) => r(code)));
    running.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });
});
