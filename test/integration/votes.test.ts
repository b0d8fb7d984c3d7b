import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { seedVotingMeeting } from '../harness/voting-meeting.js';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { sha256Hex } from '../../shared/domain/digest.js';
import { lambdaContext, type Handlers } from '../../cli/local/http-server.js';
import { DynamoVoteHistory } from '../../shared/adapters/dynamodb/vote-store.js';
import { PIECE_HEADER } from '../../shared/adapters/ses/mailer.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

/**
 * POST /meetings/{id}/votes and /votes/confirm through the votes function against dynalite, each
 * request on a fixed clock (PROXYDESK_NOW, config `fixedNow`). The meeting is the seed's (Sonim,
 * America/Los_Angeles; June 2024 is PDT, UTC−7): six proposals, 1 the election of five directors
 * under plurality (FOR / WITHHOLD per nominee), 2–6 FOR / AGAINST / ABSTAIN. Internet voting closes
 * at 11:59 pm Pacific on 2024-06-19 (the meeting file's `voting.cutoffs.internet`).
 */
const SECRET = '5a'.repeat(32);
const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
/** The uniform refusal of a control number (the same words as for requests). */
const NOT_ACCEPTED = 'not accepted: check the 12-digit control number on your Notice or proxy card';

type Answer = { status: number; body: Record<string, unknown> };
type ErrorBody = { code: string; message: string; issues: { field: string; message: string }[] };

