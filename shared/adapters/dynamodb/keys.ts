import { createHash } from 'node:crypto';
import { Temporal } from '../../domain/calendar/dates.js';

/**
 * The one place that knows the single-table key layout (shared/resources.ts MAIN_TABLE).
 *
 * | entity                | pk                              | sk                      |
 * |-----------------------|---------------------------------|-------------------------|
 * | meeting               | MEETING#<id>                    | META                    |
 * | holder                | HOLDERS#<meeting>#<shard 00–15> | ACCOUNT#<account>       |
 * | nominee               | NOMINEES#<meeting>              | DTC#<participant>       |
 * | control sequence      | MEETING#<meeting>               | SEQUENCE#CONTROL        |
 * | import run            | MEETING#<meeting>               | IMPORT#<kind>#<source>  |
 * | vote file import run  | MEETING#<meeting>               | VOTEFILE#<digest>       |
 * | import rejection      | REJECTIONS#<meeting>#<source>   | LINE#<line 10>#<field>  |
 * | distribution run      | MEETING#<meeting>               | DISTRIBUTION#<run>      |
 * | run chunk (counts)    | MEETING#<meeting>               | DISTCHUNK#<run>#<chunk> |
 * | stockholder request   | REQUESTS#<meeting>              | REQUEST#<request id>    |
 * | lease                 | LEASE#<scope>                   | LEASE                   |
 * | refused attempts      | ATTEMPTS#<client digest>        | WINDOW#<n>              |
 * | vote (submission)     | VOTES#<meeting>#<account>       | SUB#<place 6>           |
 * | vote (imported row)   | VOTES#<meeting>#<account>       | IMP#<instant>#<id>      |
 * | piece (ledger)        | PIECES#<meeting>#<shard 00–15>  | PIECE#<piece id>        |
 * | nominee report        | NREPORTS#<meeting>              | REPORT#<participant>#<received, UTC ns>#<id> |
 * | report that counts    | NREPORTS#<meeting>              | LATEST#<participant>    |
 * | DTC position list     | MEETING#<meeting>               | POSITIONS               |
 *
 * The secondary indexes (entities without an index key are left out):
 *
 * | entity                | gsi1pk                        | gsi1sk      | gsi2pk                     | gsi2sk            |
 * |-----------------------|-------------------------------|-------------|----------------------------|-------------------|
 * | meeting               | MEETINGS                      | <date>#<id> |                            |                   |
 * | holder                | CONTROL#<meeting>#<hmac>      | HOLDER      | HOUSEHOLD#<meeting>#<addr> | ACCOUNT#<account> |
 * | stockholder request   | DUE#<meeting>                 | <due>#<id>  |                            |                   |
 * | (paper request, also) |                               |             | PRINTDAY#<meeting>#<day>   | <request id>      |
 * | piece (ledger)        | PRINT#<meeting>#<run>#<chunk> | <index 6>   |                            |                   |
 * | vote (submission)     | VOTED#<meeting>#<shard 00–15> | <account>#<place 6> |                    |                   |
 *
 * Holders are spread over HOLDER_SHARDS partition keys per meeting (by a hash of the account) so a
 * million-row import does not write to one hot partition; a meeting's list is a query per shard.
 */
export const HOLDER_SHARDS = 16;

const shardOf = (accountId: string) => createHash('sha256').update(accountId).digest()[0]! % HOLDER_SHARDS;
const pad = (n: number) => String(n).padStart(2, '0');
/** A short, fixed-length digest of a normalised address (keys stay small; the address itself is on the item). */
const addressDigest = (addressKey: string) => createHash('sha256').update(addressKey).digest('base64url').slice(0, 22);

const VOTE_FILE_PREFIX = 'VOTEFILE#';

