import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { stringify } from 'csv-stringify/sync';
import type { PrintFiles } from '../../domain/distribution/model.js';
import { MANIFEST_COLUMNS } from '../../domain/distribution/manifest.js';

/**
 * The print vendor's files in the materials bucket, under print/<meeting>/<run>/: manifest-00001.csv
 * … (docs/file-formats.md "Print manifests") and the rendered documents. Names are fixed per chunk, so writing a
 * chunk again replaces it with the same rows.
 */
export class S3PrintFiles implements PrintFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async putManifest(
    meetingId: string,
    runId: string,
    chunk: number,
    rows: readonly (readonly string[])[],
  ): Promise<string> {
    const key = `print/${meetingId}/${runId}/manifest-${String(chunk).padStart(5, '0')}.csv`;
    const body = stringify([MANIFEST_COLUMNS as readonly string[], ...rows], { record_delimiter: 'windows' });
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'text/csv; charset=utf-8' }),
    );
    return key;
  }

  async putDocument(meetingId: string, runId: string, name: string, html: string): Promise<string> {
    const key = `print/${meetingId}/${runId}/${name}`;
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: html, ContentType: 'text/html; charset=utf-8' }),
    );
    return key;
  }
}
