import type { Readable } from 'node:stream';
import { ConfigError, type Config } from '../config.js';
import { clientsFor, type Clients } from '../adapters/clients.js';
import { loadControlSecret } from '../adapters/secrets.js';
import { ControlNumberCrypto } from '../adapters/crypto/control-numbers.js';
import { MissingColumnsError, readCsvRecords } from '../adapters/csv/records.js';
import { DynamoHolderStore, controlNumberIssuer } from '../adapters/dynamodb/holder-store.js';
import { DynamoLeases } from '../adapters/dynamodb/leases.js';
import { DynamoMeetingRepository } from '../adapters/dynamodb/meeting-repository.js';
import { DynamoPieceLedger } from '../adapters/dynamodb/piece-ledger.js';
import { DynamoAttemptCounter, DynamoRequestRecords } from '../adapters/dynamodb/request-store.js';
import { DynamoVoteHistory } from '../adapters/dynamodb/vote-store.js';
import { DynamoTabulationInputs } from '../adapters/dynamodb/tabulation-inputs.js';
import { accountOrder } from '../adapters/dynamodb/keys.js';
import { S3TabulationReports } from '../adapters/s3/tabulation-reports.js';
import { systemIds, systemSleep } from '../adapters/system.js';
import { S3FulfilmentPrint } from '../adapters/s3/fulfilment-files.js';
import { openHolderFile, putJson, readColumnMap } from '../adapters/s3/holder-files.js';
import { listMaterials, materialsLink, uploadMaterial } from '../adapters/s3/materials.js';
import { S3ChunkStore } from '../adapters/s3/plan-chunks.js';
import { S3PrintFiles } from '../adapters/s3/print-files.js';
import { SesMailer, localSesStoreLookup } from '../adapters/ses/mailer.js';
import { sendContinuation } from '../adapters/sqs/continuations.js';
import { SqsFulfilmentQueue, SqsJobQueue } from '../adapters/sqs/jobs.js';
import type { Clock, Ids, Sleep } from '../domain/ports.js';
import type { ControlNumberIssuer } from '../domain/holders/model.js';
import type { ContinuationQueue, ImportFiles, ImportReports } from '../domain/holders/import-job.js';
import { getMeeting } from '../domain/meetings/use-cases.js';
import { findByControlNumber } from '../domain/holders/use-cases.js';
import type { Meeting } from '../domain/meetings/schema.js';
import { votingPageUrl } from '../domain/distribution/notice.js';
import type { DistributionDeps } from '../domain/distribution/run.js';
import type { JobDeps, JobQueue } from '../domain/distribution/jobs.js';
import type { FulfilDeps } from '../domain/requests/fulfil.js';
import type { IntakeDeps } from '../domain/requests/intake.js';
import type { FulfilmentQueue } from '../domain/requests/use-cases.js';
import type { EmailEventDeps } from '../domain/requests/email-events.js';
import type { CheckDeps } from '../domain/requests/check.js';
import type { VotingDeps } from '../domain/voting/cast.js';
import type { TabulationInputStore } from '../domain/tabulation/ports.js';
import type { VoteRecordsDeps } from '../domain/voting/records.js';
import type { TabulationDeps } from '../domain/tabulation/run.js';
import type { TabulationReportStore } from '../domain/tabulation/publish.js';
import type { SolicitationDeps } from '../domain/tabulation/solicitation.js';
import { meetingHolders } from '../domain/households/use-cases.js';
import type { VoteImportDeps, VoteImportJobDeps } from '../domain/voting/vote-import.js';
import { s3VoteFiles } from '../adapters/s3/vote-files.js';

/** The process's primitives: one clock, one source of ids, one way to wait, one control-number secret. */
export interface RootPrimitives {
  readonly clock: Clock;
  /** The real time, which leases are kept by even in a rehearsal (the processes run now). */
  readonly leaseClock: Clock;
  readonly ids: Ids;
  readonly sleep: Sleep;
  /** The control-number secret (fetched once, when a capability first needs it). */
  readonly secret: () => Promise<Buffer>;
}

