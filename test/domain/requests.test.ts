import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Temporal } from '../../shared/domain/calendar/dates.js';
import { RequestBodySchema, type RequestKind } from '../../shared/domain/requests/schema.js';
import { requestTiming } from '../../shared/domain/requests/timing.js';
import { submitRequest, type AttemptCounter, type StockholderRequest } from '../../shared/domain/requests/use-cases.js';
import { NotAcceptedError, ThrottledError, InvalidInputError } from '../../shared/domain/errors.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import type { Holder } from '../../shared/domain/holders/model.js';

// The seed: meeting Thursday 2024-06-20, issuer in America/Los_Angeles, close of business 17:00;
// materials first sent 2024-06-05. Juneteenth (Wednesday 2024-06-19) is a federal holiday.
const seedTiming = (kind: RequestKind, received: string, firstSent: string | null = '2024-06-05') =>
  requestTiming({
    kind,
    received: Temporal.Instant.from(received),
    timeZone: 'America/Los_Angeles',
    closeOfBusiness: Temporal.PlainTime.from('17:00'),
    meetingDate: Temporal.PlainDate.from('2024-06-20'),
    firstSent: firstSent ? Temporal.PlainDate.from(firstSent) : undefined,
  });

describe('when a copy must be sent (Rule 14a-16(j))', () => {
  it.each([
    // received (instant), counts from, due by — worked out on a calendar
    ['2024-06-05T10:00:00-07:00', '2024-06-05', '2024-06-10'], // Wed: Thu, Fri, Mon
    ['2024-06-14T16:59:00-07:00', '2024-06-14', '2024-06-20'], // Fri before close: Mon, Tue, (Juneteenth), Thu
    ['2024-06-14T17:30:00-07:00', '2024-06-17', '2024-06-21'], // Fri after close counts from Mon: Tue, (Juneteenth), Thu, Fri
  ])(
    'a paper copy asked for at %s counts from %s and is due by %s (three business days, skipping the weekend and Juneteenth)',
    (received, countsFrom, dueBy) => {
      expect(seedTiming('paper-copy', received)).toMatchObject({ accepted: true, countsFrom, dueBy });
      expect(seedTiming('email-copy', received)).toMatchObject({ accepted: true, countsFrom, dueBy });
    },
  );

  it("reads the time in the issuer's zone: 03:00 UTC on June 6 is 20:00 on June 5 in California, after close", () => {
    // Counts from Thursday June 6: Fri 7, Mon 10, Tue 11.
    expect(seedTiming('paper-copy', '2024-06-06T03:00:00Z')).toMatchObject({
      accepted: true,
      countsFrom: '2024-06-06',
      dueBy: '2024-06-11',
    });
  });

  it('opens when the materials are first sent and closes a year after the meeting; after the meeting there is no three-day clock', () => {
    expect(seedTiming('paper-copy', '2024-06-04T10:00:00-07:00')).toMatchObject({ accepted: false });
    expect(seedTiming('paper-copy', '2024-06-05T10:00:00-07:00', null)).toMatchObject({ accepted: false });
    const after = seedTiming('paper-copy', '2024-07-01T10:00:00-07:00');
    expect(after).toMatchObject({ accepted: true });
    expect(after.accepted && after.dueBy).toBeUndefined();
    expect(seedTiming('email-copy', '2025-06-20T10:00:00-07:00')).toMatchObject({ accepted: true });
    expect(seedTiming('email-copy', '2025-06-21T10:00:00-07:00')).toMatchObject({
      accepted: false,
      reason: expect.stringContaining('2025-06-20'),
    });
  });

  it('a householding revocation: individual delivery within 30 days; an election is recorded with no due day, even before anything is sent', () => {
    expect(seedTiming('householding-opt-out', '2024-06-10T10:00:00-07:00')).toMatchObject({
      accepted: true,
      dueBy: '2024-07-10',
    });
    const election = seedTiming('permanent-election', '2024-05-01T10:00:00-07:00', null);
    expect(election).toMatchObject({ accepted: true });
    expect(election.accepted && election.dueBy).toBeUndefined();
  });
});

