import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FulfilmentPrint } from '../../domain/requests/fulfil.js';
import { MANIFEST_COLUMNS } from '../../domain/distribution/manifest.js';

/**
 * The day's fulfilment print file for requested paper copies and separate sets, in the materials
 * bucket under print/<meeting>/fulfilment/<day>.csv: the manifest columns (piece_id is the request
 * id) and the day each must be mailed by. Rewritten whole, keeping every row it had.
 */
export class S3FulfilmentPrint implements FulfilmentPrint {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  dayFileName(meetingId: string, day: string): string {
    return `print/${meetingId}/fulfilment/${day}.csv`;
  }

  async getDayRows(meetingId: string, day: string): Promise<string[][]> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.dayFileName(meetingId, day) }),
      );
      const rows = parse(await out.Body!.transformToString(), { relax_column_count: false }) as string[][];
      return rows.slice(1); // the header
    } catch (err) {
      if ((err as Error).name === 'NoSuchKey') return [];
      throw err;
    }
  }

  async putDayFile(meetingId: string, day: string, rows: readonly (readonly string[])[]): Promise<string> {
    const key = this.dayFileName(meetingId, day);
    const body = stringify([[...MANIFEST_COLUMNS, 'mail_by'], ...rows], { record_delimiter: 'windows' });
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'text/csv; charset=utf-8' }),
    );
    return key;
  }
}
