import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MeetingFileSchema, type MeetingFile } from '../../shared/domain/meetings/schema.js';
import { InvalidInputError, NotAcceptedError, NotFoundError } from '../../shared/domain/errors.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import type { VoteRecord } from '../../shared/domain/voting/cast.js';
import type { MarkedBallot } from '../../shared/domain/voting/ballot.js';
import {
  recordAttendance,
  recordMeetingBallot,
  recordRevocation,
  showAccount,
  votesStatus,
  type VoteLedger,
  type VoteRecordsDeps,
} from '../../shared/domain/voting/records.js';

/**
 * The operators' views and records over an in-memory vote ledger (the port; the DynamoDB adapter is
 * tested against dynalite in test/integration/vote-records.test.ts). The meeting is the seed (Sonim,
 * America/Los_Angeles, PDT = UTC−7 in June 2024): record date 2024-05-30, meeting 2024-06-20 at 9:00 am
 * Pacific, when the polls close; proposal 1 elects five directors (FOR / WITHHOLD), 2–6 FOR / AGAINST / ABSTAIN.
 */
const seed: MeetingFile = MeetingFileSchema.parse(
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')),
);
const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
const allFor: MarkedBallot = { '1': Object.fromEntries(NOMINEES.map((n) => [n, 'FOR' as const])), '2': 'FOR' };

/** A, B, C, D, E with 100, 250, 75, 10 and 40 shares: 5 accounts, 475 shares at the record date. */
const SHARES: Record<string, number> = { A: 100, B: 250, C: 75, D: 10, E: 40 };

class MemoryLedger implements VoteLedger {
  readonly items: VoteRecord[] = [];
  async append(r: VoteRecord) {
    if (this.items.some((x) => x.accountId === r.accountId && x.seq === r.seq)) return false;
    this.items.push(r);
    return true;
  }
  async list(_m: string, accountId: string) {
    return this.items.filter((r) => r.accountId === accountId).sort((a, b) => a.seq - b.seq);
  }
  async listMeeting() {
    const map = new Map<string, VoteRecord[]>();
    for (const r of this.items) map.set(r.accountId, [...(map.get(r.accountId) ?? []), r]);
    return map;
  }
  /** A proxy as castVote or the import would have stored it (those paths are tested elsewhere). */
  put(accountId: string, kind: 'internet' | 'phone' | 'mail', receivedAt: string, extra: Partial<VoteRecord> = {}) {
    const seq = this.items.filter((r) => r.accountId === accountId).length + 1;
    this.items.push({
      id: `${accountId}-${seq}-${kind}`.padEnd(12, '0'),
      seq,
      kind,
      meetingId: seed.id,
      accountId,
      receivedAt,
      valid: true,
      ballot: allFor,
      shares: SHARES[accountId]!,
      bodyKey: `${accountId}-${seq}`,
      source: kind === 'internet' ? 'api:abc' : `${kind}.csv`,
      ...extra,
    });
  }
}

function setup(now: string) {
  const votes = new MemoryLedger();
  const clock = { now };
  const deps: VoteRecordsDeps = {
    votes,
    holders: {
      getHolder: async (_m, accountId) =>
        SHARES[accountId]
          ? ({ accountId, name: `Holder ${accountId}`, shares: SHARES[accountId] } as Holder)
          : undefined,
      totals: async () => ({ registeredHolders: 5, registeredShares: 475 }),
    },
    now: () => clock.now,
  };
  return { votes, deps, clock };
}

