import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { configToEnv } from '../../shared/config.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { createMeeting, listMeetings } from '../../shared/domain/meetings/use-cases.js';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { apiEvent, context } from '../support/events.js';
import type { MeetingFileInput } from '../../shared/domain/meetings/schema.js';
import type * as MeetingsFunction from '../../functions/meetings/handler.js';

const demo = () =>
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as MeetingFileInput;

describe('meetings in DynamoDB (dynalite) and the meetings Lambda', () => {
  let p: TestPlatform;
  let handler: typeof MeetingsFunction.handler;
  let repo: DynamoMeetingRepository;
  const now = () => '2026-11-25T12:00:00Z';

  beforeAll(async () => {
    p = await startTestPlatform();
    // The handler reads its config from the environment at cold start, as on Lambda.
    Object.assign(process.env, configToEnv(p.config));
    ({ handler } = await import('../../functions/meetings/handler.js'));
    repo = new DynamoMeetingRepository(p.clients.documents, p.config.tableName);
    await createMeeting({ meetings: repo, now }, demo());
    const second = demo();
    second.id = 'sonim-2025';
    second.meeting.date = '2025-06-19';
    second.meeting.recordDate = '2025-05-01';
    second.meeting.materialsReleaseDate = '2025-05-20';
    await createMeeting({ meetings: repo, now }, second);
  });
  afterAll(async () => {
    await p?.stop();
  });

  const call = async (routeKey: string, opts: Parameters<typeof apiEvent>[1] = {}) => {
    const res = await handler(apiEvent(routeKey, opts), context('meetings'));
    return { status: res.statusCode, body: JSON.parse(res.body ?? 'null') };
  };

  it('a second create of the same id is refused by the conditional write', async () => {
    await expect(createMeeting({ meetings: repo, now }, demo())).rejects.toThrow(/already exists/);
  });

  it('lists meetings through the index, newest first', async () => {
    expect((await listMeetings({ meetings: repo })).map((m) => m.id)).toEqual(['sonim-2025', 'sonim-2024']);
    const res = await call('GET /meetings');
    expect(res.status).toBe(200);
    expect(res.body.meetings.map((m: { id: string }) => m.id)).toEqual(['sonim-2025', 'sonim-2024']);
  });

  it('GET /meetings/{id} returns the stored meeting file', async () => {
    const res = await call('GET /meetings/{meetingId}', {
      path: '/meetings/sonim-2024',
      pathParameters: { meetingId: 'sonim-2024' },
    });
    expect(res.status).toBe(200);
    expect(res.body.meeting).toMatchObject({ date: '2024-06-20', sharesOutstanding: 46_717_887 });
    expect(res.body.issuer.timeZone).toBe('America/Los_Angeles');
  });

  it('GET /meetings/{id}/deadlines gives the seed deadlines for 2025', async () => {
    const res = await call('GET /meetings/{meetingId}/deadlines', {
      path: '/meetings/sonim-2024/deadlines',
      pathParameters: { meetingId: 'sonim-2024' },
    });
    expect(res.status).toBe(200);
    expect(res.body.nextMeeting.rule14a8.deadline).toBe('2025-02-05');
    expect([res.body.nextMeeting.advanceNotice.opens, res.body.nextMeeting.advanceNotice.closes]).toEqual([
      '2025-02-20',
      '2025-03-22',
    ]);
  });

  it('an unknown meeting is a 404 and a malformed id a 400', async () => {
    expect(
      (
        await call('GET /meetings/{meetingId}', {
          path: '/meetings/nope-2099',
          pathParameters: { meetingId: 'nope-2099' },
        })
      ).status,
    ).toBe(404);
    const bad = await call('GET /meetings/{meetingId}', {
      path: '/meetings/BAD!',
      pathParameters: { meetingId: 'BAD!' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].field).toBe('meetingId');
  });
});