/** The one clock of a runtime: the real time, or the rehearsed instant (PROXYDESK_NOW) everywhere. */
export function clockFrom(config: Pick<Config, 'fixedNow'>): Clock {
  const fixed = config.fixedNow;
  return fixed ? () => new Date(fixed).toISOString() : () => new Date().toISOString();
}

/** The primitives a runtime uses unless it injects its own (tests do): from config and the real process. */
export function primitivesFor(config: Config): RootPrimitives {
  return {
    clock: clockFrom(config),
    leaseClock: clockFrom({}),
    ids: systemIds,
    sleep: systemSleep,
    secret: () => loadControlSecret(config.controlSecret),
  };
}

/** The holder list with its control numbers (the secret is needed to issue or read them). */
export interface HolderDeps {
  readonly holders: DynamoHolderStore;
  readonly controlNumbers: ControlNumberIssuer;
}

/** The count's street-name inputs: their store, the meeting, the clock. */
export interface TabulationInputDeps {
  readonly store: TabulationInputStore;
  readonly meeting: (id: string) => Promise<Meeting>;
  readonly now: Clock;
}

/**
 * The composition root: every capability's dependencies, built from config, the SDK clients and
 * the primitives, each lazily and once. Each runtime builds one (functions/commons/root.ts on
 * Lambda, cli/platform.ts for the CLI and the local platform) and its handlers take what they need.
 */
