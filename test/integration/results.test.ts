import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { lambdaContext, type Handlers } from '../../cli/local/http-server.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../../shared/domain/holders/schema.js';
import { createMeeting } from '../../shared/domain/meetings/use-cases.js';
import type { Meeting, MeetingFileInput } from '../../shared/domain/meetings/schema.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import { contractValidator } from '../http/contract-validator.js';

/**
 * The results function against dynalite (the real SDK): votes cast through the votes API, then the tally read
 * through GET /meetings/{id}/results, its page and the certificate, by the clock before and after the polls close.
 *
 * The meeting is the seed's (proposals, standards, times: America/Los_Angeles, PDT = UTC−7; online voting until
 * 11:59 pm Pacific on 2024-06-19; the polls close at the meeting's start, 9:00 am Pacific on 2024-06-20) with
 * 2,000 shares outstanding and a quorum of one third: ⌈2,000 / 3⌉ = 667. Four holders, written here:
 * TA-1 1,000 shares, TA-2 500, TA-3 300, TA-4 200 (no vote). The votes, and what they add up to by hand:
 *
 *   proposal         TA-1 (1,000)   TA-2 (500)                 TA-3 (300)
 *   1 directors      FOR all five   WITHHOLD Cassano, FOR rest  (unmarked)
 *   2 auditor        FOR            AGAINST                    ABSTAIN
 *   3 plan           AGAINST        ABSTAIN                    (unmarked)
 *   4 split          FOR            AGAINST                    (unmarked)
 *   5 authorized     FOR            FOR                        (unmarked)
 *   6 exculpation    FOR            ABSTAIN                    (unmarked)
 *
 * Present: 1,000 + 500 + 300 = 1,800 ≥ 667, a quorum (3 accounts; no street name).
 * 2 (majority of voting power present): entitled 1,000 + 500 + 300 = 1,800; threshold ⌊1,800 / 2⌋ + 1 = 901;
 *   FOR 1,000 → PASSED.
 * 3 (same standard): FOR 0, AGAINST 1,000, ABSTAIN 500, present not voting 300; entitled 1,800, threshold 901 → FAILED.
 * 4 (majority of votes cast): FOR 1,000 > AGAINST 500; threshold 501 → PASSED; TA-3's 300 present, not voting.
 * 5 (votes cast): FOR 1,500, AGAINST 0; threshold 1 → PASSED.
 * 6 (two thirds of the 2,000 outstanding): threshold ⌈4,000 / 3⌉ = 1,334; FOR 1,000 → FAILED.
 * 1 (plurality, five seats, five nominees): Cassano FOR 1,000 WITHHELD 500, the others FOR 1,500; all ELECTED.
 */
const SECRET = '7d'.repeat(32);
const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
const BEFORE = '2024-06-15T12:00:00-07:00';
const CLOSE_MINUTE = '2024-06-20T09:00:30-07:00';
const AFTER = '2024-06-20T09:01:00-07:00';
const HOLDERS_CSV = [
  'account_id,name,co_owner,address_line1,address_line2,address_line3,city,state,postal_code,country,shares,email,' +
    'edelivery_consent,householding_consent,delivery_election',
  'TA-1,Holder One,,1 Main Street,,,Boston,MA,02134,US,"1,000",,N,none,',
  'TA-2,Holder Two,,2 Main Street,,,Boston,MA,02134,US,500,,N,none,',
  'TA-3,Holder Three,,3 Main Street,,,Boston,MA,02134,US,300,,N,none,',
  'TA-4,Holder Four,,4 Main Street,,,Boston,MA,02134,US,200,,N,none,',
].join('\n');

type Answer = { status: number; body: string; headers: Record<string, unknown> };
const doc = openApiDocument();
const contract = contractValidator(doc);

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
const RESULTS_SCHEMA: Schema = { $ref: '#/components/schemas/Results' };
/** The paths of every field of `value` that the published schema does not name. */
function undocumented(schema: Schema, value: unknown, path = ''): string[] {
  if (schema.$ref)
    return undocumented(
      (doc.components?.schemas as Record<string, Schema>)[schema.$ref.split('/').pop()!]!,
      value,
      path,
    );
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    if (value === null) return [];
    const found = branches.map((b) => undocumented(b, value, path));
    return found.find((f) => f.length === 0) ?? found[0]!;
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => undocumented(schema.items ?? {}, v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const field =
      schema.properties?.[k] ??
      (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    return field ? undocumented(field, v, `${path}.${k}`) : [`${path}.${k}`];
  });
}

