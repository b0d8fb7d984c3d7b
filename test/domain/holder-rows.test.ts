import { describe, expect, it } from 'vitest';
import { normaliseCountry, normaliseUsState, normaliseZip } from '../../shared/domain/holders/address.js';
import { NomineeRowSchema, RegisteredRowSchema } from '../../shared/domain/holders/schema.js';
import { reconcile } from '../../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';

describe('address normalisation', () => {
  it.each([
    ['US', 'US'],
    ['usa', 'US'],
    ['U.S.A.', 'US'],
    ['United States', 'US'],
    ['United States of America', 'US'],
    ['', 'US'],
    ['Germany', 'DE'],
    ['DEU', 'DE'],
    ['ca', 'CA'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
  ])('country %j is %s', (raw, code) => expect(normaliseCountry(raw)).toBe(code));

  it('an unknown country is undefined', () => expect(normaliseCountry('Atlantis')).toBeUndefined());

  it.each([
    ['CA', 'CA'],
    ['ca', 'CA'],
    ['California', 'CA'],
    [' new  york ', 'NY'],
    ['Puerto Rico', 'PR'],
    ['AE', 'AE'],
    ['D.C.', 'DC'],
  ])('state %j is %s', (raw, code) => expect(normaliseUsState(raw)).toBe(code));

  it('ZIP codes: 5 digits, ZIP+4 with or without the dash; others refused', () => {
    expect(normaliseZip('02134')).toBe('02134');
    expect(normaliseZip('021341234')).toBe('02134-1234');
    expect(normaliseZip(' 02134-1234 ')).toBe('02134-1234');
    expect(normaliseZip('2134')).toBeUndefined();
    expect(normaliseZip('ABCDE')).toBeUndefined();
  });
});

describe('row validation', () => {
  const row = {
    account_id: 'TA-1',
    name: 'A B',
    address_line1: '1 Main St',
    city: 'Austin',
    state: 'TX',
    postal_code: '78701',
    shares: '10',
  };
  it('shares: "1,000" is 1000; 0, 10.5, -3 and text are refused', () => {
    expect(RegisteredRowSchema.parse({ ...row, shares: '1,000' }).shares).toBe(1000);
    for (const bad of ['0', '10.5', '-3', 'ten', ''])
      expect(RegisteredRowSchema.safeParse({ ...row, shares: bad }).success).toBe(false);
  });

  it('a military address (APO AE) is valid and flagged', () => {
    expect(RegisteredRowSchema.parse({ ...row, city: 'APO', state: 'AE', postal_code: '09012' }).address).toMatchObject(
      { military: true, state: 'AE' },
    );
  });

  it('a nominee DTC number is padded to four digits; sets must be whole', () => {
    const n = {
      nominee_name: 'Cede & Co',
      dtc_participant: '15',
      sets_requested: '1,200',
      address_line1: '51 Mercedes Way',
      city: 'Edgewood',
      state: 'NY',
      postal_code: '11717',
    };
    expect(NomineeRowSchema.parse(n)).toMatchObject({ dtcParticipant: '0015', setsRequested: 1200, shares: undefined });
    expect(NomineeRowSchema.safeParse({ ...n, sets_requested: 'many' }).success).toBe(false);
  });
});

describe('reconciliation against shares outstanding', () => {
  const totals = {
    registeredHolders: 2,
    registeredShares: 717_887,
    nominees: 1,
    nomineeShares: 46_000_000,
    nomineesWithShares: 1,
    nomineeSetsRequested: 10,
  };
  it('registered plus street-name shares equal to 46,717,887 balance', () => {
    expect(reconcile(46_717_887, totals)).toMatchObject({ status: 'balanced', difference: 0 });
  });
  it('a shortfall is a mismatch naming the missing shares', () => {
    const r = reconcile(46_717_887, { ...totals, nomineeShares: 45_000_000 });
    expect(r).toMatchObject({ status: 'mismatch', difference: 1_000_000 });
    expect(r.message).toContain('1,000,000');
  });
  it('with no nominee shares loaded the difference is all street-name shares, and it says so', () => {
    const r = reconcile(46_717_887, { ...totals, nominees: 0, nomineeShares: 0, nomineesWithShares: 0 });
    expect(r).toMatchObject({ status: 'mismatch', nomineeShares: null, difference: 46_000_000 });
    expect(r.message).toContain('no nominee positions');
  });
});

describe('the generated demo file', () => {
  it('has the header, the rows asked for, and shares that add up exactly to the total', () => {
    const lines = [...generateRegisteredCsv({ rows: 1000, totalShares: 46_717_887 })];
    expect(lines).toHaveLength(1001);
    const sharesAt = lines[0]!.split(',').indexOf('shares');
    // Names are quoted ("Last, First"): parse the shares column from the right.
    const fromRight = lines[0]!.split(',').length - sharesAt;
    const total = lines.slice(1).reduce((s, l) => s + Number(l.split(',').at(-fromRight)), 0);
    expect(total).toBe(46_717_887);
  });
});
