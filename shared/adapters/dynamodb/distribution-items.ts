import { z } from 'zod';
import type { ChunkResult, DistributionRun, PieceRecord } from '../../domain/distribution/model.js';
import { CHECK_IDS } from '../../domain/distribution/schedule.js';
import { ItemReader, parseItem, type Item, type Mutable } from './items.js';

/**
 * Stored distribution items as domain objects. Piece records are read by the thousand (a mail
 * chunk's records): explicit readers. Runs and chunk results are one item per run or chunk: zod.
 */

const CHANNELS = ['email', 'mail'] as const;
const CONTENTS = ['notice', 'full-set'] as const;
const RECIPIENTS = ['holder', 'household', 'nominee'] as const;
const PIECE_STATUS = ['sending', 'sent'] as const;

export function toPieceRecord(item: Item): PieceRecord {
  const f = new ItemReader(item, 'piece');
  const r: Mutable<PieceRecord> = {
    meetingId: f.str('meetingId'),
    pieceId: f.str('pieceId'),
    runId: f.str('runId'),
    channel: f.oneOf('channel', CHANNELS),
    content: f.oneOf('content', CONTENTS),
    recipient: f.oneOf('recipient', RECIPIENTS),
    accounts: f.strings('accounts'),
    status: f.oneOf('status', PIECE_STATUS),
    claimedAt: f.str('claimedAt'),
  };
  if (f.has('sentAt')) r.sentAt = f.str('sentAt');
  if (f.has('reference')) r.reference = f.str('reference');
  if (f.has('chunk')) r.chunk = f.num('chunk');
  if (f.has('index')) r.index = f.num('index');
  if (f.has('addressee')) r.addressee = f.strings('addressee');
  if (f.has('address')) {
    const a = f.map('address');
    r.address = {
      lines: a.strings('lines'),
      city: a.str('city'),
      country: a.str('country'),
      military: a.bool('military'),
      ...(a.has('state') ? { state: a.str('state') } : {}),
      ...(a.has('postalCode') ? { postalCode: a.str('postalCode') } : {}),
    };
  }
  if (f.has('sets')) r.sets = f.num('sets');
  if (f.has('seqs')) r.seqs = f.numbers('seqs');
  return r;
}

const Counts = z.object({
  planned: z.number(),
  sent: z.number(),
  alreadySent: z.number(),
  inDoubt: z.number(),
  emails: z.number(),
  mailPieces: z.number(),
  manifests: z.number(),
});

const ChunkResultSchema = z.object({ planId: z.string(), counts: Counts });

const RunSchema = z.object({
  meetingId: z.string(),
  runId: z.string(),
  method: z.enum(['full-set', 'notice-only', 'mixed']),
  sendDate: z.string(),
  status: z.enum(['running', 'done', 'refused', 'planned']),
  checks: z.array(
    z.object({
      id: z.enum(CHECK_IDS),
      citation: z.string(),
      ok: z.boolean(),
      message: z.string(),
      overridable: z.boolean(),
      overriddenBecause: z.string().optional(),
    }),
  ),
  figures: z
    .object({
      holders: z.number(),
      nominees: z.number(),
      pieces: z.number(),
      byChannelAndContent: z.record(z.templateLiteral([z.enum(CHANNELS), ':', z.enum(CONTENTS)]), z.number()),
      households: z.number(),
      copiesSaved: z.number(),
      proxyCards: z.number(),
      nomineeSets: z.number(),
    })
    .optional(),
  chunks: z.array(z.string()).optional(),
  planId: z.string().optional(),
  chunksDone: z.number().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  counts: Counts.optional(),
});

/** The run stored on a distribution item (`run`). */
export function toDistributionRun(item: Item): DistributionRun {
  return parseItem(item, 'distribution run', RunSchema, 'run');
}

/** The result stored on a distribution chunk item (`result`). */
export function toChunkResult(item: Item): ChunkResult {
  return parseItem(item, 'distribution chunk', ChunkResultSchema, 'result');
}