describe('the results through the results function on dynalite', () => {
  let p: TestPlatform;
  let meeting: Meeting;
  const numbers = new Map<string, string>();
  const byNow = new Map<string, Handlers>();
  const at = async (now: string) => {
    if (!byNow.has(now)) byNow.set(now, await loadHandlers({ ...p.config, fixedNow: now }));
    return byNow.get(now)!;
  };
  const event = (method: string, route: string, path: string, body?: unknown, query?: Record<string, string>) =>
    ({
      version: '2.0',
      routeKey: `${method} ${route}`,
      rawPath: path,
      rawQueryString: new URLSearchParams(query).toString(),
      headers: { 'content-type': 'application/json' },
      pathParameters: { meetingId: meeting.id },
      queryStringParameters: query,
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { http: { method, path, sourceIp: '198.51.100.40' } },
    }) as unknown as APIGatewayProxyEventV2;
  const results = async (now: string, sub = '', query?: Record<string, string>): Promise<Answer> => {
    const route = `/meetings/{meetingId}/results${sub}`;
    const res = await (
      await at(now)
    ).results(event('GET', route, `/meetings/${meeting.id}/results${sub}`, undefined, query), lambdaContext('results'));
    return { status: res.statusCode!, body: res.body!, headers: res.headers ?? {} };
  };
  const vote = async (account: string, ballot: unknown) => {
    const res = await (
      await at('2024-06-10T10:00:00-07:00')
    ).votes(
      event('POST', '/meetings/{meetingId}/votes', `/meetings/${meeting.id}/votes`, {
        controlNumber: numbers.get(account),
        ballot,
      }),
      lambdaContext('votes'),
    );
    expect(res.statusCode, res.body).toBe(201);
  };

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    const root = testRoot(p, SECRET);
    const seed = JSON.parse(
      readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8'),
    ) as MeetingFileInput;
    ({ meeting } = await createMeeting(
      {
        meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName),
        now: () => '2024-06-01T00:00:00Z',
      },
      {
        ...seed,
        id: 'results-it',
        meeting: { ...seed.meeting, sharesOutstanding: 2000, quorum: { fraction: '1/3', shares: 667 } },
      },
    ));
    const h = await root.holders();
    await importHolders(
      { ...h, now: () => '2024-06-01T00:00:00Z' },
      {
        meeting,
        kind: 'registered',
        sourceId: 'hand',
        sourceName: 'hand.csv',
        records: readCsvRecords(Readable.from([HOLDERS_CSV]), {
          known: REGISTERED_COLUMNS,
          required: REGISTERED_REQUIRED,
        }),
      },
    );
    const holders = (await h.holders.listHolders(meeting.id, { limit: 10 })).holders;
    const cns = h.controlNumbers.controlNumbers(
      meeting.id,
      holders.map((x) => x.controlSeq),
    );
    holders.forEach((x, i) => numbers.set(x.accountId, cns[i]!));
    const all = (choice: string) => Object.fromEntries(NOMINEES.map((n) => [n, choice]));
    await vote('TA-1', { '1': all('FOR'), '2': 'FOR', '3': 'AGAINST', '4': 'FOR', '5': 'FOR', '6': 'FOR' });
    await vote('TA-2', {
      '1': { ...all('FOR'), 'James Cassano': 'WITHHOLD' },
      '2': 'AGAINST',
      '3': 'ABSTAIN',
      '4': 'AGAINST',
      '5': 'FOR',
      '6': 'ABSTAIN',
    });
    await vote('TA-3', { '2': 'ABSTAIN' });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('before the polls close: a preliminary tally, the figures worked out by hand, every field in the contract', async () => {
    const res = await results(BEFORE);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    const documented = contract.response('GET /meetings/{meetingId}/results', 200);
    expect(documented(body)).toBe(true);
    // The contract names every field of the answer (the schemas allow more; this walks them).
    expect(undocumented(RESULTS_SCHEMA, body)).toEqual([]);
    expect(undocumented(RESULTS_SCHEMA, { ...body, tabulation: { ...body.tabulation, extra: 1 } })).toEqual([
      '.tabulation.extra',
    ]);
    const t = body.tabulation;
    expect(t.mode).toBe('preliminary');
    expect(body.polls).toEqual({
      at: '2024-06-20T09:00:00-07:00',
      label: '9:00 am Pacific on 2024-06-20',
      closed: false,
    });
    expect(t.quorum).toMatchObject({
      required: 667,
      present: 1800,
      registeredPresent: 1800,
      registeredAccounts: 3,
      met: true,
    });
    const byNumber = Object.fromEntries(t.proposals.map((x: { number: number }) => [x.number, x]));
    expect(byNumber[2]).toMatchObject({
      votes: { for: 1000, against: 500, abstain: 300, brokerNonVotes: 0, presentNotVoting: 0 },
      threshold: { shares: 901 },
      status: 'PASSED',
    });
    expect(byNumber[3]).toMatchObject({
      votes: { for: 0, against: 1000, abstain: 500, presentNotVoting: 300 },
      threshold: { shares: 901 },
      status: 'FAILED',
    });
    expect(byNumber[4]).toMatchObject({
      votes: { for: 1000, against: 500 },
      threshold: { shares: 501 },
      status: 'PASSED',
    });
    expect(byNumber[5]).toMatchObject({ votes: { for: 1500, against: 0 }, threshold: { shares: 1 }, status: 'PASSED' });
    expect(byNumber[6]).toMatchObject({
      votes: { for: 1000, abstain: 500 },
      threshold: { shares: 1334 },
      status: 'FAILED',
    });
    expect(byNumber[1].status).toBe('ELECTED');
    expect(
      byNumber[1].nominees.map((n: { name: string; votes: { for: number; withheld: number } }) => [
        n.name,
        n.votes.for,
        n.votes.withheld,
      ]),
    ).toEqual([
      ['James Cassano', 1000, 500],
      ['Peter Liu', 1500, 0],
      ['Mike Mulica', 1500, 0],
      ['Jack Steenstra', 1500, 0],
      ['Jeffrey Wang', 1500, 0],
    ]);
    // The 8-K text: preliminary, due four business days after Thursday 2024-06-20 → Wednesday 2024-06-26.
    expect(body.form8k.dueDate).toBe('2024-06-26');
    expect(body.form8k.text).toMatch(/preliminary/i);
  });

  it('a final tally before the polls close is a named 409; within the polls-close minute it still is', async () => {
    for (const now of [BEFORE, CLOSE_MINUTE]) {
      const res = await results(now, '', { mode: 'final' });
      expect(res.status).toBe(409);
      const body = JSON.parse(res.body);
      expect(body.error.code).toBe('CONFLICT');
      expect(body.error.message).toContain('9:00 am Pacific on 2024-06-20');
      expect(contract.response('GET /meetings/{meetingId}/results', 409)(body)).toBe(true);
    }
    expect(JSON.parse((await results(CLOSE_MINUTE)).body).tabulation.mode).toBe('preliminary');
    const bad = await results(BEFORE, '', { mode: 'last' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.issues.map((i: { field: string }) => i.field)).toEqual(['mode']);
  });

  it('after the polls close: final by default, the same figures; a preliminary one on request', async () => {
    const body = JSON.parse((await results(AFTER)).body);
    expect(body.tabulation.mode).toBe('final');
    expect(body.polls.closed).toBe(true);
    expect(body.tabulation.proposals.map((x: { status: string }) => x.status)).toEqual([
      'ELECTED',
      'PASSED',
      'FAILED',
      'PASSED',
      'PASSED',
      'FAILED',
    ]);
    expect(body.form8k.text).not.toMatch(/preliminary/i);
    expect(JSON.parse((await results(AFTER, '', { mode: 'preliminary' })).body).tabulation.mode).toBe('preliminary');
  });

  it('the page and the certificate are HTML with the site headers; a final page before the close is a 409 page', async () => {
    const page = await results(AFTER, '/page');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<svg role="img" aria-labelledby="chart-2-title" aria-describedby="chart-2-desc"');
    expect(page.body).toContain('Threshold: 901 shares FOR needed; FOR is 99 shares above it. Result: PASSED.');
    expect(page.body).not.toMatch(/<script/i);
    const cert = await results(AFTER, '/certificate');
    expect(cert.status).toBe(200);
    expect(cert.body).toContain('Report and certificate of the inspector of election');
    const early = await results(BEFORE, '/page', { mode: 'final' });
    expect(early.status).toBe(409);
    expect(early.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(early.body).toContain('no final tally before the polls close');
  });
});
