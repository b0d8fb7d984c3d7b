import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import type { HolderDeps as HolderAdapters } from '../../shared/composition/root.js';
import { testRoot } from '../harness/platform.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../../shared/domain/holders/schema.js';
import {
  meetingHouseholds,
  noticeList,
  recordHouseholdingEvent,
  recordNoticesSent,
} from '../../shared/domain/households/use-cases.js';
import { Temporal } from '../../shared/domain/calendar/dates.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

const day = (iso: string) => Temporal.PlainDate.from(iso);
const seedMeeting = (id: string): Meeting => ({
  ...(JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting),
  id,
  createdAt: '2026-11-25T00:00:00Z',
  updatedAt: '2026-11-25T00:00:00Z',
});

// Three Lees at one flat written three ways (two consent, one has none), two Roes at one PO box
// (one consents), a neighbour in another flat, and a lone holder.
const FILE = [
  'account_id,name,address_line1,address_line2,city,state,postal_code,shares,householding_consent',
  'TA-1,"Lee, Ann",12 Oak Avenue,Apartment 3,Austin,Texas,78701-1234,100,affirmative',
  'TA-2,Bob Lee,12 OAK AVE #3,,AUSTIN,TX,78701,200,implied',
  'TA-3,Cy Lee,"12 Oak Ave., Apt. 3",,austin,tx,78701,300,none',
  'TA-4,Dee Roe,P.O. Box 12,,Cary,NC,27512,400,affirmative',
  'TA-5,Eve Roe,PO BOX 12,,Cary,NC,27512,500,none',
  'TA-6,Fay Poe,12 Oak Ave Apt 4,,Austin,TX,78701,600,affirmative',
  'TA-7,Gus Yu,1 Elm St,,Boston,MA,02134,700,affirmative',
].join('\n');

/** The control-number secret (hex), in the platform's config. */
const SECRET = '7a'.repeat(32);

describe('households of a stored holder list (dynalite)', () => {
  let p: TestPlatform;
  let a: HolderAdapters;
  const meeting = seedMeeting('hh-2024');
  const load = (text: string) =>
    importHolders(
      { ...a, now: () => '2026-11-25T12:00:00Z' },
      {
        meeting,
        kind: 'registered',
        sourceId: `t:${text.length}`,
        sourceName: 'hh.csv',
        records: readCsvRecords(Readable.from([text]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
      },
    );

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    a = await testRoot(p, SECRET).holders();
    await load(FILE);
  });
  afterAll(async () => p?.stop());

  it('groups the consenting holders at each address; the rest get their own copy', async () => {
    const r = await meetingHouseholds(a.holders, meeting.id, day('2025-01-01'));
    expect(r.households.filter((u) => u.householded).map((u) => u.accounts)).toEqual([['TA-1', 'TA-2']]);
    expect(r.households.flatMap((u) => u.accounts).sort()).toEqual([
      'TA-1',
      'TA-2',
      'TA-3',
      'TA-4',
      'TA-5',
      'TA-6',
      'TA-7',
    ]);
    // 7 holders, 1 household of 2 → 6 copies; TA-3 and both Roes share an address without consent to share.
    expect(r.figures).toEqual({
      holders: 7,
      households: 1,
      householdedHolders: 2,
      copies: 6,
      copiesSaved: 1,
      sharedAddressWithoutConsent: 3,
    });
  });

  it('holders by household: the stored household key finds everyone at the address', async () => {
    const ann = (await a.holders.getHolder(meeting.id, 'TA-1'))!;
    const there = await a.holders.listHousehold(meeting.id, ann.addressKey);
    expect(there.map((h) => h.accountId).sort()).toEqual(['TA-1', 'TA-2', 'TA-3']);
  });

  it('the implied-consent notice goes to the Lee and the Roe without consent; 60 days later the three Lees are one household, and the Roes too', async () => {
    expect((await noticeList(a.holders, meeting.id, day('2025-01-10'))).map((h) => h.accountId)).toEqual([
      'TA-3',
      'TA-5',
    ]);
    const sent = await recordNoticesSent(a.holders, meeting.id, day('2025-01-10'));
    expect(sent).toEqual({ sentOn: '2025-01-10', impliedFrom: '2025-03-11', accounts: ['TA-3', 'TA-5'] });
    expect(await noticeList(a.holders, meeting.id, day('2025-01-11'))).toEqual([]);
    const before = await meetingHouseholds(a.holders, meeting.id, day('2025-03-10'));
    expect(before.households.filter((u) => u.householded).map((u) => u.accounts)).toEqual([['TA-1', 'TA-2']]);
    const after = await meetingHouseholds(a.holders, meeting.id, day('2025-03-11'));
    expect(
      after.households
        .filter((u) => u.householded)
        .map((u) => u.accounts)
        .sort(),
    ).toEqual([
      ['TA-1', 'TA-2', 'TA-3'],
      ['TA-4', 'TA-5'],
    ]);
  });

  it('a revocation is recorded with its 30-day due date, survives a re-import of a corrected file, and the household shrinks', async () => {
    const r = await recordHouseholdingEvent(a.holders, meeting.id, 'TA-2', 'revocation', day('2025-04-01'));
    expect(r.consent).toEqual({ basis: 'revoked', since: '2025-04-01', individualDeliveryBy: '2025-05-01' });
    // The transfer agent's corrected file changes Bob's shares and still says "implied".
    const out = await load(
      FILE.replace(
        'TA-2,Bob Lee,12 OAK AVE #3,,AUSTIN,TX,78701,200',
        'TA-2,Bob Lee,12 OAK AVE #3,,AUSTIN,TX,78701,250',
      ),
    );
    expect(out.counts.rowsImported).toBe(7);
    const bob = (await a.holders.getHolder(meeting.id, 'TA-2'))!;
    expect(bob.shares).toBe(250);
    expect(bob.householding).toMatchObject({ revokedOn: '2025-04-01' });
    const h = await meetingHouseholds(a.holders, meeting.id, day('2025-04-02'));
    expect(
      h.households
        .filter((u) => u.householded)
        .map((u) => u.accounts)
        .sort(),
    ).toEqual([
      ['TA-1', 'TA-3'],
      ['TA-4', 'TA-5'],
    ]);
    expect(h.individualDeliveryDue).toEqual([{ accountId: 'TA-2', revokedOn: '2025-04-01', by: '2025-05-01' }]);
  });

  it('an event for an unknown holder is refused, and nothing is created', async () => {
    await expect(
      recordHouseholdingEvent(a.holders, meeting.id, 'TA-404', 'consent', day('2025-01-01')),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await a.holders.saveHouseholding(meeting.id, 'TA-404', { consentedOn: '2025-01-01' })).toBe(false);
    expect(await a.holders.getHolder(meeting.id, 'TA-404')).toBeUndefined();
  });

  it('a notice is refused for a holder who already consents', async () => {
    await expect(
      recordHouseholdingEvent(a.holders, meeting.id, 'TA-1', 'notice-sent', day('2025-01-01')),
    ).rejects.toThrow(/only for holders without consent/);
  });
});
