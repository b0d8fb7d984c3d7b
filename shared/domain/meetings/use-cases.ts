import { ConflictError, InvalidInputError, NotFoundError, fieldIssues } from '../errors.js';
import { computeDeadlines, type DeadlineReport } from '../deadlines/engine.js';
import { meetingTimeline, type TimelineEntry } from '../calendar/clocks.js';
import { parseDate } from '../calendar/dates.js';
import { MeetingFileSchema, summarize, type Meeting, type MeetingFile, type MeetingSummary } from './schema.js';

/** Port: where meetings live (DynamoDB on AWS and locally; a fake in unit tests). */
export interface MeetingRepository {
  /** Stores a new meeting; false if one with the id already exists (nothing written). */
  create(meeting: Meeting): Promise<boolean>;
  /** Stores a meeting, replacing any with the same id. */
  replace(meeting: Meeting): Promise<void>;
  get(id: string): Promise<Meeting | undefined>;
  list(): Promise<MeetingSummary[]>;
}

export interface MeetingDeps {
  readonly meetings: MeetingRepository;
  /** The current instant as ISO text (passed in: the domain reads no clock). */
  readonly now: () => string;
}

/** Validates a meeting file; throws InvalidInputError naming every wrong field. */
export function parseMeetingFile(raw: unknown): MeetingFile {
  const parsed = MeetingFileSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error.issues), 'the meeting file is invalid');
  return parsed.data;
}

/**
 * Creates a meeting from a meeting file.
 * Steps: validate the file → store it unless the id exists (or replace it when asked).
 * @throws InvalidInputError for a bad file; ConflictError if the id exists and replace is false.
 */
export async function createMeeting(
  deps: MeetingDeps,
  raw: unknown,
  options: { replace?: boolean } = {},
): Promise<{ meeting: Meeting; outcome: 'created' | 'replaced' }> {
  const file = parseMeetingFile(raw);
  const now = deps.now();
  if (options.replace) {
    const existing = await deps.meetings.get(file.id);
    const meeting: Meeting = { ...file, createdAt: existing?.createdAt ?? now, updatedAt: now };
    await deps.meetings.replace(meeting);
    return { meeting, outcome: existing ? 'replaced' : 'created' };
  }
  const meeting: Meeting = { ...file, createdAt: now, updatedAt: now };
  if (!(await deps.meetings.create(meeting))) {
    throw new ConflictError(`meeting ${file.id} already exists (use --replace to overwrite it)`);
  }
  return { meeting, outcome: 'created' };
}

/** Stores a meeting only if absent (loading the demo meeting is idempotent). */
export async function ensureMeeting(deps: MeetingDeps, raw: unknown): Promise<'created' | 'exists'> {
  const file = parseMeetingFile(raw);
  const now = deps.now();
  return (await deps.meetings.create({ ...file, createdAt: now, updatedAt: now })) ? 'created' : 'exists';
}

/** @throws NotFoundError if no meeting has the id. */
export async function getMeeting(deps: Pick<MeetingDeps, 'meetings'>, id: string): Promise<Meeting> {
  const meeting = await deps.meetings.get(id);
  if (!meeting) throw new NotFoundError(`no meeting with id ${id}`);
  return meeting;
}

export async function listMeetings(deps: Pick<MeetingDeps, 'meetings'>): Promise<MeetingSummary[]> {
  const all = await deps.meetings.list();
  return [...all].sort((a, b) => (a.date === b.date ? a.id.localeCompare(b.id) : b.date.localeCompare(a.date)));
}

export interface MeetingDeadlines {
  readonly meetingId: string;
  /** Proposal and nomination deadlines for the issuer's next annual meeting, counted from this one. */
  readonly nextMeeting: DeadlineReport;
  /** This meeting's own clocks (record date, notices, results). */
  readonly timeline: TimelineEntry[];
}

/** The deadlines a meeting sets for the next one, plus its own timeline. */
export async function meetingDeadlines(deps: Pick<MeetingDeps, 'meetings'>, id: string): Promise<MeetingDeadlines> {
  const m = await getMeeting(deps, id);
  if (m.meeting.kind !== 'annual') {
    throw new InvalidInputError([
      { field: 'meeting.kind', message: 'proposal deadlines count from an annual meeting' },
    ]);
  }
  const nextMeeting = computeDeadlines({
    priorMeeting: m.meeting.date,
    priorRelease: m.meeting.materialsReleaseDate,
    timeZone: m.issuer.timeZone,
    closeOfBusiness: m.issuer.closeOfBusiness,
    bylaws: m.issuer.bylaws,
  });
  const timeline = meetingTimeline(parseDate(m.meeting.date)!, parseDate(m.meeting.recordDate)!);
  return { meetingId: m.id, nextMeeting, timeline };
}

export { summarize };
