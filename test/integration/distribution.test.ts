import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import type { HolderDeps as HolderAdapters } from '../../shared/composition/root.js';
import { testRoot } from '../harness/platform.js';
import { uploadMaterial } from '../../shared/adapters/s3/materials.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import {
  NOMINEE_COLUMNS,
  NOMINEE_REQUIRED,
  REGISTERED_COLUMNS,
  REGISTERED_REQUIRED,
} from '../../shared/domain/holders/schema.js';
import { findByControlNumber } from '../../shared/domain/holders/use-cases.js';
import { distributeMeeting } from '../../shared/domain/distribution/use-cases.js';
import type { Mailer, PrintFiles } from '../../shared/domain/distribution/model.js';
import { PIECE_HEADER } from '../../shared/adapters/ses/mailer.js';
import { Temporal } from '../../shared/domain/calendar/dates.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

const day = (iso: string) => Temporal.PlainDate.from(iso);
const meetingFrom = (file: string, id: string): Meeting => ({
  ...(JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8')) as Meeting),
  id,
  createdAt: '2026-11-25T00:00:00Z',
  updatedAt: '2026-11-25T00:00:00Z',
});

/** The control-number secret (hex), in the platform's config. */
const SECRET = '3c'.repeat(32);

describe('distribution, end to end against dynalite, s3rver and the local SES', () => {
  let p: TestPlatform;
  let a: HolderAdapters;
  let d: Awaited<ReturnType<ReturnType<typeof testRoot>['distribution']>>;
  const seed = meetingFrom('sonim-2024.json', 'dist-2024');
  const rehearsal = meetingFrom('rehearsal-2025.json', 'rehearse-2025');

  const load = async (meeting: Meeting, rows: number) => {
    const text = [...generateRegisteredCsv({ rows, totalShares: meeting.meeting.sharesOutstanding, seed: 5 })].join(
      '\n',
    );
    await importHolders(
      { ...a, now: () => '2026-11-25T12:00:00Z' },
      {
        meeting,
        kind: 'registered',
        sourceId: `gen-${meeting.id}`,
        sourceName: 'gen.csv',
        records: readCsvRecords(Readable.from([text]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
      },
    );
    const nominees =
      'nominee_name,dtc_participant,sets_requested,address_line1,city,state,postal_code\nCede & Co,15,40,570 Washington Blvd,Jersey City,NJ,07310\n';
    await importHolders(
      { ...a, now: () => '2026-11-25T12:00:00Z' },
      {
        meeting,
        kind: 'nominee',
        sourceId: `nom-${meeting.id}`,
        sourceName: 'nom.csv',
        records: readCsvRecords(Readable.from([nominees]), { known: NOMINEE_COLUMNS, required: NOMINEE_REQUIRED }),
      },
    );
    await uploadMaterial(
      p.clients.s3,
      p.config.materialsBucket,
      meeting.id,
      'Proxy Statement and Annual Report.pdf',
      Buffer.from('%PDF-1.4 demo'),
    );
  };
  /** The SES store's mail for a meeting's pieces, by piece id. */
  const mailByPiece = async () => {
    const byPiece = new Map<string, number>();
    for (const m of await p.sesStore()) {
      const id = m.headers?.find((h) => h.name === PIECE_HEADER)?.value;
      if (id) byPiece.set(id, (byPiece.get(id) ?? 0) + 1);
    }
    return byPiece;
  };
  /** Every manifest row the print vendor would receive for a run. */
  const manifestRows = async (meetingId: string, runId: string) => {
    const list = await p.clients.s3.send(
      new ListObjectsV2Command({ Bucket: p.config.materialsBucket, Prefix: `print/${meetingId}/${runId}/manifest-` }),
    );
    const rows: Record<string, string>[] = [];
    for (const o of list.Contents ?? []) {
      const body = await (
        await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: o.Key! }))
      ).Body!.transformToString();
      rows.push(...(parse(body, { columns: true }) as Record<string, string>[]));
    }
    return rows;
  };

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    a = await testRoot(p, SECRET).holders();
    d = await testRoot(p, SECRET).distribution();
    await load(seed, 120);
    await load(rehearsal, 90);
  });
  afterAll(async () => p?.stop());

  it('the seed in notice only is refused (the 40-day rule) and nothing is sent', async () => {
    await p.clearSes();
    const out = await distributeMeeting(d, { meeting: seed, method: 'notice-only', sendDate: day('2024-06-05') });
    expect(out.status).toBe('refused');
    expect(out.schedule.checks.find((c) => c.id === 'notice-40-days')).toMatchObject({ ok: false });
    expect(await p.sesStore()).toEqual([]);
    expect(await manifestRows(seed.id, 'notice-only')).toEqual([]);
  });

  it('the seed in full set on 2024-06-05: every email in the local SES, every mail piece in the manifest, each once; a second run sends nothing', async () => {
    await p.clearSes();
    const out = await distributeMeeting(d, { meeting: seed, method: 'full-set', sendDate: day('2024-06-05') });
    expect(out.status).toBe('done');
    const f = out.figures;
    expect(f.holders).toBe(120);
    expect(f.proxyCards).toBe(120);
    const emails = await mailByPiece();
    expect(emails.size).toBe(f.byChannelAndContent['email:full-set']);
    expect([...emails.values()].every((n) => n === 1)).toBe(true);
    const rows = await manifestRows(seed.id, 'full-set');
    expect(rows).toHaveLength(f.byChannelAndContent['mail:full-set']);
    // Every account's proxy card is in exactly one piece: the emails' and the manifest's control numbers cover all 120 once.
    const mailed = rows.flatMap((r) => (r.control_numbers ? r.control_numbers.split(' ') : []));
    const emailed = (await p.sesStore()).map((m) => /Your control number: (\d{12})/.exec(m.body.text ?? '')![1]!);
    const all = [...mailed, ...emailed];
    expect(all).toHaveLength(120);
    expect(new Set(all).size).toBe(120);
    // A control number in an email belongs to the holder it was sent to.
    const sample = (await p.sesStore())[0]!;
    const owner = await findByControlNumber(a, seed.id, /Your control number: (\d{12})/.exec(sample.body.text!)![1]!);
    expect(owner?.email).toBe(sample.destination.to[0]);
    // The nominee's sets are in the manifest.
    expect(rows.find((r) => r.recipient === 'nominee')).toMatchObject({ sets: '40', addressee_1: 'Cede & Co' });

    const again = await distributeMeeting(d, { meeting: seed, method: 'full-set', sendDate: day('2024-06-05') });
    expect(again.counts).toMatchObject({ sent: 0, alreadySent: f.pieces });
    expect((await mailByPiece()).size).toBe(emails.size);
    expect(await manifestRows(seed.id, 'full-set')).toEqual(rows);
  });

  it('notice only on the rehearsal meeting, killed twice mid-run (once between sending and recording), resumes to exactly one of each piece', async () => {
    await p.clearSes();
    const req = { meeting: rehearsal, method: 'notice-only' as const, sendDate: day('2025-04-28') };
    // 1st run: the process "dies" right after the provider accepted the 4th email, before the ledger records it.
    let sends = 0;
    const dying: Mailer = {
      send: async (e) => {
        const id = await d.mailer.send(e);
        if (++sends === 4) throw new Error('killed');
        return id;
      },
      wasSent: (id) => d.mailer.wasSent(id),
    };
    await expect(distributeMeeting({ ...d, mailer: dying }, req)).rejects.toThrow('killed');
    // 2nd run: dies while writing the second manifest file.
    let manifests = 0;
    const failingPrint: PrintFiles = {
      putManifest: async (...args) => {
        if (++manifests === 2) throw new Error('killed');
        return d.print.putManifest(...args);
      },
      putDocument: (...args) => d.print.putDocument(...args),
    };
    await expect(distributeMeeting({ ...d, print: failingPrint }, { ...req, chunkSize: 10 })).rejects.toThrow('killed');
    // 3rd run completes.
    const out = await distributeMeeting(d, { ...req, chunkSize: 10 });
    expect(out.status).toBe('done');
    expect(out.counts?.inDoubt).toBe(0);
    const emails = await mailByPiece();
    expect(emails.size).toBe(out.figures.byChannelAndContent['email:notice']);
    expect([...emails.values()].every((n) => n === 1)).toBe(true);
    const rows = await manifestRows(rehearsal.id, 'notice-only');
    expect(rows).toHaveLength(out.figures.byChannelAndContent['mail:notice']);
    expect(new Set(rows.map((r) => r.piece_id)).size).toBe(rows.length);
    // The Notice email carries the rule's legend and the request-by date.
    const text = (await p.sesStore())[0]!.body.text!;
    expect(text).toContain('IMPORTANT NOTICE REGARDING THE AVAILABILITY OF PROXY MATERIALS');
    expect(text).toContain('on or before');
  });
});
