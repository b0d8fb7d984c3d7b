import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TabulationReportStore } from '../../domain/tabulation/publish.js';

/** The tabulation's files in the reports bucket (keys from the domain: docs/tabulation.md "Stored certificates"). */
export class S3TabulationReports implements TabulationReportStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string, contentType: string): Promise<string> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
    return `s3://${this.bucket}/${key}`;
  }
}