describe('votes through the API', () => {
  let p: TestPlatform;
  let meeting: Meeting;
  let holders: Holder[];
  let numbers: string[];
  let history: DynamoVoteHistory;
  const byNow = new Map<string, Handlers>();
  const stdout: string[] = [];
  const write = process.stdout.write.bind(process.stdout);

  /** The functions with the clock fixed at `now` (one root per config). */
  const at = async (now: string) => {
    if (!byNow.has(now)) byNow.set(now, await loadHandlers({ ...p.config, fixedNow: now }));
    return byNow.get(now)!;
  };
  const call = async (now: string, route: 'votes' | 'votes/confirm', body: unknown, ip: string): Promise<Answer> => {
    const path = `/meetings/${meeting.id}/${route}`;
    const event = {
      version: '2.0',
      routeKey: `POST /meetings/{meetingId}/${route}`,
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      pathParameters: { meetingId: meeting.id },
      body: JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path, sourceIp: ip } },
    } as unknown as APIGatewayProxyEventV2;
    const res = await (await at(now)).votes(event, lambdaContext('votes'));
    return { status: res.statusCode!, body: JSON.parse(res.body!) as Record<string, unknown> };
  };
  const vote = (now: string, body: unknown, ip = '198.51.100.20') => call(now, 'votes', body, ip);
  const confirm = (now: string, body: unknown, ip = '198.51.100.20') => call(now, 'votes/confirm', body, ip);

  beforeAll(async () => {
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stdout.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    p = await startTestPlatform({ controlSecret: SECRET });
    ({ meeting, holders, numbers } = await seedVotingMeeting(p, SECRET, { id: 'votes-fixed', rows: 10, seed: 5 }));
    history = new DynamoVoteHistory(p.clients.documents, p.config.tableName);
  });
  afterAll(async () => {
    process.stdout.write = write;
    await p?.stop();
  });

  const allFor = { '1': Object.fromEntries(NOMINEES.map((n) => [n, 'FOR'])), '2': 'FOR', '3': 'FOR' };

  it('a vote on 2024-06-10 gets 201 and a receipt; the same body again is the same receipt and one stored submission', async () => {
    // 10:00 PDT on Monday 10 June is 17:00 UTC.
    const first = await vote('2024-06-10T10:00:00-07:00', { controlNumber: numbers[0], ballot: allFor });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ recordedAt: '2024-06-10T17:00:00.000Z', ballot: allFor });
    expect(first.body.receiptId).toMatch(/^[0-9a-f]{32}$/);
    // A retry five minutes later, the number typed in groups of four and the ballot's keys in another order.
    const reordered = { '3': 'FOR', '2': 'FOR', '1': Object.fromEntries(NOMINEES.toReversed().map((n) => [n, 'FOR'])) };
    const spaced = numbers[0]!.replace(/(\d{4})(?=\d)/g, '$1 ');
    const again = await vote('2024-06-10T10:05:00-07:00', { controlNumber: spaced, ballot: reordered });
    expect(again).toEqual(first);
    const stored = await history.list(meeting.id, holders[0]!.accountId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: first.body.receiptId, kind: 'internet', shares: holders[0]!.shares });
    // The control number is not stored in clear.
    expect(JSON.stringify(stored)).not.toContain(numbers[0]);
    // The receipt id cannot be matched against the few possible ballots without the platform's secret: it is not
    // the digest of the body alone, but of the body and the holder's keyed control-number hash (never shown).
    const bodyKey = stored[0]!.bodyKey;
    expect(first.body.receiptId).not.toBe(sha256Hex(`${bodyKey}\u0000`, 32));
    expect(first.body.receiptId).toBe(sha256Hex(`${bodyKey}\u0000\u0000${holders[0]!.controlHash}`, 32));
  });

  it('a changed vote later is a new submission, and confirmation returns it: the latest-dated counts', async () => {
    const changed = { ...allFor, '2': 'AGAINST' };
    const later = await vote('2024-06-12T09:00:00-07:00', { controlNumber: numbers[0], ballot: changed });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ recordedAt: '2024-06-12T16:00:00.000Z', ballot: changed });
    const ids = (await history.list(meeting.id, holders[0]!.accountId)).map((s) => s.id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(later.body.receiptId);
    expect(ids[0]).not.toBe(ids[1]);
    const c = await confirm('2024-06-13T08:00:00-07:00', { controlNumber: numbers[0] });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({
      status: 'counts',
      vote: {
        receiptId: later.body.receiptId,
        recordedAt: '2024-06-12T16:00:00.000Z',
        ballot: changed,
        channel: 'internet',
        shares: holders[0]!.shares,
      },
    });
    // Back to the first vote (a different one came between): a third submission, and it counts.
    const back = await vote('2024-06-14T09:00:00-07:00', { controlNumber: numbers[0], ballot: allFor });
    expect(back.status).toBe(201);
    expect(back.body.receiptId).not.toBe(ids[0]);
    const c2 = await confirm('2024-06-14T10:00:00-07:00', { controlNumber: numbers[0] });
    expect((c2.body.vote as { receiptId: string }).receiptId).toBe(back.body.receiptId);
  });

  it('at the same moment, the same body twice is one submission; two different bodies are two, neither lost', async () => {
    const now = '2024-06-11T09:00:00-07:00';
    const body = { controlNumber: numbers[3], ballot: { '5': 'FOR' } };
    const [x, y] = await Promise.all([vote(now, body), vote(now, body)]);
    expect([x.status, y.status]).toEqual([201, 201]);
    expect(y.body).toEqual(x.body);
    expect(await history.list(meeting.id, holders[3]!.accountId)).toHaveLength(1);
    const [u, v] = await Promise.all([
      vote(now, { controlNumber: numbers[3], ballot: { '6': 'FOR' } }),
      vote(now, { controlNumber: numbers[3], ballot: { '6': 'AGAINST' } }),
    ]);
    expect([u.status, v.status]).toEqual([201, 201]);
    const stored = await history.list(meeting.id, holders[3]!.accountId);
    expect(stored.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(new Set(stored.map((s) => s.id)).size).toBe(3);
    expect(stored.slice(1).map((s) => s.id)).toEqual(expect.arrayContaining([u.body.receiptId, v.body.receiptId]));
  });

  it('a wrong control number is the uniform 403 NOT_ACCEPTED, for votes and confirmations alike', async () => {
    const wrong = numbers[0]!.endsWith('0') ? numbers[0]!.slice(0, 11) + '1' : numbers[0]!.slice(0, 11) + '0';
    const cases = [
      await vote('2024-06-10T11:00:00-07:00', { controlNumber: wrong, ballot: allFor }, '203.0.113.30'),
      await vote(
        '2024-06-10T11:00:00-07:00',
        { controlNumber: '000000000000', ballot: { '2': 'FOR' } },
        '203.0.113.31',
      ),
      await confirm('2024-06-10T11:00:00-07:00', { controlNumber: wrong }, '203.0.113.32'),
    ];
    for (const r of cases) {
      expect(r.status).toBe(403);
      expect(r.body.error).toEqual({ code: 'NOT_ACCEPTED', message: NOT_ACCEPTED, issues: [] });
    }
  });

  it('five refused numbers throttle the client (429); another client is not throttled', async () => {
    const ip = '203.0.113.40';
    for (let i = 0; i < 5; i++)
      expect(
        (await vote('2024-06-10T11:00:00-07:00', { controlNumber: `00000000000${i}`, ballot: allFor }, ip)).status,
      ).toBe(403);
    expect((await vote('2024-06-10T11:00:00-07:00', { controlNumber: numbers[3], ballot: allFor }, ip)).status).toBe(
      429,
    );
    expect((await confirm('2024-06-10T11:00:00-07:00', { controlNumber: numbers[3] }, ip)).status).toBe(429);
    expect((await confirm('2024-06-10T11:00:00-07:00', { controlNumber: numbers[3] }, '203.0.113.41')).status).toBe(
      200,
    );
  });

  it('a choice the proposal does not offer is 400 naming the proposal: {"2":"WITHHOLD"}', async () => {
    const r = await vote('2024-06-10T11:00:00-07:00', { controlNumber: numbers[1], ballot: { '2': 'WITHHOLD' } });
    expect(r.status).toBe(400);
    const error = r.body.error as ErrorBody;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.issues.map((i) => i.field)).toEqual(['ballot.2']);
    expect(error.issues[0]!.message).toContain('proposal 2 (Ratification of Moss Adams LLP');
    expect(error.issues[0]!.message).toContain('offers FOR, AGAINST, ABSTAIN');
    // Six FOR votes for five seats, online: refused before it is stored.
    const six = { '1': { ...allFor['1'], 'Someone Else': 'FOR' } };
    const over = await vote('2024-06-10T11:00:00-07:00', { controlNumber: numbers[1], ballot: six });
    expect(over.status).toBe(400);
    // The holder was identified: both refusals are in the account's history as invalid submissions, with the
    // message the caller got; nothing of them counts. The same refused body again is not appended twice.
    expect((await vote('2024-06-10T11:01:00-07:00', { controlNumber: numbers[1], ballot: six })).status).toBe(400);
    const stored = await history.list(meeting.id, holders[1]!.accountId);
    expect(stored.map((s) => [s.seq, s.valid, s.reason])).toEqual([
      [1, false, (r.body.error as ErrorBody).message],
      [2, false, (over.body.error as ErrorBody).message],
    ]);
    expect(stored[0]!.reason).toContain('proposal 2 (Ratification of Moss Adams LLP');
    expect(stored[0]!.submitted).toBe('{"2":"WITHHOLD"}');
    expect(JSON.stringify(stored)).not.toContain(numbers[1]);
    const none = await confirm('2024-06-10T11:02:00-07:00', { controlNumber: numbers[1] });
    expect(none.body).toEqual({ status: 'none', reason: 'no valid proxy' });
  });

  it('internet voting closes at 11:59 pm Pacific on 2024-06-19: 23:59:30 is in time, 00:00:01 on the 20th is refused naming the cut-off', async () => {
    const inTime = await vote('2024-06-19T23:59:30-07:00', { controlNumber: numbers[1], ballot: { '4': 'AGAINST' } });
    expect(inTime.status).toBe(201);
    const late = await vote('2024-06-20T00:00:01-07:00', { controlNumber: numbers[1], ballot: { '4': 'FOR' } });
    expect(late.status).toBe(403);
    const error = late.body.error as ErrorBody;
    expect(error.code).toBe('NOT_ACCEPTED');
    expect(error.message).toContain('internet voting closed at 11:59 pm Pacific on 2024-06-19');
    // The late vote is in the account's history, refused with the cut-off named; a retry of it is not appended.
    expect(
      (await vote('2024-06-20T00:00:05-07:00', { controlNumber: numbers[1], ballot: { '4': 'FOR' } })).status,
    ).toBe(403);
    const stored = await history.list(meeting.id, holders[1]!.accountId);
    expect(stored.map((s) => [s.seq, s.valid])).toEqual([
      [1, false], // {"2":"WITHHOLD"} (the test before)
      [2, false], // the over-vote
      [3, true], // 23:59:30 on the 19th
      [4, false], // 00:00:01 on the 20th
    ]);
    expect(stored[3]).toMatchObject({
      kind: 'internet',
      receivedAt: '2024-06-20T07:00:01.000Z',
      ballot: { '4': 'FOR' },
    });
    expect(stored[3]!.reason).toBe(error.message);
    expect(stored[3]!.reason).toContain('internet voting closed at 11:59 pm Pacific on 2024-06-19');
    // The late vote does not count: the one in time does.
    const c = await confirm('2024-06-20T00:00:02-07:00', { controlNumber: numbers[1] });
    expect(c.body).toMatchObject({
      status: 'counts',
      vote: { receiptId: inTime.body.receiptId, ballot: { '4': 'AGAINST' } },
    });
  });

  it('confirmation with no vote says there is none', async () => {
    const c = await confirm('2024-06-10T11:00:00-07:00', { controlNumber: numbers[2] });
    expect(c.status).toBe(200);
    expect(c.body).toEqual({ status: 'none', reason: 'no valid proxy' });
  });

  it('property: any body gets a named 4xx or a 201 receipt, never a 5xx (120 bodies, as many clients)', async () => {
    let n = 0;
    const client = () => `198.18.${Math.floor(n / 250)}.${n++ % 250}`;
    const matter = fc.constantFrom('FOR', 'AGAINST', 'ABSTAIN');
    // A valid ballot: some of proposals 2–6, and maybe the election with at most five nominees (≤ the seats).
    const ballot = fc
      .record(
        {
          '1': fc.dictionary(fc.constantFrom(...NOMINEES), fc.constantFrom('FOR', 'WITHHOLD'), { minKeys: 1 }),
          '2': matter,
          '3': matter,
          '4': matter,
          '5': matter,
          '6': matter,
        },
        { requiredKeys: [] },
      )
      .filter((b) => Object.keys(b).length > 0);
    type Case = { expect: 201 | 400 | 403; field?: string; body: unknown };
    const cases: fc.Arbitrary<Case> = fc.oneof(
      fc
        .tuple(fc.constantFrom(...numbers.slice(4)), ballot)
        .map(([controlNumber, b]) => ({ expect: 201 as const, body: { controlNumber, ballot: b } })),
      fc
        .tuple(fc.stringMatching(/^\d{12}$/), ballot)
        .filter(([cn]) => !numbers.includes(cn))
        .map(([controlNumber, b]) => ({ expect: 403 as const, body: { controlNumber, ballot: b } })),
      // A real number, a choice proposal 2–6 does not offer: that proposal is named.
      fc
        .tuple(
          fc.constantFrom(...numbers.slice(4)),
          fc.constantFrom('2', '3', '4', '5', '6'),
          fc.oneof(fc.string(), fc.jsonValue()).filter((c) => !['FOR', 'AGAINST', 'ABSTAIN'].includes(c as string)),
        )
        .map(([controlNumber, k, c]) => ({
          expect: 400 as const,
          field: `ballot.${k}`,
          body: { controlNumber, ballot: { [k]: c } },
        })),
      // Anything else: JSON values and objects of the body's field names holding junk (never a 12-digit string).
      fc
        .oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom('controlNumber', 'ballot', 'x'),
            fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.jsonValue()),
          ),
        )
        .map((body) => ({ expect: 400 as const, body })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const res = await vote('2024-06-11T12:00:00-07:00', c.body, client());
        const error = res.body.error as ErrorBody | undefined;
        expect(res.status).toBe(c.expect);
        if (c.expect === 201) {
          expect(res.body.receiptId).toMatch(/^[0-9a-f]{32}$/);
          expect(res.body.ballot).toEqual((c.body as { ballot: unknown }).ballot);
        } else if (c.expect === 403) {
          expect(error).toEqual({ code: 'NOT_ACCEPTED', message: NOT_ACCEPTED, issues: [] });
        } else {
          expect(error!.code).toBe('INVALID_INPUT');
          expect(error!.issues.length).toBeGreaterThan(0);
          if (c.field) expect(error!.issues.map((i) => i.field)).toContain(c.field);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('a newly recorded vote is receipted once by email when the account has an email on file; never the control number', async () => {
    // From the generated list (seed 5): a holder with an email, and one without, both with no vote yet (indexes 4–9
    // had only property-test votes on 2024-06-11, so a new ballot on 2024-06-15 is a new submission).
    const withEmail = holders.findIndex((h, i) => i >= 4 && h.email && !h.electedByRequest && !h.emailUndeliverable);
    const without = holders.findIndex((h, i) => i >= 4 && !h.email && !h.electedByRequest);
    expect(withEmail).toBeGreaterThanOrEqual(0);
    await p.clearSes();
    const body = { controlNumber: numbers[withEmail], ballot: { '3': 'ABSTAIN', '6': 'AGAINST' } };
    const first = await vote('2024-06-15T08:30:00-07:00', body);
    const again = await vote('2024-06-15T08:31:00-07:00', body);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    if (without >= 0)
      expect(
        (await vote('2024-06-15T08:32:00-07:00', { controlNumber: numbers[without], ballot: { '3': 'FOR' } })).status,
      ).toBe(201);
    const mail = await p.sesStore();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.destination.to).toEqual([holders[withEmail]!.email]);
    expect(mail[0]!.headers?.find((h) => h.name === PIECE_HEADER)?.value).toBe(`vote-${first.body.receiptId}`);
    const text = mail[0]!.body.text!;
    expect(text).toContain(`Receipt id: ${first.body.receiptId}`);
    // 08:30 PDT is 15:30 UTC.
    expect(text).toContain('2024-06-15T15:30:00.000Z');
    expect(text).toContain('Proposal 3 (');
    expect(text).toMatch(/Proposal 3 \([^)]*\): ABSTAIN/);
    expect(text).toMatch(/Proposal 6 \([^)]*\): AGAINST/);
    expect(JSON.stringify(mail)).not.toContain(numbers[withEmail]);
  });

  it('the logs carry no control number', () => {
    const logs = stdout.join('');
    expect(logs).toContain('"service":"votes"'); // the function did log here
    for (const cn of numbers) expect(logs).not.toContain(cn);
  });
});
