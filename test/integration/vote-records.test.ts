import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { seedVotingMeeting } from '../harness/voting-meeting.js';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { lambdaContext, type Handlers } from '../../cli/local/http-server.js';
import { DynamoVoteHistory } from '../../shared/adapters/dynamodb/vote-store.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import { recordMeetingBallot, recordRevocation } from '../../shared/domain/voting/records.js';

/**
 * The operators' vote views through the votes function against dynalite (the real SDK): the status figures
 * (counts only) and an account's history (the inspector's). On AWS both routes are IAM-authorized and the
 * per-account one is the inspector role's only (test/infra/stack.test.ts); here the function itself answers.
 * The meeting is the seed's (America/Los_Angeles, PDT = UTC−7): online voting until 11:59 pm Pacific on
 * 2024-06-19, the polls close at 9:00 am Pacific on 2024-06-20.
 */
const SECRET = '6b'.repeat(32);
const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
const allFor = { '1': Object.fromEntries(NOMINEES.map((n) => [n, 'FOR'])), '2': 'FOR' };

type Answer = { status: number; body: Record<string, unknown> };

describe('vote status and an account history, through the API on dynalite', () => {
  let p: TestPlatform;
  let meeting: Meeting;
  let holders: Holder[];
  let numbers: string[];
  const byNow = new Map<string, Handlers>();
  const at = async (now: string) => {
    if (!byNow.has(now)) byNow.set(now, await loadHandlers({ ...p.config, fixedNow: now }));
    return byNow.get(now)!;
  };
  const call = async (now: string, method: 'GET' | 'POST', route: string, params: object, body?: unknown) => {
    const path = route.replace(/\{(\w+)\}/g, (_m, k: string) =>
      encodeURIComponent((params as Record<string, string>)[k]!),
    );
    const event = {
      version: '2.0',
      routeKey: `${method} ${route}`,
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      pathParameters: params,
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { http: { method, path, sourceIp: '198.51.100.30' } },
    } as unknown as APIGatewayProxyEventV2;
    const res = await (await at(now)).votes(event, lambdaContext('votes'));
    return { status: res.statusCode!, body: JSON.parse(res.body!) as Record<string, unknown> } satisfies Answer;
  };
  const vote = (now: string, i: number, ballot: unknown = allFor) =>
    call(now, 'POST', '/meetings/{meetingId}/votes', { meetingId: meeting.id }, { controlNumber: numbers[i], ballot });
  const status = (now: string) => call(now, 'GET', '/meetings/{meetingId}/votes/status', { meetingId: meeting.id });
  const account = (now: string, accountId: string, meetingId = meeting.id) =>
    call(now, 'GET', '/meetings/{meetingId}/votes/accounts/{accountId}', { meetingId, accountId });
  const deps = (now: string) => testRoot({ ...p, config: { ...p.config, fixedNow: now } }, SECRET).voteRecords();

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    ({ meeting, holders, numbers } = await seedVotingMeeting(p, SECRET, {
      id: 'vote-records',
      rows: 6,
      seed: 11,
      totalShares: 6000,
    }));
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('before any vote: nothing counts, against the record-date totals of the holder list', async () => {
    const s = await status('2024-06-05T12:00:00-07:00');
    expect(s.status).toBe(200);
    const shares = holders.reduce((sum, h) => sum + h.shares, 0);
    expect(s.body).toMatchObject({
      recordDate: '2024-05-30',
      recordDateTotals: { accounts: 6, shares },
      counting: { accounts: 0, shares: 0 },
      byDay: [],
      submissions: { total: 0, refused: 0 },
    });
  });

  it('votes, a refusal, a written revocation and a ballot at the meeting: the figures and each history', async () => {
    const [h0, h1, h2, h3] = holders;
    // h0 online on 2024-06-10; h1 online on 2024-06-11 then revoked in writing (received 2024-06-13);
    // h2 online on 2024-06-12, then a ballot at the meeting at 8:55 am on 2024-06-20; h3 one refused vote (WITHHOLD on 2).
    expect((await vote('2024-06-10T10:00:00-07:00', 0)).status).toBe(201);
    expect((await vote('2024-06-11T10:00:00-07:00', 1)).status).toBe(201);
    expect((await vote('2024-06-12T10:00:00-07:00', 2)).status).toBe(201);
    expect((await vote('2024-06-12T11:00:00-07:00', 3, { '2': 'WITHHOLD' })).status).toBe(400);
    const revoked = await recordRevocation(deps('2024-06-14T09:00:00-07:00'), {
      meeting,
      accountId: h1!.accountId,
      received: '2024-06-13',
      note: 'signed letter',
    });
    // Entered again (the operator ran the command twice): the same record, stored once.
    const again = await recordRevocation(deps('2024-06-14T09:05:00-07:00'), {
      meeting,
      accountId: h1!.accountId,
      received: '2024-06-13',
      note: 'signed letter',
    });
    expect(again).toEqual({ record: revoked.record, created: false });
    await recordMeetingBallot(deps('2024-06-20T08:56:00-07:00'), {
      meeting,
      accountId: h2!.accountId,
      ballot: { ...allFor, '2': 'AGAINST' },
      castAt: '2024-06-20T08:55',
    });

    const s = await status('2024-06-20T08:57:00-07:00');
    expect(s.status).toBe(200);
    // Counting: h0 (internet, dated 06-10) and h2 (meeting, 06-20); h1 revoked; h3 only refused.
    expect(s.body).toMatchObject({
      counting: { accounts: 2, shares: h0!.shares + h2!.shares },
      byChannel: {
        internet: { accounts: 1, shares: h0!.shares },
        phone: { accounts: 0, shares: 0 },
        mail: { accounts: 0, shares: 0 },
        meeting: { accounts: 1, shares: h2!.shares },
      },
      byDay: [
        { day: '2024-06-10', accounts: 1, shares: h0!.shares },
        { day: '2024-06-20', accounts: 1, shares: h2!.shares },
      ],
      notCounting: { revoked: 1, onlyRefused: 1 },
      // h0 1, h1 2 (vote, revocation), h2 2 (vote, meeting ballot), h3 1 refused.
      submissions: { total: 6, refused: 1 },
    });
    // Counts only: no account id, name or choice in the status.
    const text = JSON.stringify(s.body);
    for (const h of holders) expect(text).not.toContain(h.accountId);
    expect(text).not.toContain('AGAINST');

    const one = await account('2024-06-20T08:57:00-07:00', h1!.accountId);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      accountId: h1!.accountId,
      holder: { name: h1!.name, shares: h1!.shares },
      counting: { id: null, reason: 'revoked in writing (dated 2024-06-13); no proxy counts' },
    });
    const subs = one.body.submissions as Record<string, unknown>[];
    expect(subs.map((x) => [x.kind, x.receivedAt, x.counts, x.why])).toEqual([
      ['internet', '2024-06-11T17:00:00.000Z', false, 'ended by the written revocation dated 2024-06-13'],
      // The start of 2024-06-13 Pacific is 07:00 UTC.
      ['revocation', '2024-06-13T07:00:00Z', false, 'revoked in writing (dated 2024-06-13); no proxy counts'],
    ]);
    expect(subs[0]!.source).toMatch(/^api:[0-9a-f]{16}$/);
    expect(subs[1]).toMatchObject({ source: 'operator', note: 'signed letter' });
    // Never a control number (nor its keyed hash).
    const shown = JSON.stringify(one.body);
    expect(shown).not.toContain(numbers[1]);
    expect(shown).not.toContain(h1!.controlHash);

    const refused = await account('2024-06-20T08:57:00-07:00', h3!.accountId);
    expect((refused.body.submissions as { valid: boolean; why: string }[])[0]).toMatchObject({
      valid: false,
      why: expect.stringContaining('refused: invalid input: ballot.2'),
    });
  });

  it('the store lists a meeting’s histories through its gsi1 shards, each in place order', async () => {
    const histories = await new DynamoVoteHistory(p.clients.documents, p.config.tableName).listMeeting(meeting.id);
    expect([...histories.keys()].sort()).toEqual(
      holders
        .slice(0, 4)
        .map((h) => h.accountId)
        .sort(),
    );
    expect(histories.get(holders[1]!.accountId)!.map((r) => [r.seq, r.kind])).toEqual([
      [1, 'internet'],
      [2, 'revocation'],
    ]);
  });

  it('an unknown account is a 404; a malformed account id or meeting id a 400 naming it', async () => {
    const none = await account('2024-06-20T08:57:00-07:00', 'NO-SUCH-1');
    expect(none.status).toBe(404);
    const bad = await account('2024-06-20T08:57:00-07:00', '../x');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('accountId');
    const noMeeting = await account('2024-06-20T08:57:00-07:00', holders[0]!.accountId, 'no-such-meeting');
    expect(noMeeting.status).toBe(404);
  });
});
