import { sha256Hex } from '../digest.js';
import { canonicalJson } from '../canonical.js';
import { Temporal, isIsoDate, parseInstant } from '../calendar/dates.js';
import { DomainError, InvalidInputError, type FieldIssue } from '../errors.js';
import type { Holder } from '../holders/model.js';
import { normaliseColumn } from '../holders/columns.js';
import { nomineeName, type MeetingFile } from '../meetings/schema.js';
import { checkBallot, type MarkedBallot } from './ballot.js';
import { readCard } from './cards.js';
import type { VoteRecord } from './cast.js';
import { checkCutoff, cutoffFor, lateFrom } from './cutoffs.js';

/**
 * Telephone-vote and mailed-card files (docs/file-formats.md, docs/voting.md): each row read into a
 * submission of the account's history or a rejection with its line, field and reason. Pure: the
 * holder and the control number's keyed hash come from the caller.
 */

export type VoteFileChannel = 'phone' | 'mail';

/** The fixed columns of each file (after header normalisation: lower case, spaces and hyphens as `_`). */
export const VOTE_FILE_COLUMNS: Record<VoteFileChannel, readonly string[]> = {
  phone: ['account', 'control_number', 'received_at'],
  mail: ['account', 'signed', 'card_date', 'received_at', 'card'],
};
export const VOTE_FILE_REQUIRED: Record<VoteFileChannel, readonly string[]> = {
  phone: ['account', 'control_number', 'received_at'],
  mail: ['account', 'signed', 'received_at'],
};

/** A choice column: `p<proposal>` or, for an election, `p<proposal>:<nominee name>`. */
const CHOICE_COLUMN = /^p([1-9]\d*)(?::(.+))?$/;

/** Whether a (normalised) column is one of the file's columns: fixed ones, or choice columns. */
export const isVoteFileColumn = (channel: VoteFileChannel, column: string): boolean =>
  VOTE_FILE_COLUMNS[channel].includes(column) || CHOICE_COLUMN.test(column);

/** One row as read: its line in the file and its fields by normalised column. */
export interface VoteFileRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, string | undefined>>;
}

export interface VoteFileRejection {
  readonly line: number;
  /** The column at fault (`account`, `control_number`, `received_at`, `p2`, `p1:<nominee>`, …), or `row`. */
  readonly field: string;
  readonly reason: string;
  /** True when the row was still stored, as a submission that does not count (an identified holder's refused vote). */
  readonly recorded: boolean;
}

/** A row whose form is right: what it says, before the holder is known. */
export interface ParsedVoteRow {
  readonly line: number;
  readonly accountId: string;
  /** The instant received, in epoch milliseconds. */
  readonly receivedAt: number;
  /** Phone: the 12 digits; compared by keyed hash only and never echoed. */
  readonly controlNumber?: string;
  readonly signed?: boolean;
  readonly date?: string;
  readonly party?: string;
  /** The marks in the API's ballot shape; an unmarked proposal is absent. */
  readonly marks: Record<string, unknown>;
  /** Each proposal key → the column it came from, to name the column in a refusal. */
  readonly columnOf: Readonly<Record<string, string>>;
}

export interface VoteFileContext {
  readonly meeting: MeetingFile;
  readonly channel: VoteFileChannel;
  /** The file's digest (`sha256:<hex>`): with the line, each row's stable identity. */
  readonly fileDigest: string;
  /** The file's name or key, kept as the submission's source. */
  readonly sourceName: string;
  /** Keyed hash of a control number for the meeting (the holder list's look-up hash). */
  readonly controlHash: (meetingId: string, controlNumber: string) => string;
  /** The channel's first late instant in epoch ms (`voteFileLateFrom`), worked out once per file, not per row. */
  readonly lateFromMs: number;
}

/** The first late instant of a file's channel, in epoch ms (cutoffs.ts `lateFrom`), for `VoteFileContext`. */
export const voteFileLateFrom = (meeting: MeetingFile, channel: VoteFileChannel): number =>
  lateFrom(cutoffFor(meeting, channel)).epochMilliseconds;

export type VoteRowOutcome =
  | { readonly status: 'stored'; readonly record: VoteRecord; readonly rejection?: VoteFileRejection }
  | { readonly status: 'rejected'; readonly rejection: VoteFileRejection };

const SUBMITTED_MAX = 4000;
const ISO_INSTANT = /^\d{4}-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(\.\d{1,9})?)?(?:[zZ]|[+-](\d\d):(\d\d))$/;

/**
 * An ISO-8601 instant with its offset, in epoch ms, or undefined. Read by Date.parse once its form is checked; Date.parse
 * is lax (2024-02-30, T24:00), so a text is first one the Temporal reader accepts. Fields in their everyday ranges
 * (month 1–12, day at most 28, hour to 23, minute and second to 59, an offset under a day) always are, so only the
 * other texts go through that reader (slow per row).
 */
