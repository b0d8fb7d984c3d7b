import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';

/**
 * The meeting's proxy materials (proxy statement, annual report, proxy card form) in the materials
 * bucket under materials/<meeting>/<file name>; what is there is what the Notice lists as posted.
 */
export const materialsPrefix = (meetingId: string) => `materials/${meetingId}/`;

export async function uploadMaterial(
  s3: S3Client,
  bucket: string,
  meetingId: string,
  fileName: string,
  body: Readable | Buffer,
  contentLength?: number,
): Promise<string> {
  const key = `${materialsPrefix(meetingId)}${fileName}`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: contentLength }));
  return key;
}

/** The file names posted for a meeting, in name order. */
export async function listMaterials(s3: S3Client, bucket: string, meetingId: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const out = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: materialsPrefix(meetingId), ContinuationToken: token }),
    );
    for (const o of out.Contents ?? []) if (o.Key) names.push(o.Key.slice(materialsPrefix(meetingId).length));
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return names.sort();
}

/** A short-lived (5-minute) link to one posted document: the materials website redirects to it. */
export function materialsLink(s3: S3Client, bucket: string, meetingId: string, name: string): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: `${materialsPrefix(meetingId)}${name}` }), {
    expiresIn: 300,
  });
}
