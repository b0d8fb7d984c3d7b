import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';

/**
 * Holder files in the imports bucket: read as a stream (never the whole object in memory), with
 * a source identity that names the exact object version (an edited upload is a new source).
 */
export async function openHolderFile(s3: S3Client, bucket: string, key: string): Promise<{ sourceId: string; body: Readable }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  const version = out.VersionId && out.VersionId !== 'null' ? out.VersionId : (out.ETag ?? '').replace(/"/g, '');
  return { sourceId: `s3:${bucket}/${key}@${version}`, body: out.Body as Readable };
}

export async function putJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value, null, 2), ContentType: 'application/json' }));
}