function instantMs(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m) return undefined;
  const [, month, day, hour, minute, second, , offsetHour, offsetMinute] = m.map(Number);
  const everyday =
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= 28 &&
    hour! <= 23 &&
    minute! <= 59 &&
    (m[5] === undefined || second! <= 59) &&
    (m[7] === undefined || (offsetHour! <= 23 && offsetMinute! <= 59));
  if (!everyday && !parseInstant(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
const YES = new Set(['yes', 'y', 'true', '1', 'signed']);
const NO = new Set(['no', 'n', 'false', '0', 'unsigned', '']);

const rejected = (
  line: number,
  field: string,
  reason: string,
): { status: 'rejected'; rejection: VoteFileRejection } => ({
  status: 'rejected',
  rejection: { line, field, reason, recorded: false },
});

/** A choice as written: trimmed, upper case, single spaces ("1 year" → "1 YEAR"). */
const choiceText = (v: string): string => v.trim().replace(/\s+/g, ' ').toUpperCase();

/** The meeting's nominee of a proposal by a column's (normalised) name, or the name as written when none. */
function nomineeFor(meeting: MeetingFile, proposal: number, written: string): string {
  const p = meeting.proposals.find((q) => q.number === proposal);
  const column = normaliseColumn(written);
  const found = (p?.nominees ?? []).map(nomineeName).find((n) => normaliseColumn(n) === column);
  return found ?? written;
}

/** Reads a row's form: account, instant, the channel's fields and the choice columns. */
export function parseVoteRow(
  meeting: MeetingFile,
  channel: VoteFileChannel,
  row: VoteFileRow,
): { parsed: ParsedVoteRow } | { status: 'rejected'; rejection: VoteFileRejection } {
  const { line, fields } = row;
  const text = (k: string) => (fields[k] ?? '').trim();
  const accountId = text('account');
  if (!accountId) return rejected(line, 'account', 'is required');
  if (accountId.length > 64 || /[#\s]/.test(accountId))
    return rejected(line, 'account', 'must be an account id of at most 64 characters, without spaces or "#"');
  const receivedText = text('received_at');
  const receivedAt = instantMs(receivedText);
  if (receivedAt === undefined)
    return rejected(line, 'received_at', 'must be an instant with its offset, e.g. 2024-06-19T23:59:30-07:00');

  let controlNumber: string | undefined;
  let signed: boolean | undefined;
  let date: string | undefined;
  let party: string | undefined;
  if (channel === 'phone') {
    // Never echoed: the reason says what is wrong, not what was read.
    controlNumber = text('control_number').replace(/[\s-]/g, '');
    if (!/^\d{12}$/.test(controlNumber)) return rejected(line, 'control_number', 'must be 12 digits');
  } else {
    const s = text('signed').toLowerCase();
    if (!YES.has(s) && !NO.has(s)) return rejected(line, 'signed', 'must be yes or no');
    signed = YES.has(s);
    date = text('card_date') || undefined;
    if (date !== undefined && !isIsoDate(date)) return rejected(line, 'card_date', 'must be a real date as YYYY-MM-DD');
    party = text('card') || undefined;
  }

  const marks: Record<string, unknown> = {};
  const columnOf: Record<string, string> = {};
  for (const [column, value] of Object.entries(fields)) {
    const m = CHOICE_COLUMN.exec(column);
    const v = (value ?? '').trim();
    if (!m || !v) continue;
    const key = m[1]!;
    const choice = choiceText(v);
    if (m[2] === undefined) {
      if (marks[key] !== undefined)
        return rejected(line, column, `proposal ${key} is marked both as a whole and per nominee`);
      marks[key] = choice;
    } else {
      const current = marks[key];
      if (typeof current === 'string')
        return rejected(line, column, `proposal ${key} is marked both as a whole and per nominee`);
      const byNominee = (current as Record<string, string> | undefined) ?? {};
      byNominee[nomineeFor(meeting, Number(key), m[2])] = choice;
      marks[key] = byNominee;
    }
    columnOf[key] = columnOf[key] ?? column;
  }
  return {
    parsed: {
      line,
      accountId,
      receivedAt,
      ...(controlNumber !== undefined ? { controlNumber } : {}),
      ...(signed !== undefined ? { signed } : {}),
      ...(date !== undefined ? { date } : {}),
      ...(party !== undefined ? { party } : {}),
      marks,
      columnOf,
    },
  };
}

/**
 * The row's stable identity, from what it says (not where it sits in a file): the same call or card, in this file
 * again, re-exported with other line endings, or repeated in a vendor's cumulative file, is the same submission.
 */
export function importedVoteId(meetingId: string, channel: VoteFileChannel, row: ParsedVoteRow): string {
  const said = [row.accountId, String(row.receivedAt), row.date ?? '', String(row.signed ?? ''), row.party ?? ''];
  return sha256Hex(['import', meetingId, channel, ...said, canonicalJson(row.marks, 0)].join('\u0000'), 32);
}

/** The column a ballot issue names (`ballot.2` → `p2`, or the nominee column it came from). */
function columnOfIssue(row: ParsedVoteRow, issue: FieldIssue): string {
  const key = issue.field.replace(/^ballot\./, '');
  return row.columnOf[key] ?? (issue.field.startsWith('ballot.') ? `p${key}` : issue.field);
}

/**
 * Judges a well-formed row against the holder its account names. Not stored: an account not in the
 * record-date list, a phone control number that is not the account's. Stored as not counting (an identified
 * holder's refused vote, as online): after the channel's cut-off, a phone ballot refused (a choice not offered,
 * an unknown proposal or nominee, more FOR votes than seats), a card whose marks the meeting does not offer, an
 * unsigned card. Otherwise stored valid, with the account's record-date shares.
 */
/** What a row is judged by of its holder: the account, the record-date shares, the control number's keyed hash. */
export type VotingHolder = Pick<Holder, 'accountId' | 'shares' | 'controlHash'>;

export function judgeVoteRow(
  ctx: VoteFileContext,
  row: ParsedVoteRow,
  holder: VotingHolder | undefined,
): VoteRowOutcome {
  const { meeting, channel } = ctx;
  if (!holder) return rejected(row.line, 'account', `no account ${row.accountId} in the record-date holder list`);
  if (channel === 'phone' && ctx.controlHash(meeting.id, row.controlNumber ?? '') !== holder.controlHash)
    return rejected(row.line, 'control_number', "is not the account's control number");

  const id = importedVoteId(meeting.id, channel, row);
  const common = {
    id,
    kind: channel,
    meetingId: meeting.id,
    accountId: holder.accountId,
    seq: 0,
    receivedAt: new Date(row.receivedAt).toISOString(),
    shares: holder.shares,
    bodyKey: id,
    source: `file:${ctx.sourceName} ${ctx.fileDigest} line ${row.line}`,
  };
  // Spreads first in each literal, optional members after (a spread after other members is V8's slow path, per row).
  const base = row.date !== undefined ? { ...common, date: row.date } : common;
  const refuse = (field: string, reason: string, ballot: MarkedBallot = {}): VoteRowOutcome => ({
    status: 'stored',
    record: { ...base, valid: false, reason, ballot, submitted: canonicalJson(row.marks, 0).slice(0, SUBMITTED_MAX) },
    rejection: { line: row.line, field, reason, recorded: true },
  });

  try {
    // The channel's cut-off, read in the issuer's time zone: phone by the instant of the call, a card by when it arrived.
    // (The cut-off is worked out once per file; checkCutoff words the refusal.)
    if (row.receivedAt >= ctx.lateFromMs)
      checkCutoff(meeting, channel, Temporal.Instant.fromEpochMilliseconds(row.receivedAt));
  } catch (err) {
    if (err instanceof DomainError) return refuse('received_at', err.message);
    throw err;
  }
  try {
    if (channel === 'phone') {
      // Rule 14a-19(e) and the issue: by phone, more FOR votes than seats is refused before it is stored.
      const ballot = checkBallot(meeting, row.marks, 'phone');
      return { status: 'stored', record: { ...base, valid: true, ballot } };
    }
    const reading = readCard(meeting, {
      ...(row.party !== undefined ? { party: row.party } : {}),
      signed: row.signed ?? false,
      ...(row.date !== undefined ? { date: row.date } : {}),
      marks: row.marks,
    });
    if (!reading.valid) return refuse('signed', reading.reason);
    const notes = reading.outcomes
      .filter((o) => o.counted !== 'marked')
      .map((o) => `proposal ${o.proposal}: ${o.reason}`)
      .join('; ');
    return {
      status: 'stored',
      record: notes
        ? { ...base, valid: true, ballot: reading.votes, reason: notes }
        : { ...base, valid: true, ballot: reading.votes },
    };
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    const issue = err.issues[0];
    const field = issue ? columnOfIssue(row, issue) : 'row';
    const field2 = field === 'party' ? 'card' : field === 'date' ? 'card_date' : field;
    return refuse(field2, err.issues.map((i) => i.message).join('; ') || err.message);
  }
}

/** Both steps for one row: its form, then against its holder (looked up by the caller from `accountOf`). */
export function readVoteRow(
  ctx: VoteFileContext,
  row: VoteFileRow,
  holderOf: (accountId: string) => VotingHolder | undefined,
): VoteRowOutcome {
  const p = parseVoteRow(ctx.meeting, ctx.channel, row);
  if ('status' in p) return p;
  return judgeVoteRow(ctx, p.parsed, holderOf(p.parsed.accountId));
}