describe('votes status and an account history, worked from the seed', () => {
  it('counts accounts and shares whose proxy counts, by channel and by the day it is dated, against the record date', async () => {
    const { votes, deps, clock } = setup('2024-06-14T12:00:00-07:00');
    // A: online on 2024-06-10 10:00 PDT, then a card dated 2024-06-08 that arrives on 2024-06-12: the online vote counts.
    votes.put('A', 'internet', '2024-06-10T17:00:00.000Z');
    votes.put('A', 'mail', '2024-06-12T18:00:00.000Z', { date: '2024-06-08' });
    // B: by phone on 2024-06-11. C: online on 2024-06-12. D: a refused online vote only.
    votes.put('B', 'phone', '2024-06-11T20:00:00.000Z');
    votes.put('C', 'internet', '2024-06-12T15:00:00.000Z');
    votes.put('D', 'internet', '2024-06-12T16:00:00.000Z', {
      valid: false,
      reason: 'invalid input: ballot.2: …',
      ballot: {},
    });
    // A's written revocation arrives on 2024-06-13 (no proxy of A is dated that day, so the date alone will do).
    await recordRevocation(deps, { meeting: seed, accountId: 'A', received: '2024-06-13', note: 'letter, signed' });

    const mid = await votesStatus(deps, seed);
    // Counting: B (phone, 250, dated 06-11) and C (internet, 75, dated 06-12); A revoked; D refused only.
    expect(mid).toMatchObject({
      asOf: '2024-06-14T12:00:00-07:00',
      recordDate: '2024-05-30',
      recordDateTotals: { accounts: 5, shares: 475 },
      counting: { accounts: 2, shares: 325 },
      byChannel: {
        internet: { accounts: 1, shares: 75 },
        phone: { accounts: 1, shares: 250 },
        mail: { accounts: 0, shares: 0 },
        meeting: { accounts: 0, shares: 0 },
      },
      byDay: [
        { day: '2024-06-11', accounts: 1, shares: 250 },
        { day: '2024-06-12', accounts: 1, shares: 75 },
      ],
      notCounting: { revoked: 1, onlyRefused: 1 },
      submissions: { total: 6, refused: 1 },
    });

    // A votes online again on 2024-06-15 (a new proxy after the revocation counts); B attends; C votes at the meeting.
    votes.put('A', 'internet', '2024-06-15T16:00:00.000Z');
    clock.now = '2024-06-20T08:50:00-07:00';
    await recordAttendance(deps, { meeting: seed, accountId: 'B', at: '2024-06-20T08:30' });
    await recordMeetingBallot(deps, {
      meeting: seed,
      accountId: 'C',
      ballot: { ...allFor, '2': 'AGAINST' },
      castAt: '2024-06-20T08:45',
    });
    const end = await votesStatus(deps, seed);
    // A 100 (internet, 06-15), B 250 (phone, 06-11: attending did not revoke it), C 75 (meeting, 06-20): 3 accounts, 425 shares.
    expect(end).toMatchObject({
      counting: { accounts: 3, shares: 425 },
      byChannel: {
        internet: { accounts: 1, shares: 100 },
        phone: { accounts: 1, shares: 250 },
        mail: { accounts: 0, shares: 0 },
        meeting: { accounts: 1, shares: 75 },
      },
      byDay: [
        { day: '2024-06-11', accounts: 1, shares: 250 },
        { day: '2024-06-15', accounts: 1, shares: 100 },
        { day: '2024-06-20', accounts: 1, shares: 75 },
      ],
      notCounting: { revoked: 0, onlyRefused: 1 },
      submissions: { total: 9, refused: 1 },
    });
    expect(JSON.stringify(end)).not.toMatch(/"A"|Holder|FOR/); // counts only: no account, no name, no choice

    const a = await showAccount(deps, seed, 'A');
    expect(a.holder).toEqual({ name: 'Holder A', shares: 100 });
    expect(a.submissions.map((s) => [s.place, s.kind, s.datedDay, s.counts, s.why])).toEqual([
      [1, 'internet', '2024-06-10', false, 'ended by the written revocation dated 2024-06-13'],
      // The card dated 06-08 lost to the online vote of 06-10 (the issue's example), which the revocation then ended.
      [
        2,
        'mail',
        '2024-06-08',
        false,
        'superseded by the later-dated internet submission A-1-intern (dated 2024-06-10)',
      ],
      [
        3,
        'revocation',
        '2024-06-13',
        false,
        'superseded by the later-dated internet submission A-4-intern (dated 2024-06-15)',
      ],
      [4, 'internet', '2024-06-15', true, 'the latest-dated valid proxy (internet, dated 2024-06-15)'],
    ]);
    // The revocation: received at the start of 2024-06-13 Pacific (07:00 UTC), entered by the operator on 2024-06-14.
    expect(a.submissions[2]).toMatchObject({
      receivedAt: '2024-06-13T07:00:00Z',
      receivedLocal: expect.stringContaining('2024-06-13 00:00'),
      source: 'operator',
      note: 'letter, signed',
      recordedAt: '2024-06-14T12:00:00-07:00',
    });
    const b = await showAccount(deps, seed, 'B');
    expect(b.submissions.map((s) => [s.kind, s.counts, s.why])).toEqual([
      ['phone', true, 'the latest-dated valid proxy (phone, dated 2024-06-11)'],
      ['attendance', false, 'attendance alone does not revoke a proxy'],
    ]);
    const c = await showAccount(deps, seed, 'C');
    expect(c.counting.reason).toBe('a ballot cast at the meeting ends every earlier proxy');
    expect(c.submissions[0]!.why).toBe('ended by the ballot cast at the meeting');
    expect(c.submissions[1]).toMatchObject({
      kind: 'meeting',
      ballot: { '2': 'AGAINST' },
      receivedAt: '2024-06-20T15:45:00Z',
    });
    const d = await showAccount(deps, seed, 'D');
    expect(d.counting).toEqual({ id: null, reason: 'no valid proxy' });
    expect(d.submissions[0]!.why).toBe('refused: invalid input: ballot.2: …');
    await expect(showAccount(deps, seed, 'Z')).rejects.toThrow(NotFoundError);
  });
});