describe('the request body', () => {
  it('takes the control number with spaces or dashes, and names each wrong field', () => {
    expect(RequestBodySchema.parse({ controlNumber: '1234 5678-9012', kind: 'paper-copy' }).controlNumber).toBe(
      '123456789012',
    );
    const bad = RequestBodySchema.safeParse({ controlNumber: '12345678901', kind: 'email-copy', election: 'paper' });
    expect(bad.success).toBe(false);
    const fields = bad.error!.issues.map((i) => i.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['controlNumber', 'email', 'election']));
    expect(RequestBodySchema.safeParse({ controlNumber: '123456789012', kind: 'paper-copy', extra: 1 }).success).toBe(
      false,
    );
  });
});

describe('submitting a request', () => {
  const meeting = {
    ...(JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting),
    createdAt: '',
    updatedAt: '',
  };
  const holder = { accountId: 'TA-1', meetingId: meeting.id } as Holder;
  const setup = (now: string) => {
    const stored = new Map<string, StockholderRequest>();
    const failures: string[] = [];
    const attempts: AttemptCounter = {
      blockedFor: async (client) => (failures.filter((c) => c === client).length >= 5 ? 60 : 0),
      fail: async (client) => void failures.push(client),
    };
    const deps = {
      findHolder: async (_m: string, n: string) => (n === '111122223333' ? holder : undefined),
      requests: {
        create: async (r: StockholderRequest) => {
          const existing = stored.get(r.requestId);
          if (existing) return { created: false, request: existing };
          stored.set(r.requestId, r);
          return { created: true, request: r };
        },
      },
      attempts,
      now: () => now,
    };
    return { deps, stored };
  };
  const firstSent = Temporal.PlainDate.from('2024-06-05');

  it('stores the request with its due day before acknowledging it; the same request again is the same request', async () => {
    const { deps, stored } = setup('2024-06-05T17:00:00Z'); // 10:00 in California
    const first = await submitRequest(deps, {
      meeting,
      body: { controlNumber: '111122223333', kind: 'paper-copy' },
      client: 'a',
      firstSent,
    });
    expect(first).toMatchObject({ kind: 'paper-copy', dueBy: '2024-06-10', duplicate: false });
    expect(stored.get(first.requestId)).toMatchObject({ accountId: 'TA-1', status: 'received' });
    expect(JSON.stringify([...stored.values()])).not.toContain('111122223333');
    const again = await submitRequest(deps, {
      meeting,
      body: { controlNumber: '1111 2222 3333', kind: 'paper-copy' },
      client: 'a',
      firstSent,
    });
    expect(again).toMatchObject({ requestId: first.requestId, duplicate: true });
    expect(stored.size).toBe(1);
  });

  it('an unknown number is "not accepted", as uniformly as any; five from one client and it is throttled', async () => {
    const { deps } = setup('2024-06-05T17:00:00Z');
    for (let i = 0; i < 5; i++) {
      await expect(
        submitRequest(deps, {
          meeting,
          body: { controlNumber: `99999999999${i}`, kind: 'paper-copy' },
          client: 'guesser',
          firstSent,
        }),
      ).rejects.toThrow(NotAcceptedError);
    }
    await expect(
      submitRequest(deps, {
        meeting,
        body: { controlNumber: '111122223333', kind: 'paper-copy' },
        client: 'guesser',
        firstSent,
      }),
    ).rejects.toThrow(ThrottledError);
    // Another client is not affected.
    await expect(
      submitRequest(deps, {
        meeting,
        body: { controlNumber: '111122223333', kind: 'paper-copy' },
        client: 'holder',
        firstSent,
      }),
    ).resolves.toMatchObject({ duplicate: false });
  });

  it('a request outside its window is refused with the reason', async () => {
    const { deps } = setup('2025-07-01T17:00:00Z');
    await expect(
      submitRequest(deps, {
        meeting,
        body: { controlNumber: '111122223333', kind: 'email-copy', email: 'a@example.com' },
        client: 'a',
        firstSent,
      }),
    ).rejects.toThrow(InvalidInputError);
  });
});

