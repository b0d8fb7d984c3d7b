import type { Clients } from './clients.js';
import type { Config } from '../config.js';
import type { HolderAdapters } from './holders.js';
import { DynamoPieceLedger } from './dynamodb/piece-ledger.js';
import { SesMailer, localSesStoreLookup } from './ses/mailer.js';
import { S3PrintFiles } from './s3/print-files.js';
import { listMaterials } from './s3/materials.js';

/** The distribution adapters, wired from config: the same code sends through AWS or the local servers. */
export function distributionAdapters(clients: Clients, config: Config, holders: HolderAdapters) {
  const ledger = new DynamoPieceLedger(clients.documents, config.tableName);
  const mailer = new SesMailer(clients.sesv2, {
    from: config.mailFrom,
    configurationSet: config.sesConfigurationSet,
    // Locally the SES server's store says whether a piece's email was accepted; on AWS nothing can
    // yet (SES event publishing is the production-readiness issue), so such pieces are reported in doubt.
    sentLookup: config.endpoints.ses ? localSesStoreLookup(config.endpoints.ses) : undefined,
    maxPerSecond: config.endpoints.ses ? 1000 : undefined, // on AWS: the account's own rate
  });
  return {
    ledger,
    mailer,
    print: new S3PrintFiles(clients.s3, config.materialsBucket),
    holders: holders.holders,
    controlNumbers: (meetingId: string, seqs: readonly number[]) => holders.controlNumbers.controlNumbers(meetingId, seqs),
    materials: (meetingId: string) => listMaterials(clients.s3, config.materialsBucket, meetingId),
    now: () => new Date().toISOString(),
  };
}