export const keys = {
  meeting: (id: string) => ({ pk: `MEETING#${id}`, sk: 'META' }),
  meetingIndex: (id: string, date: string) => ({ gsi1pk: 'MEETINGS', gsi1sk: `${date}#${id}` }),
  allMeetings: () => ({ gsi1pk: 'MEETINGS' }),

  holderShard: (meetingId: string, shard: number) => `HOLDERS#${meetingId}#${pad(shard)}`,
  holder: (meetingId: string, accountId: string) => ({
    pk: keys.holderShard(meetingId, shardOf(accountId)),
    sk: `ACCOUNT#${accountId}`,
  }),
  holderByControl: (meetingId: string, controlHash: string) => ({
    gsi1pk: `CONTROL#${meetingId}#${controlHash}`,
    gsi1sk: 'HOLDER',
  }),
  holderHousehold: (meetingId: string, addressKey: string, accountId: string) => ({
    gsi2pk: keys.household(meetingId, addressKey),
    gsi2sk: `ACCOUNT#${accountId}`,
  }),
  household: (meetingId: string, addressKey: string) => `HOUSEHOLD#${meetingId}#${addressDigest(addressKey)}`,

  nominees: (meetingId: string) => `NOMINEES#${meetingId}`,
  nominee: (meetingId: string, participant: string) => ({ pk: keys.nominees(meetingId), sk: `DTC#${participant}` }),

  pieceShard: (meetingId: string, shard: number) => `PIECES#${meetingId}#${pad(shard)}`,
  piece: (meetingId: string, pieceId: string) => ({
    pk: keys.pieceShard(meetingId, shardOf(pieceId)),
    sk: `PIECE#${pieceId}`,
  }),
  printChunk: (meetingId: string, runId: string, chunk: number) =>
    `PRINT#${meetingId}#${runId}#${String(chunk).padStart(5, '0')}`,
  distribution: (meetingId: string, runId: string) => ({ pk: `MEETING#${meetingId}`, sk: `DISTRIBUTION#${runId}` }),
  /** A chunk of a run (`<run>#<chunk>`): once sent, its counts. */
  distributionChunk: (meetingId: string, chunkOfRun: string) => ({
    pk: `MEETING#${meetingId}`,
    sk: `DISTCHUNK#${chunkOfRun}`,
  }),

  requests: (meetingId: string) => `REQUESTS#${meetingId}`,
  request: (meetingId: string, requestId: string) => ({ pk: keys.requests(meetingId), sk: `REQUEST#${requestId}` }),
  /** Requests by due day (no due day sorts last), for the due and overdue lists. */
  requestsDue: (meetingId: string) => `DUE#${meetingId}`,
  requestDue: (meetingId: string, dueBy: string | undefined, requestId: string) => ({
    gsi1pk: keys.requestsDue(meetingId),
    gsi1sk: `${dueBy ?? '9999-12-31'}#${requestId}`,
  }),
  /** Paper requests on a day's fulfilment print file (gsi2). */
  printDay: (meetingId: string, day: string) => `PRINTDAY#${meetingId}#${day}`,
  lease: (scope: string) => ({ pk: `LEASE#${scope}`, sk: 'LEASE' }),
  /** Refused attempts of one client (a digest of its address) in one window. */
  attempts: (clientDigest: string, window: number) => ({ pk: `ATTEMPTS#${clientDigest}`, sk: `WINDOW#${window}` }),

  /** An account's vote history: its submissions in the order appended (the place is claimed by a conditional put). */
  votes: (meetingId: string, accountId: string) => `VOTES#${meetingId}#${accountId}`,
  vote: (meetingId: string, accountId: string, seq: number) => ({
    pk: keys.votes(meetingId, accountId),
    sk: `SUB#${String(seq).padStart(6, '0')}`,
  }),
  /** A meeting's submissions, every account's, in 16 shards (by a hash of the account): the status figures. */
  votedShard: (meetingId: string, shard: number) => `VOTED#${meetingId}#${pad(shard)}`,
  voteIndex: (meetingId: string, accountId: string, seq: number) => ({
    gsi1pk: keys.votedShard(meetingId, shardOf(accountId)),
    gsi1sk: `${accountId}#${String(seq).padStart(6, '0')}`,
  }),

  /** A meeting's nominee vote reports: each participant's history, and the report that counts. */
  nomineeReports: (meetingId: string) => `NREPORTS#${meetingId}`,
  /** One stored report, in the participant's history in the order received (a fixed-width UTC instant sorts). */
  nomineeReport: (meetingId: string, participant: string, receivedAt: string, reportId: string) => ({
    pk: keys.nomineeReports(meetingId),
    sk: `${keys.nomineeReportHistory(participant)}${sortableInstant(receivedAt)}#${reportId}`,
  }),
  nomineeReportHistory: (participant: string) => `REPORT#${participant}#`,
  /** The participant's report that counts (a copy of the latest, replaced by a conditional put). */
  latestNomineeReport: (meetingId: string, participant: string) => ({
    pk: keys.nomineeReports(meetingId),
    sk: `${keys.latestNomineeReports()}${participant}`,
  }),
  latestNomineeReports: () => 'LATEST#',
  /** The meeting's DTC security position list, one item replaced whole. */
  positions: (meetingId: string) => ({ pk: `MEETING#${meetingId}`, sk: 'POSITIONS' }),
  /** An imported submission (phone or card file row): its stable id, after the instant received; sorts before the places. */
  importedVote: (meetingId: string, accountId: string, receivedAt: string, id: string) => ({
    pk: keys.votes(meetingId, accountId),
    sk: `IMP#${receivedAt}#${id}`,
  }),
  /** An imported submission in the meeting's `VOTED#` shards, beside the account's places (same order as the history). */
  importedVoteIndex: (meetingId: string, accountId: string, receivedAt: string, id: string) => ({
    gsi1pk: keys.votedShard(meetingId, shardOf(accountId)),
    gsi1sk: `${accountId}#IMP#${receivedAt}#${id}`,
  }),

  /** How far a vote file (by content digest) is imported: its rows up to a line are stored. */
  voteImportRun: (meetingId: string, fileDigest: string) => ({
    pk: `MEETING#${meetingId}`,
    sk: `${VOTE_FILE_PREFIX}${fileDigest}`,
  }),
  /** Every vote file run of a meeting: its partition and the sort-key prefix of the runs. */
  voteImportRuns: (meetingId: string) => ({ pk: `MEETING#${meetingId}`, skPrefix: VOTE_FILE_PREFIX }),
  controlSequence: (meetingId: string) => ({ pk: `MEETING#${meetingId}`, sk: 'SEQUENCE#CONTROL' }),
  importRun: (meetingId: string, kind: string, sourceId: string) => ({
    pk: `MEETING#${meetingId}`,
    sk: `IMPORT#${kind}#${sourceId}`,
  }),
  rejections: (meetingId: string, sourceId: string) => `REJECTIONS#${meetingId}#${sourceId}`,
  rejection: (meetingId: string, sourceId: string, line: number, field: string) => ({
    pk: keys.rejections(meetingId, sourceId),
    sk: `LINE#${String(line).padStart(10, '0')}#${field}`,
  }),
} as const;

/**
 * The order a meeting's accounts are listed in, both by the holder list (`HOLDERS#` shards, by `ACCOUNT#<account>`)
 * and by the vote histories (`VOTED#` shards, by `<account>#…`): shard after shard, then by account. Account ids
 * are letters, digits and `.-/_`, all after `#`, so `<account>#` sorts as the account does.
 */
export const accountOrder = (a: string, b: string): number => shardOf(a) - shardOf(b) || (a < b ? -1 : a > b ? 1 : 0);

/** An instant as a fixed-width UTC text (nanoseconds), so the sort key orders reports by when they were received. */
const sortableInstant = (instant: string) => Temporal.Instant.from(instant).toString({ fractionalSecondDigits: 9 });

export const ENTITY = {
  meeting: 'meeting',
  holder: 'holder',
  nominee: 'nominee',
  importRun: 'import-run',
  rejection: 'rejection',
  piece: 'piece',
  distribution: 'distribution',
  distributionChunk: 'distribution-chunk',
  request: 'request',
  attempts: 'attempts',
  vote: 'vote',
  nomineeReport: 'nominee-report',
  latestNomineeReport: 'nominee-report-latest',
  positions: 'positions',
  voteImportRun: 'voteImportRun',
} as const;