export function createRoot(config: Config, clients: Clients, given: Partial<RootPrimitives> = {}) {
  const prim: RootPrimitives = { ...primitivesFor(config), ...given };
  // Built on first use and kept; a build that fails (a promise that rejects: the secret could not be
  // fetched) is forgotten, so the next invocation tries again instead of failing for the process's life.
  const once = <T>(build: () => T): (() => T) => {
    let made: { value: T } | undefined;
    return () => {
      if (made) return made.value;
      const value = build();
      made = { value };
      if (value instanceof Promise)
        value.catch(() => {
          if (made?.value === value) made = undefined;
        });
      return value;
    };
  };
  const { documents, s3, sqs } = clients;
  const table = config.tableName;

  const meetings = once(() => new DynamoMeetingRepository(documents, table));
  const meeting = (id: string): Promise<Meeting> => getMeeting({ meetings: meetings() }, id);
  const ledger = once(() => new DynamoPieceLedger(documents, table));
  const requestRecords = once(() => new DynamoRequestRecords(documents, table));
  const holderStore = once(() => new DynamoHolderStore(documents, table));
  const leases = once(() => new DynamoLeases(documents, table));
  const attempts = once(() => new DynamoAttemptCounter(documents, table));
  const materials = (meetingId: string) => listMaterials(s3, config.materialsBucket, meetingId);
  // The voting page the Notice and the materials emails name, under the platform's public address when known.
  const publicUrl = config.publicUrl;
  const votingPage = publicUrl ? (meetingId: string) => votingPageUrl(publicUrl, meetingId) : undefined;
  const holders = once(async (): Promise<HolderDeps> => {
    const crypto = new ControlNumberCrypto(await prim.secret());
    return { holders: holderStore(), controlNumbers: controlNumberIssuer(holderStore(), crypto) };
  });
  const mailer = once(
    () =>
      new SesMailer(clients.sesv2, {
        from: config.mailFrom,
        configurationSet: config.sesConfigurationSet,
        // Locally the SES server's store says whether a piece's email was accepted; on AWS nothing can
        // yet (SES event publishing is the production-readiness issue), so such pieces are reported in doubt.
        sentLookup: config.endpoints.ses ? localSesStoreLookup(config.endpoints.ses) : undefined,
        maxPerSecond: config.endpoints.ses ? 1000 : undefined, // on AWS: the account's own rate
      }),
  );
  const fulfilmentQueue = once((): FulfilmentQueue | undefined =>
    config.requestQueueUrl ? new SqsFulfilmentQueue(sqs, config.requestQueueUrl) : undefined,
  );
  const jobQueue = once((): JobQueue => {
    if (!config.distributionQueueUrl)
      throw new ConfigError(
        'invalid configuration: PROXYDESK_DISTRIBUTION_QUEUE_URL is required to queue distribution jobs',
      );
    return new SqsJobQueue(sqs, config.distributionQueueUrl);
  });

  /** Importing phone-vote and mailed-card files: holders by account or the list whole, the control-number hash, the vote history. */
  const voteImport = once(async (): Promise<VoteImportDeps & { now: Clock }> => {
    const h = await holders();
    return {
      holders: (meetingId, accounts) => h.holders.getVotingHolders(meetingId, accounts),
      holderList: {
        size: (meetingId) => h.holders.controlNumbersIssued(meetingId),
        all: (meetingId, opts) => h.holders.allVotingHolders(meetingId, opts),
      },
      controlHash: (meetingId, controlNumber) => h.controlNumbers.hash(meetingId, controlNumber),
      votes: new DynamoVoteHistory(documents, table),
      leases: leases(),
      ids: prim.ids,
      leaseClock: prim.leaseClock,
      now: prim.clock,
    };
  });

  /** Sending a distribution in this process (the CLI, tests): ledger, SES, print files, control numbers. */
  const distribution = once(async () => {
    const h = await holders();
    return {
      ledger: ledger(),
      mailer: mailer(),
      print: new S3PrintFiles(s3, config.materialsBucket),
      holders: h.holders,
      controlNumbers: (meetingId: string, seqs: readonly number[]) => h.controlNumbers.controlNumbers(meetingId, seqs),
      materials,
      meeting,
      leases: leases(),
      leaseClock: prim.leaseClock,
      now: prim.clock,
      ids: prim.ids,
      sleep: prim.sleep,
      votingPage,
    } satisfies DistributionDeps & Record<string, unknown>;
  });

  return {
    config,
    clients,
    clock: prim.clock,
    ids: prim.ids,
    sleep: prim.sleep,
    meetings,
    meeting,
    materials,
    /** Posts a document to the meeting's materials (the materials site lists it). */
    postMaterial: (meetingId: string, name: string, body: Readable | Buffer, contentLength?: number) =>
      uploadMaterial(s3, config.materialsBucket, meetingId, name, body, contentLength),
    /** A short-lived link to a posted document (the materials website). */
    materialsLink: (meetingId: string, name: string) => materialsLink(s3, config.materialsBucket, meetingId, name),
    ledger,
    holders,
    distribution,
    /** The distribution API's part: check the schedule and queue the plan job (the queue is built when first used). */
    distributionRequests: once(() => ({
      ledger: ledger(),
      materials,
      meeting,
      get queue() {
        return jobQueue();
      },
      now: prim.clock,
    })),
    /** The distribution worker's jobs: sending, the chunk store and the queue. */
    distributionJobs: once(async (): Promise<JobDeps> => ({
      ...(await distribution()),
      chunks: new S3ChunkStore(s3, config.materialsBucket),
      queue: jobQueue(),
    })),
    /** Taking a stockholder's request (the JSON API and the materials form). */
    requestIntake: once(async (): Promise<IntakeDeps> => {
      const h = await holders();
      return {
        findHolder: (m, n) => findByControlNumber(h, m, n),
        requests: requestRecords(),
        attempts: attempts(),
        fulfilment: fulfilmentQueue(),
        ledger: ledger(),
        now: prim.clock,
      };
    }),
    /** Casting and confirming votes online: the holder by control number (throttled as requests are), the vote history, SES for receipts. */
    voting: once(async (): Promise<VotingDeps> => {
      const h = await holders();
      return {
        findHolder: (m, n) => findByControlNumber(h, m, n),
        attempts: attempts(),
        votes: new DynamoVoteHistory(documents, table),
        mailer: mailer(),
        now: prim.clock,
      };
    }),
    /**
     * The count's street-name inputs: nominee vote reports and the DTC position list (the imports write them; the
     * count reads `store.listLatestReports` and `store.positions`).
     */
    tabulationInputs: once((): TabulationInputDeps => ({
      store: new DynamoTabulationInputs(documents, table),
      meeting,
      now: prim.clock,
    })),
    /** The count: every account's vote history (one at a time), the latest nominee reports, the DTC positions. */
    tabulation: once((): TabulationDeps => ({
      votes: new DynamoVoteHistory(documents, table),
      inputs: new DynamoTabulationInputs(documents, table),
      now: prim.clock,
    })),
    /** Where the final certificate and its tabulation are kept: the reports bucket (the imports bucket's reports/). */
    tabulationReports: once((): TabulationReportStore => new S3TabulationReports(s3, config.importsBucket)),
    /** The solicitation report: the holder list and the vote histories in one account order, the street-name inputs. */
    solicitation: once((): SolicitationDeps => {
      const votes = new DynamoVoteHistory(documents, table);
      return {
        sources: {
          holders: (meetingId) => meetingHolders(holderStore(), meetingId),
          histories: (meetingId) => votes.eachAccountHistory(meetingId),
          compareAccounts: () => accountOrder,
        },
        inputs: new DynamoTabulationInputs(documents, table),
        now: prim.clock,
      };
    }),
    /** The operators' views and records of the vote (status, an account's history, revocations, ballots at the meeting). */
    voteRecords: once((): VoteRecordsDeps => ({
      votes: new DynamoVoteHistory(documents, table),
      holders: holderStore(),
      now: prim.clock,
    })),
    /** Importing phone-vote and mailed-card files (the CLI). */
    voteImport,
    /** The vote-file import from the imports bucket (an upload under votes/, through its queue). */
    voteImportJob: once(async (): Promise<VoteImportJobDeps> => ({
      ...(await voteImport()),
      meeting,
      files: s3VoteFiles(s3),
      reports: { put: (bucket, key, report) => putJson(s3, bucket, key, report) },
    })),
    /** Fulfilling a request: the request, the holder, SES, the day's print file, a lease. */
    fulfilment: once(async (): Promise<FulfilDeps> => {
      const h = await holders();
      return {
        requests: requestRecords(),
        holders: h.holders,
        mailer: mailer(),
        print: new S3FulfilmentPrint(s3, config.materialsBucket),
        leases: leases(),
        ids: prim.ids,
        leaseClock: prim.leaseClock,
        meeting,
        controlNumber: (meetingId, seq) => h.controlNumbers.controlNumber(meetingId, seq),
        now: prim.clock,
        votingPage,
      };
    }),
    /** The holder-list import from the imports bucket (an upload, then its continuations). */
    importJob: once(async () => {
      const h = await holders();
      const files: ImportFiles = {
        columnMap: (bucket, key) => readColumnMap(s3, bucket, key),
        open: async (bucket, key, columns) => {
          const file = await openHolderFile(s3, bucket, key);
          const records = readCsvRecords(file.body, {
            columnMap: columns.map,
            known: columns.known,
            required: columns.required,
          });
          return { sourceId: file.sourceId, records, close: () => file.body.destroy() };
        },
        missingColumns: (err) => (err instanceof MissingColumnsError ? err.missing : undefined),
      };
      const importQueue = config.importQueueUrl;
      return {
        ...h,
        meeting,
        files,
        reports: { put: (bucket, key, report) => putJson(s3, bucket, key, report) } satisfies ImportReports,
        continuations: importQueue
          ? ({ send: (next) => sendContinuation(sqs, importQueue, next) } satisfies ContinuationQueue)
          : undefined,
        now: prim.clock,
      };
    }),
    /** SES bounce and complaint events. */
    emailEvents: once((): EmailEventDeps => ({
      ledger: ledger(),
      requests: requestRecords(),
      holders: holderStore(),
      meeting,
      fulfilment: fulfilmentQueue(),
    })),
    /** The scheduled requests check. */
    requestsCheck: once((): CheckDeps => ({ meetings: meetings(), requests: requestRecords(), now: prim.clock })),
  };
}

export type Root = ReturnType<typeof createRoot>;

const roots = new Map<string, Root>();

/**
 * A runtime's root for a config: one per configuration, built on first use and kept for the life of
 * the process (on AWS one config, so one root; the local runtime and tests may hold several).
 */
export function rootFor(config: Config): Root {
  const key = JSON.stringify(config);
  let r = roots.get(key);
  if (!r) {
    r = createRoot(config, clientsFor(config));
    roots.set(key, r);
  }
  return r;
}
