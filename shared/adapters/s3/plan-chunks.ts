import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { ChunkFile, ChunkStore } from '../../domain/distribution/jobs.js';
import { MeetingFileSchema } from '../../domain/meetings/schema.js';

/**
 * A run's chunks waiting for their send jobs, in the materials bucket under
 * plans/<meeting>/<run>/<chunk>.json (names and addresses, no control numbers; the bucket is
 * private and encrypted, and a lifecycle rule on AWS expires them). Fixed names: planning again
 * rewrites the same files.
 */
export class S3ChunkStore implements ChunkStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(meetingId: string, runId: string, file: ChunkFile): Promise<string> {
    const key = `plans/${meetingId}/${runId}/${file.chunk.id}.json`;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(file),
        ContentType: 'application/json',
      }),
    );
    return key;
  }

  async get(key: string): Promise<ChunkFile> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const parsed = ChunkFileSchema.safeParse(JSON.parse(await out.Body!.transformToString()));
    if (!parsed.success)
      throw new StoredChunkError(
        `stored chunk ${this.bucket}/${key} is not a chunk file: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    return parsed.data;
  }
}

/** A stored chunk file of another shape than this code writes (an older deployment's, a corrupted object). */
export class StoredChunkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoredChunkError';
  }
}

const Address = z.object({
  lines: z.array(z.string()),
  city: z.string(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string(),
  military: z.boolean(),
});

const ChunkFileSchema = z.object({
  setup: z.object({
    meetingId: z.string(),
    runId: z.string(),
    planId: z.string(),
    method: z.enum(['full-set', 'notice-only', 'mixed']),
    sendDate: z.string(),
    notice: z.object({
      legend: z.string(),
      sections: z.array(z.object({ heading: z.string(), lines: z.array(z.string()) })),
      missing: z.array(z.string()),
      requestBy: z.string(),
    }),
    votingPage: z.string().optional(),
    document: z.string(),
    meeting: z.object({
      issuer: MeetingFileSchema.shape.issuer,
      contacts: MeetingFileSchema.shape.contacts,
      meeting: z.object({ date: z.string(), kind: z.enum(['annual', 'special']) }),
    }),
  }),
  chunk: z.object({
    id: z.string(),
    channel: z.enum(['email', 'mail']),
    number: z.number(),
    pieces: z.array(
      z.object({
        id: z.string(),
        channel: z.enum(['email', 'mail']),
        content: z.enum(['notice', 'full-set']),
        recipient: z.enum(['holder', 'household', 'nominee']),
        accounts: z.array(z.string()),
        addressee: z.array(z.string()),
        address: Address.optional(),
        email: z.string().optional(),
        sets: z.number().optional(),
        seqs: z.array(z.number()),
      }),
    ),
  }),
}) satisfies z.ZodType<ChunkFile>;
