import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ChunkFile, ChunkStore } from '../../domain/distribution/jobs.js';

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
    return JSON.parse(await out.Body!.transformToString()) as ChunkFile;
  }
}
