import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { VoteFiles } from '../../domain/voting/vote-import.js';
import { VOTE_FILE_REQUIRED, isVoteFileColumn } from '../../domain/voting/vote-file.js';
import { MissingColumnsError, readCsvRecords } from '../csv/records.js';
import { openHolderFile } from './holder-files.js';

/** The content digest of a stream: `sha256:<hex>` (the same file has the same digest wherever it comes from). */
export async function contentDigest(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(body, hash);
  return `sha256:${hash.digest('hex')}`;
}

/** Vote files in the imports bucket, read as streams: once for the digest, once for the rows. */
export function s3VoteFiles(s3: S3Client): VoteFiles {
  return {
    digest: async (bucket, key) => contentDigest((await openHolderFile(s3, bucket, key)).body),
    open: async (bucket, key, channel) => {
      const file = await openHolderFile(s3, bucket, key);
      const records = readCsvRecords(file.body, {
        known: (column) => isVoteFileColumn(channel, column),
        required: VOTE_FILE_REQUIRED[channel],
      });
      return { records, close: () => file.body.destroy() };
    },
    missingColumns: (err) => (err instanceof MissingColumnsError ? err.missing : undefined),
  };
}
