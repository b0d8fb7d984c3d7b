import { describe, expect, it } from 'vitest';
import { AddressGroups } from '../../shared/domain/households/group.js';
import type { EffectiveConsent } from '../../shared/domain/households/consent.js';
import type { PostalAddress } from '../../shared/domain/holders/address.js';

const address = (line: string): PostalAddress => ({
  lines: [line],
  city: 'Austin',
  state: 'TX',
  postalCode: '78701',
  country: 'US',
  military: false,
});
const implied: EffectiveConsent = { basis: 'implied' };
const none: EffectiveConsent = { basis: 'none' };
const revoked: EffectiveConsent = { basis: 'revoked', since: '2024-11-01', individualDeliveryBy: '2024-12-01' };

describe('AddressGroups.unitsJson: each unit written out as JSON text built from strings', () => {
  // Three rows at 1 Oak St (two consenting, given out of account order, one not), one alone with a co-owner at 2 Elm St.
  const groups = () => {
    const g = new AddressGroups();
    g.add({ accountId: 'A-3', name: 'Lee, "Cy"', consent: implied }, 'oak', address('1 Oak St'));
    g.add(
      { accountId: 'A-9', name: 'Müller, Zoë', coOwner: 'Müller, Jan', consent: revoked },
      'elm',
      address('2 Elm St'),
    );
    g.add({ accountId: 'A-1', name: 'Lee, Ann', consent: implied }, 'oak', undefined);
    g.add({ accountId: 'A-2', name: 'Roe, Bob', consent: none }, 'oak', undefined);
    return g;
  };

  it('gives the units in address order, the household first, members in account order, names escaped', () => {
    const oak =
      '{"lines":["1 Oak St"],"city":"Austin","state":"TX","postalCode":"78701","country":"US","military":false}';
    const elm =
      '{"lines":["2 Elm St"],"city":"Austin","state":"TX","postalCode":"78701","country":"US","military":false}';
    // Worked out by hand: consent (implied) and share one copy addressed to each; A-2 (none) gets its own.
    expect([...groups().unitsJson()]).toEqual([
      `{"accounts":["A-1","A-3"],"address":${oak},"addressee":["Lee, Ann","Lee, \\"Cy\\""],"householded":true,` +
        '"members":[{"accountId":"A-1","name":"Lee, Ann","consent":{"basis":"implied"}},' +
        '{"accountId":"A-3","name":"Lee, \\"Cy\\"","consent":{"basis":"implied"}}]}',
      `{"accounts":["A-2"],"address":${oak},"addressee":["Roe, Bob"],"householded":false,` +
        '"members":[{"accountId":"A-2","name":"Roe, Bob","consent":{"basis":"none"}}]}',
      `{"accounts":["A-9"],"address":${elm},"addressee":["Müller, Zoë","Müller, Jan"],"householded":false,` +
        '"members":[{"accountId":"A-9","name":"Müller, Zoë","consent":' +
        '{"basis":"revoked","since":"2024-11-01","individualDeliveryBy":"2024-12-01"}}]}',
    ]);
  });

  it('addresses a household as a group when asked ("The Lee Household")', () => {
    const [household] = groups().unitsJson('group');
    expect(JSON.parse(household!).addressee).toEqual(['The Lee Household']);
  });

  it('is, unit by unit, the JSON of units() without the id', () => {
    const g = groups();
    const units = [...g.units()].map(({ id: _id, addressKey: _key, ...u }) =>
      JSON.stringify({
        accounts: u.accounts,
        address: u.address,
        addressee: u.addressee,
        householded: u.householded,
        members: u.members,
      }),
    );
    expect([...g.unitsJson()]).toEqual(units);
  });
});
