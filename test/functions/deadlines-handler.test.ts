import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/deadlines/handler.js';
import { apiEvent, context } from '../support/events.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import { contractValidator } from '../http/contract-validator.js';

const call = async (event: ReturnType<typeof apiEvent>) => {
  const res = await handler(event, context('deadlines'));
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null') };
};

describe('deadlines Lambda (API Gateway v2 events)', () => {
  it('GET /deadlines reproduces the seed dates', async () => {
    const res = await call(
      apiEvent('GET /deadlines', {
        query: { priorMeeting: '2024-06-20', priorRelease: '2024-06-05', tz: 'America/Los_Angeles' },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.rule14a8).toMatchObject({ deadline: '2025-02-05', citation: 'Rule 14a-8(e)(2)' });
    expect(res.body.advanceNotice).toMatchObject({ opens: '2025-02-20', closes: '2025-03-22' });
    expect(res.body.rule14a19).toMatchObject({ deadline: '2025-04-21' });
    expect(Array.isArray(res.body.warnings)).toBe(true);
  });

  it('GET /deadlines with bad fields is a 400 naming each one', async () => {
    const res = await call(
      apiEvent('GET /deadlines', {
        query: { priorMeeting: '2024-02-30', priorRelease: 'yesterday', tz: 'Nowhere/City' },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'priorMeeting',
      'priorRelease',
      'tz',
    ]);
  });

  it('GET /deadlines with no query at all is a 400, not a 500', async () => {
    const res = await call(apiEvent('GET /deadlines'));
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe('priorMeeting');
  });

  it('POST /deadlines/check answers timely with a reason', async () => {
    const body = JSON.stringify({
      priorMeeting: '2024-06-20',
      priorRelease: '2024-06-05',
      tz: 'America/Los_Angeles',
      route: 'advance-notice',
      received: '2025-03-22T17:30:00-07:00',
    });
    const res = await call(apiEvent('POST /deadlines/check', { body }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ timely: false, route: 'advance-notice' });
    expect(res.body.reason).toContain('too late');
  });

  it('POST /deadlines/check with numbers as JSON numbers is accepted', async () => {
    const body = JSON.stringify({
      priorMeeting: '2024-06-20',
      priorRelease: '2024-06-05',
      bylawOpensDays: 120,
      bylawClosesDays: 90,
      route: '14a-8',
      received: '2025-02-05T12:00:00Z',
    });
    const res = await call(apiEvent('POST /deadlines/check', { body }));
    expect(res.status).toBe(200);
    expect(res.body.timely).toBe(true);
  });

  it('POST /deadlines/check with malformed JSON is a 400 naming the body', async () => {
    const res = await call(apiEvent('POST /deadlines/check', { body: '{"route":' }));
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe('body');
  });

  it('POST /deadlines/check with a JSON array body is a 400, not a 500', async () => {
    const res = await call(apiEvent('POST /deadlines/check', { body: '[1,2]' }));
    expect(res.status).toBe(400);
  });
});

/**
 * Issue 15: the issuer conventions through the API. Dates worked by hand (weekdays checked with `date -d`):
 *   the seed's anniversary 2025-06-20; −90 = 2025-03-22 (Saturday; Friday before: 03-21);
 *   −240 = 2024-10-23 (2024-10-20 → 2025-06-20 is 243 days); −140 = 2025-01-31 (28 + 31 + 30 + 31 + 20).
 *   Prior meeting 2023-06-20: anniversary 2024-06-20, −60 = 2024-04-21, a Sunday; the next business day is Monday 04-22.
 *   Prior meeting 2024-07-24: −60 from 2025-07-24 is Sunday 2025-05-25; Monday 05-26 is Memorial Day (the last
 *   Monday of May, 5 U.S.C. §6103), so the next business day is Tuesday 2025-05-27.
 *   Moved meeting 2025-08-01 (42 days after 06-20), announced 2025-05-01 (+10 = Sunday 05-11):
 *   nominations 120/90 open −120 = 2025-04-03 and close the later of −90 (05-03) and 05-11 → 05-11;
 *   business 90/60 open −90 = 05-03 and close the later of −60 (06-02) and 05-11 → 06-02.
 */
describe('deadlines Lambda: issuer conventions (issue 15)', () => {
  const doc = openApiDocument();
  const contract = contractValidator(doc);
  const SEED_QUERY = { priorMeeting: '2024-06-20', priorRelease: '2024-06-05', tz: 'America/Los_Angeles' };

  it('the OpenAPI document lists every convention as a GET /deadlines query parameter and a check body field', () => {
    const names = ['nominationOpensDays', 'nominationClosesDays', 'bylawWeekend', 'rule14a19Weekend', 'rule14a19Basis'];
    const params = (contract.operation('GET /deadlines').parameters ?? []).map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(names));
    const body = contract.body('POST /deadlines/check');
    expect(
      body({ ...SEED_QUERY, route: 'nomination', received: '2025-01-31T12:00:00-08:00', bylawWeekend: 'none' }),
    ).toBe(true);
    expect(
      body({ ...SEED_QUERY, route: 'nomination', received: '2025-01-31T12:00:00-08:00', bylawWeekend: 'up' }),
    ).toBe(false);
  });

  it('GET /deadlines: a separate 240/140 nomination window, the Saturday bylaw close rolled back, 14a-19 tied to it', async () => {
    const res = await call(
      apiEvent('GET /deadlines', {
        query: {
          ...SEED_QUERY,
          nominationOpensDays: '240',
          nominationClosesDays: '140',
          bylawWeekend: 'previous-business-day',
          rule14a19Basis: 'bylaw',
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.advanceNotice).toMatchObject({
      opens: '2025-02-20',
      closes: '2025-03-21',
      closesRolled: { from: '2025-03-22', to: '2025-03-21', policy: 'previous-business-day', reason: 'a Saturday' },
    });
    expect(res.body.nominations).toMatchObject({
      opens: '2024-10-23',
      closes: '2025-01-31',
      separate: true,
      closesRolled: null, // a Friday
      citation: 'Bylaws (advance notice of director nominations)',
    });
    expect(res.body.rule14a19).toMatchObject({
      deadline: '2025-01-31',
      receivedBy: 'close of business',
      setBy: 'bylaw',
      ruleDeadline: '2025-04-21',
    });
    const shape = contract.response('GET /deadlines', 200);
    expect(shape(res.body), JSON.stringify(shape.errors)).toBe(true);
  });

  it('GET /deadlines: a Sunday Rule 14a-19 date rolled to Monday, and one rolled past Memorial Day', async () => {
    const sunday = await call(
      apiEvent('GET /deadlines', {
        query: { priorMeeting: '2023-06-20', priorRelease: '2023-06-05', rule14a19Weekend: 'next-business-day' },
      }),
    );
    expect(sunday.status).toBe(200);
    expect(sunday.body.rule14a19).toMatchObject({
      deadline: '2024-04-22',
      rolled: { from: '2024-04-21', to: '2024-04-22', reason: 'a Sunday' },
    });
    const memorial = await call(
      apiEvent('GET /deadlines', {
        query: { priorMeeting: '2024-07-24', priorRelease: '2024-07-01', rule14a19Weekend: 'next-business-day' },
      }),
    );
    expect(memorial.body.rule14a19).toMatchObject({ deadline: '2025-05-27', rolled: { from: '2025-05-25' } });
    expect(memorial.body.rule14a19.rolled.note).toContain('passing over Memorial Day, Monday 2025-05-26');
  });

  it('POST /deadlines/check route nomination, moved meeting: Sunday 05-11 as it falls, or rolled back to Friday 05-09', async () => {
    const question = {
      ...SEED_QUERY,
      nextMeeting: '2025-08-01',
      announced: '2025-05-01',
      bylawOpensDays: 90,
      bylawClosesDays: 60,
      nominationOpensDays: 120,
      nominationClosesDays: 90,
      route: 'nomination',
      received: '2025-05-10T12:00:00-07:00', // Saturday noon, Pacific daylight time
    };
    const asFalls = await call(apiEvent('POST /deadlines/check', { body: JSON.stringify(question) }));
    expect(asFalls.status).toBe(200);
    expect(asFalls.body).toMatchObject({ route: 'nomination', timely: true });
    expect(asFalls.body.deadlines.nominations).toMatchObject({ opens: '2025-04-03', closes: '2025-05-11' });
    expect(asFalls.body.deadlines.advanceNotice).toMatchObject({ opens: '2025-05-03', closes: '2025-06-02' });
    const rolled = await call(
      apiEvent('POST /deadlines/check', {
        body: JSON.stringify({ ...question, bylawWeekend: 'previous-business-day' }),
      }),
    );
    expect(rolled.body).toMatchObject({ route: 'nomination', timely: false });
    expect(rolled.body.reason).toContain('close of business (17:00) on 2025-05-09: too late');
    expect(rolled.body.reason).toContain('counts to Sunday 2025-05-11');
    const shape = contract.response('POST /deadlines/check', 200);
    expect(shape(rolled.body), JSON.stringify(shape.errors)).toBe(true);
  });

  it('bad conventions are a 400 naming each field', async () => {
    const res = await call(
      apiEvent('GET /deadlines', {
        query: { ...SEED_QUERY, bylawWeekend: 'sideways', rule14a19Basis: 'statute', nominationOpensDays: '-1' },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'bylawWeekend',
      'nominationOpensDays',
      'rule14a19Basis',
    ]);
    const tied = await call(
      apiEvent('GET /deadlines', {
        query: { ...SEED_QUERY, rule14a19Basis: 'bylaw', rule14a19Weekend: 'next-business-day' },
      }),
    );
    expect(tied.status).toBe(400);
    expect(tied.body.error.issues.map((i: { field: string }) => i.field)).toEqual(['rule14a19Weekend']);
  });
});