describe('records an operator enters', () => {
  it('a revocation entered twice is stored once; a bare date beside a same-day proxy asks for the time', async () => {
    const { votes, deps } = setup('2024-06-18T12:00:00-07:00');
    votes.put('A', 'internet', '2024-06-10T17:00:00.000Z'); // 10:00 PDT on 2024-06-10
    const sameDay = recordRevocation(deps, { meeting: seed, accountId: 'A', received: '2024-06-10' });
    await expect(sameDay).rejects.toThrow(InvalidInputError);
    await expect(sameDay).rejects.toThrow(/received: .*2024-06-10THH:MM/);
    // Received at 09:00 that day, before the 10:00 vote: the vote, later the same day, still counts.
    const early = await recordRevocation(deps, { meeting: seed, accountId: 'A', received: '2024-06-10T09:00' });
    expect((await showAccount(deps, seed, 'A')).counting.id).toBe(votes.items[0]!.id);
    // Received at 16:00: it ends the vote.
    const late = await recordRevocation(deps, { meeting: seed, accountId: 'A', received: '2024-06-10T16:00' });
    const again = await recordRevocation(deps, { meeting: seed, accountId: 'A', received: '2024-06-10T16:00' });
    expect(early.created && late.created).toBe(true);
    expect(again).toEqual({ record: late.record, created: false });
    expect(votes.items).toHaveLength(3);
    expect(await showAccount(deps, seed, 'A')).toMatchObject({
      counting: { id: null, reason: 'revoked in writing (dated 2024-06-10); no proxy counts' },
    });
  });

  it('refuses a revocation in the future, after the polls close, or for no holder', async () => {
    const { deps, clock } = setup('2024-06-13T12:00:00-07:00');
    await expect(recordRevocation(deps, { meeting: seed, accountId: 'A', received: '2024-06-14' })).rejects.toThrow(
      /received: .*is in the future/,
    );
    await expect(recordRevocation(deps, { meeting: seed, accountId: 'A', received: '2024-06-31' })).rejects.toThrow(
      /received: "2024-06-31" is not a date/,
    );
    await expect(recordRevocation(deps, { meeting: seed, accountId: 'Z', received: '2024-06-12' })).rejects.toThrow(
      /account: no registered holder Z/,
    );
    clock.now = '2024-06-21T12:00:00-07:00';
    // The polls closed at 9:00 am Pacific on 2024-06-20 (the meeting's start): 9:01 is too late (DGCL §231(c)).
    const after = recordRevocation(deps, { meeting: seed, accountId: 'A', received: '2024-06-20T09:01' });
    await expect(after).rejects.toThrow(NotAcceptedError);
    await expect(after).rejects.toThrow('the polls closed at 9:00 am Pacific on 2024-06-20');
  });

  it('a ballot at the meeting: checked as online, on the meeting day while the polls are open, stored once', async () => {
    const { votes, deps } = setup('2024-06-20T09:30:00-07:00');
    const at = (castAt: string, ballot: unknown = allFor) =>
      recordMeetingBallot(deps, { meeting: seed, accountId: 'C', ballot, castAt, source: 'c.json' });
    await expect(at('2024-06-20T09:00', { '2': 'WITHHOLD' })).rejects.toThrow(/ballot\.2/);
    await expect(at('2024-06-20T09:01')).rejects.toThrow('the polls closed at 9:00 am Pacific on 2024-06-20');
    await expect(at('2024-06-19T10:00')).rejects.toThrow("cast on the meeting's day (2024-06-20)");
    expect(votes.items).toHaveLength(0); // refusals are the operator's to correct: nothing stored
    const first = await at('2024-06-20T09:00');
    const repeat = await at('2024-06-20T09:00');
    expect(first).toMatchObject({ created: true, record: { kind: 'meeting', source: 'operator:c.json', shares: 75 } });
    expect(repeat).toEqual({ record: first.record, created: false });
    expect(votes.items).toHaveLength(1);
  });

  it('with the polls closing at 10:15 (voting.pollsClose), a ballot during the meeting is taken; 10:16 is late', async () => {
    // The meeting starts at 9:00 am Pacific; the chair closes the polls at 10:15 am (the meeting file says so).
    const withPolls = MeetingFileSchema.parse({ ...seed, voting: { ...seed.voting, pollsClose: '2024-06-20T10:15' } });
    const { deps } = setup('2024-06-20T11:00:00-07:00');
    const at = (castAt: string) =>
      recordMeetingBallot(deps, { meeting: withPolls, accountId: 'C', ballot: allFor, castAt, source: 'c.json' });
    await expect(at('2024-06-20T10:16')).rejects.toThrow('the polls closed at 10:15 am Pacific on 2024-06-20');
    await expect(at('2024-06-20T09:40')).resolves.toMatchObject({ created: true, record: { kind: 'meeting' } });
    // The meeting file refuses polls that close before the meeting starts, or on another day.
    for (const pollsClose of ['2024-06-20T08:59', '2024-06-21T09:30'])
      expect(
        MeetingFileSchema.safeParse({ ...seed, voting: { ...seed.voting, pollsClose } }).error?.issues[0],
      ).toMatchObject({
        path: ['voting', 'pollsClose'],
      });
  });
});
