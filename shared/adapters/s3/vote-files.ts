import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileDigest, VoteFiles } from '../../domain/voting/vote-import.js';
import { VOTE_FILE_REQUIRED, isVoteFileColumn } from '../../domain/voting/vote-file.js';
import { MissingColumnsError, readCsvRecords } from '../csv/records.js';
import { openHolderFile } from './holder-files.js';

/**
 * The content digest of a stream, `sha256:<hex>` (the same file has the same digest wherever it comes from), and
 * its line count (line feeds, and a last line without one), read in the same pass.
 */
export async function contentDigest(body: Readable): Promise<FileDigest> {
  const hash = createHash('sha256');
  let lines = 0;
  let last = 10;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  return { digest: `sha256:${hash.digest('hex')}`, lines: lines + (last === 10 ? 0 : 1) };
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
