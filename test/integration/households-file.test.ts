import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../../shared/domain/holders/schema.js';
import { fileHouseholds } from '../../shared/domain/households/use-cases.js';
import { Temporal } from '../../shared/domain/calendar/dates.js';

/**
 * A file of 5,000 rows: pairs of accounts at one address (one spelled "Street", one "St"), a bad
 * row every 1,000 lines, an unreadable line, and a duplicate account in a later batch than its
 * first appearance. The report must say what the file says.
 */
function file(): string {
  const lines = ['account_id,name,address_line1,city,state,postal_code,shares,householding_consent'];
  for (let i = 1; i <= 5000; i++) {
    const line = i + 1;
    if (line % 1000 === 0)
      lines.push(`B-${i},Bad Row,${i} Oak Street,Austin,ZZ,78701,5,affirmative`); // ZZ is no state
    else if (i === 4500)
      lines.push('A-1,Second Copy,1 Oak Street,Austin,TX,78701,5,affirmative'); // A-1 is on line 2
    else if (i === 4700)
      lines.push('A-4700,Holder'); // two fields: the header has eight
    else
      lines.push(`A-${i},Holder ${i},${Math.ceil(i / 2)} Oak ${i % 2 ? 'Street' : 'St'},Austin,TX,78701,5,affirmative`);
  }
  return `${lines.join('\n')}\n`;
}

describe('grouping a file of 5,000 rows', () => {
  const run = async () => {
    const r = await fileHouseholds(
      readCsvRecords(Readable.from([file()]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
      'report.csv',
      Temporal.PlainDate.from('2025-01-01'),
      {},
    );
    const { units, unitsJson, ...rest } = r;
    // Written out, the units are the same as read back (each unit's JSON text, without its id and key).
    expect([...unitsJson()].map((j) => JSON.parse(j) as unknown)).toEqual(
      [...units()].map(({ id: _, addressKey: __, ...u }) => u),
    );
    return { ...rest, units: [...units()] };
  };

  it('gives each bad row with its line, in line order, and every accepted account once', async () => {
    const report = await run();
    // What the file says: lines 1000, 2000, 3000, 4000 and 5000 have a bad state; line 4501 repeats A-1.
    const byField = report.rejections!.map((r) => [r.line, r.field]);
    expect(byField.filter(([, f]) => f === 'state').map(([l]) => l)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(report.rejections!.find((r) => r.field === 'account_id')).toMatchObject({
      line: 4501,
      message: expect.stringContaining('already on line 2'),
    });
    // Row 4,700 (line 4701) has two fields.
    expect(report.rejections!.filter((r) => r.field === '(row)').map((r) => r.line)).toEqual([4701]);
    const lines = report.rejections!.map((r) => r.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    // Every accepted account once; most pairs share one copy.
    const accounts = report.units.flatMap((u) => u.members.map((m) => m.accountId));
    expect(new Set(accounts).size).toBe(accounts.length);
    expect(report.figures.households).toBeGreaterThan(2400);
  });
});
