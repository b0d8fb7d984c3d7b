import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/deadlines/handler.js';
import { apiEvent, context } from '../support/events.js';

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
