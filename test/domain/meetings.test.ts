import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  createMeeting,
  ensureMeeting,
  listMeetings,
  meetingDeadlines,
  parseMeetingFile,
  type MeetingRepository,
} from '../../shared/domain/meetings/use-cases.js';
import type { Meeting, MeetingFileInput, MeetingSummary } from '../../shared/domain/meetings/schema.js';
import { summarize } from '../../shared/domain/meetings/schema.js';
import { ConflictError, InvalidInputError } from '../../shared/domain/errors.js';

const demo = () =>
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as MeetingFileInput;

/** In-memory stand-in for the repository port (the DynamoDB one is tested against dynalite). */
class FakeMeetings implements MeetingRepository {
  readonly items = new Map<string, Meeting>();
  async create(m: Meeting) {
    if (this.items.has(m.id)) return false;
    this.items.set(m.id, m);
    return true;
  }
  async replace(m: Meeting) {
    this.items.set(m.id, m);
  }
  async get(id: string) {
    return this.items.get(id);
  }
  async list(): Promise<MeetingSummary[]> {
    return [...this.items.values()].map(summarize);
  }
}

const deps = () => ({ meetings: new FakeMeetings(), now: () => '2026-11-25T12:00:00Z' });

function issuesOf(raw: unknown): string[] {
  try {
    parseMeetingFile(raw);
  } catch (err) {
    if (err instanceof InvalidInputError) return err.issues.map((i) => i.field);
    throw err;
  }
  return [];
}

describe('the meeting file', () => {
  it('the shipped Sonim example is valid and carries the seed facts', () => {
    const m = parseMeetingFile(demo());
    expect(m.meeting).toMatchObject({
      date: '2024-06-20',
      recordDate: '2024-05-30',
      sharesOutstanding: 46_717_887,
      delivery: 'full-set',
    });
    expect(m.meeting.quorum.shares).toBe(15_572_629);
    expect(m.proposals).toHaveLength(6);
    expect(m.proposals[0]?.nominees).toEqual([
      'James Cassano',
      'Peter Liu',
      'Mike Mulica',
      'Jack Steenstra',
      'Jeffrey Wang',
    ]);
  });

  it('a bad file is refused with every wrong field named', () => {
    const bad = demo();
    bad.id = 'Sonim 2024';
    bad.issuer.timeZone = 'Pacific Time';
    bad.meeting.date = '2024-06-31';
    bad.meeting.sharesOutstanding = -5;
    bad.contacts.tollFreePhone = 'call us';
    // Not one of the schema's choices, so written through a looser view of the JSON.
    const proposals: Record<string, unknown>[] = bad.proposals;
    proposals[1]!.boardRecommendation = 'MAYBE';
    expect(issuesOf(bad).sort()).toEqual(
      [
        'contacts.tollFreePhone',
        'id',
        'issuer.timeZone',
        'meeting.date',
        'meeting.sharesOutstanding',
        'proposals.1.boardRecommendation',
      ].sort(),
    );
  });

  it('a Delaware record date 61 days before the meeting is refused (DGCL §213(a))', () => {
    const bad = demo();
    bad.meeting.recordDate = '2024-04-20';
    expect(issuesOf(bad)).toEqual(['meeting.recordDate']);
    const ok = demo();
    ok.meeting.recordDate = '2024-04-21'; // exactly 60 days
    expect(issuesOf(ok)).toEqual([]);
  });

  it('a quorum that is not the stated fraction of shares outstanding is refused', () => {
    const bad = demo();
    bad.meeting.quorum.shares = 15_572_628;
    expect(issuesOf(bad)).toEqual(['meeting.quorum.shares']);
  });

  it('notice-only delivery needs a request email address (Rule 14a-16(d)(8))', () => {
    const bad = demo();
    bad.meeting.delivery = 'notice-only';
    expect(issuesOf(bad)).toEqual(['contacts.email']);
  });

  it('a virtual-only meeting needs its URL; duplicate proposal numbers are refused', () => {
    const bad = demo();
    delete bad.meeting.virtualUrl;
    bad.proposals[2]!.number = 2;
    expect(issuesOf(bad).sort()).toEqual(['meeting.virtualUrl', 'proposals.2.number']);
  });
});

describe('meeting use cases', () => {
  it('creating the same id twice is a conflict unless replacing', async () => {
    const d = deps();
    await createMeeting(d, demo());
    await expect(createMeeting(d, demo())).rejects.toBeInstanceOf(ConflictError);
    const again = await createMeeting(d, demo(), { replace: true });
    expect(again.outcome).toBe('replaced');
    expect(await ensureMeeting(d, demo())).toBe('exists');
    expect(await listMeetings(d)).toHaveLength(1);
  });

  it('a meeting yields next year’s deadlines (the seed dates) and its own clocks', async () => {
    const d = deps();
    await createMeeting(d, demo());
    const out = await meetingDeadlines(d, 'sonim-2024');
    expect(out.nextMeeting.rule14a8.deadline).toBe('2025-02-05');
    expect([out.nextMeeting.advanceNotice.opens, out.nextMeeting.advanceNotice.closes]).toEqual([
      '2025-02-20',
      '2025-03-22',
    ]);
    expect(out.nextMeeting.inputs.timeZone).toBe('America/Los_Angeles');
    expect(out.timeline.find((t) => t.key === 'form8kResults')?.date).toBe('2024-06-26');
  });
});