describe('due and overdue requests', () => {
  const on = (d: string) => Temporal.PlainDate.from(d);
  it('past the due day and not fulfilled is overdue; due today or on the next business day is flagged', async () => {
    const { urgency, overdueFigures } = await import('../../shared/domain/requests/overdue.js');
    // Due Monday 2024-06-10. On Friday 06-07 the next business day is Monday: flagged. Thursday 06-06: on time.
    expect(urgency({ status: 'received', dueBy: '2024-06-10' }, on('2024-06-06'))).toBe('on-time');
    expect(urgency({ status: 'received', dueBy: '2024-06-10' }, on('2024-06-07'))).toBe('due-within-one-business-day');
    expect(urgency({ status: 'printing', dueBy: '2024-06-10' }, on('2024-06-10'))).toBe('due-within-one-business-day');
    expect(urgency({ status: 'received', dueBy: '2024-06-10' }, on('2024-06-11'))).toBe('overdue');
    expect(urgency({ status: 'fulfilled', dueBy: '2024-06-10' }, on('2024-06-11'))).toBe('fulfilled');
    // Tuesday 06-18: the next business day is Thursday 06-20 (Juneteenth), so a request due on the 20th is flagged.
    expect(urgency({ status: 'received', dueBy: '2024-06-20' }, on('2024-06-18'))).toBe('due-within-one-business-day');
    expect(
      overdueFigures(
        [
          { status: 'received', dueBy: '2024-06-10' },
          { status: 'fulfilled', dueBy: '2024-06-10' },
          { status: 'sending', dueBy: '2024-06-14' },
          { status: 'received' },
        ],
        on('2024-06-11'),
      ),
    ).toEqual({
      open: 3,
      overdue: 1,
      dueWithinOneBusinessDay: 0,
    });
  });
});

describe("the day's print file", () => {
  it('keeps every row it had and adds this request even when the index has not caught up', async () => {
    const { fulfilRequest } = await import('../../shared/domain/requests/fulfil.js');
    const meeting = {
      ...(JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting),
      createdAt: '',
      updatedAt: '',
    };
    const holder = {
      accountId: 'TA-9',
      name: 'Lee, Ann',
      address: {
        lines: ['1 Main St'],
        city: 'Austin',
        state: 'TX',
        postalCode: '78701',
        country: 'US',
        military: false,
      },
      controlSeq: 7,
    } as unknown as Holder;
    const request: StockholderRequest = {
      meetingId: meeting.id,
      requestId: 'b'.repeat(32),
      kind: 'paper-copy',
      accountId: 'TA-9',
      receivedAt: '2024-06-14T20:00:00Z',
      countsFrom: '2024-06-14',
      dueBy: '2024-06-20',
      basis: '',
      status: 'received',
    };
    const earlierRow = [
      'a'.repeat(32),
      'holder',
      'full-set',
      '1',
      'Earlier Holder',
      '',
      '',
      '',
      '2 Main St',
      '',
      '',
      'Austin',
      'TX',
      '78701',
      'US',
      '1',
      '111111111111',
      'full-set',
      '2024-06-19',
    ];
    const written: string[][][] = [];
    let marked = '';
    const out = await fulfilRequest(
      {
        requests: {
          get: async () => request,
          claim: async () => 'claimed',
          assignPrintDay: async (_m, _id, day) => day,
          printDay: async () => [], // the index lags: neither the earlier request nor this one shows yet
          markFulfilled: async (_m, _id, _at, how) => void (marked = how),
        },
        holders: {
          getHolder: async () => holder,
          getHolders: async () => new Map([['TA-9', holder]]),
          saveHouseholding: async () => true,
          saveElection: async () => true,
        },
        mailer: { send: async () => 'x', wasSent: async () => undefined },
        print: {
          getDayRows: async () => [earlierRow],
          putDayFile: async (_m, day, rows) => (
            written.push(rows.map((r) => [...r])),
            `print/${meeting.id}/fulfilment/${day}.csv`
          ),
          dayFileName: (m, d) => `print/${m}/fulfilment/${d}.csv`,
        },
        leases: { acquire: async () => true, release: async () => undefined },
        ids: { next: () => 'owner-1' },
        leaseClock: () => '2024-06-14T20:00:00Z',
        meeting: async () => meeting,
        controlNumber: () => '222222222222',
        now: () => '2024-06-14T20:00:00Z', // 13:00 in California
      },
      meeting.id,
      request.requestId,
    );
    expect(out.status).toBe('fulfilled');
    expect(written).toHaveLength(1);
    expect(written[0]!.map((r) => r[0])).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    expect(written[0]![1]!.at(-1)).toBe('2024-06-20');
    expect(marked).toBe(`print: print/${meeting.id}/fulfilment/2024-06-14.csv#3`);
  });
});
