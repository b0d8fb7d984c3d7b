import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { Readable } from 'node:stream';

/**
 * Holder files in the imports bucket: read as a stream (never the whole object in memory), with
 * a source identity that names the exact object version (an edited upload is a new source).
 */
export async function openHolderFile(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ sourceId: string; body: Readable }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  const version = out.VersionId && out.VersionId !== 'null' ? out.VersionId : (out.ETag ?? '').replace(/"/g, '');
  return { sourceId: `s3:${bucket}/${key}@${version}`, body: out.Body as Readable };
}

export async function putJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value, null, 2),
      ContentType: 'application/json',
    }),
  );
}

const ColumnMap = z.record(z.string(), z.string().min(1));

/**
 * The column map for the files of one folder (`imports/<meeting>/<kind>/columns.json`, the
 * upload's `--columns`): undefined when there is none; an error message when it is not a map.
 */
export async function readColumnMap(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ map?: Record<string, string>; error?: string }> {
  let text: string;
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = (await out.Body?.transformToString()) ?? '';
  } catch (err) {
    if (err instanceof NoSuchKey || (err as Error).name === 'NoSuchKey') return {};
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { error: `${key} is not JSON (${(err as Error).message})` };
  }
  const map = ColumnMap.safeParse(parsed);
  return map.success
    ? { map: map.data }
    : { error: `${key} must map the file's column names to ours, e.g. {"Acct No": "account_id"}` };
}
