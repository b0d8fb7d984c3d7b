import { CfnOutput, Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { type Construct } from 'constructs';
import { Storage } from './constructs/storage.js';
import { ProxydeskFunction } from './constructs/function.js';
import { HttpApi } from './constructs/http-api.js';
import { HolderImport } from './constructs/holder-import.js';
import { VoteImport } from './constructs/vote-import.js';
import { Distribution } from './constructs/distribution.js';
import { StockholderRequests } from './constructs/requests.js';
import { EmailEvents } from './constructs/email-events.js';
import { VoteOversight } from './constructs/vote-oversight.js';
import { IMPORTS_BUCKET, MAIN_TABLE, MATERIALS_BUCKET, type FunctionName } from '#shared/resources.js';

export interface ProxydeskStackProps extends StackProps {
  /** `-c stage=<name>`: `prod` keeps and protects the table; other stages can be torn down. @default dev */
  readonly stage?: string;
  /** `-c mailFrom=<address>`: the verified SES identity proxy mail is sent from. */
  readonly mailFrom?: string;
}

/** The proxydesk stack: composes the capabilities; it builds nothing itself. */
export class ProxydeskStack extends Stack {
  public readonly storage: Storage;
  /** The functions behind the HTTP API, by the names routes use in shared/resources.ts. */
  public readonly functions: Readonly<Record<FunctionName, ProxydeskFunction>>;
  public readonly api: HttpApi;
  public readonly holderImport: HolderImport;
  public readonly voteImport: VoteImport;
  public readonly distribution: Distribution;
  public readonly requests: StockholderRequests;
  public readonly emailEvents: EmailEvents;
  /** The inspector's role, the operators' policy on the vote views and results, and the refused-votes alarm. */
  public readonly voteOversight: VoteOversight;
  /** The API's base URL (a token until deploy; also the `HttpUrl…` output). */
  public readonly apiUrl: string;
  /** The main table's name (output `TableName`). */
  public readonly tableName: string;
  /** Output `ImportsBucket`. */
  public readonly importsBucketName: string;
  /** Output `MaterialsBucket`. */
  public readonly materialsBucketName: string;

  constructor(scope: Construct, id: string, props: ProxydeskStackProps = {}) {
    super(scope, id, props);
    const stage = props.stage ?? 'dev';
    Tags.of(this).add('proxydesk:stage', stage);
    // prod: the table cannot be deleted, with the stack or by hand; elsewhere a stage is disposable. Buckets are always kept.
    this.storage = new Storage(this, 'Storage', {
      tableRemovalPolicy: stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const table = this.storage.tables[MAIN_TABLE.id]!;
    const imports = this.storage.buckets[IMPORTS_BUCKET.id]!;
    const materials = this.storage.buckets[MATERIALS_BUCKET.id]!;
    // The variables shared/config.ts reads (configToEnv's names); AWS_REGION comes from Lambda.
    const environment = {
      PROXYDESK_TABLE: table.tableName,
      PROXYDESK_IMPORTS_BUCKET: imports.bucketName,
      PROXYDESK_MATERIALS_BUCKET: materials.bucketName,
    };

    this.holderImport = new HolderImport(this, 'HolderImport', { table, importsBucket: imports, environment });
    this.voteImport = new VoteImport(this, 'VoteImport', {
      table,
      importsBucket: imports,
      controlNumberSecret: this.holderImport.controlNumberSecret,
      environment,
    });
    const mailFrom = props.mailFrom;
    this.distribution = new Distribution(this, 'Distribution', {
      table,
      materialsBucket: materials,
      controlNumberSecret: this.holderImport.controlNumberSecret,
      environment,
      mailFrom,
    });
    this.requests = new StockholderRequests(this, 'Requests', {
      table,
      materialsBucket: materials,
      controlNumberSecret: this.holderImport.controlNumberSecret,
      environment,
      mailFrom,
    });
    this.emailEvents = new EmailEvents(this, 'EmailEvents', {
      table,
      fulfilmentQueue: this.requests.queue,
      environment,
    });
    // Everything that sends email sends through the configuration set (its bounces and complaints come back).
    for (const sender of [this.distribution.worker, this.requests.worker]) {
      sender.fn.addEnvironment(
        'PROXYDESK_SES_CONFIGURATION_SET',
        this.emailEvents.configurationSet.configurationSetName,
      );
    }

    // Both ways of voting send a receipt: the sender and the configuration set as the other senders have.
    const votingEnvironment = {
      ...environment,
      PROXYDESK_CONTROL_SECRET_ARN: this.holderImport.controlNumberSecret.secretArn,
      PROXYDESK_SES_CONFIGURATION_SET: this.emailEvents.configurationSet.configurationSetName,
      ...(mailFrom && { PROXYDESK_MAIL_FROM: mailFrom }),
    };
    // deadlines is a pure computation: no data access. meetings only reads the table. openapi serves the
    // API's contract (generated from its schemas): no data access, no environment.
    this.functions = {
      deadlines: new ProxydeskFunction(this, 'Deadlines', { name: 'deadlines', environment }),
      meetings: new ProxydeskFunction(this, 'Meetings', { name: 'meetings', environment }),
      distributions: this.distribution.api,
      requests: this.requests.api,
      // The votes API and the voting page: the holder by control number, the vote history, SES for the receipt of a vote.
      votes: new ProxydeskFunction(this, 'Votes', { name: 'votes', environment: votingEnvironment }),
      // The count reads every account's vote history of a meeting: a longer timeout (the HTTP API's limit is 30 s).
      results: new ProxydeskFunction(this, 'Results', {
        name: 'results',
        environment,
        memorySize: 1024,
        timeout: Duration.seconds(29),
      }),
      site: this.requests.site,
      'voting-site': new ProxydeskFunction(this, 'VotingSite', { name: 'voting-site', environment: votingEnvironment }),
      openapi: new ProxydeskFunction(this, 'OpenApi', { name: 'openapi' }),
    };
    this.functions.meetings.grantTableRead(table);
    // Votes: the holder by control number (its keyed hash), refused attempts and the append-only vote history.
    for (const voting of [this.functions.votes, this.functions['voting-site']]) {
      voting.grantTableReadWrite(table);
      this.holderImport.controlNumberSecret.grantRead(voting.fn);
      voting.grantSendEmail();
    }
    // Results: the meeting, the vote histories, the nominee reports and positions; it writes nothing.
    this.functions.results.grantTableRead(table);
    // The meeting's posted documents (names only) for GET /meetings/{id}.
    this.functions.meetings.grantListPrefix(materials, 'materials/');
    this.api = new HttpApi(this, 'Http', { functions: this.functions });
    // The Notice and the materials emails name the voting page under the API's URL (PROXYDESK_PUBLIC_URL, as
    // configToEnv names it). Only the senders get it: neither is behind the API, so there is no cycle.
    for (const sender of [this.distribution.worker, this.requests.worker])
      sender.fn.addEnvironment('PROXYDESK_PUBLIC_URL', this.api.url);
    this.voteOversight = new VoteOversight(this, 'VoteOversight', { api: this.api.api });

    this.apiUrl = this.api.url;
    this.tableName = table.tableName;
    this.importsBucketName = imports.bucketName;
    this.materialsBucketName = materials.bucketName;
    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'PROXYDESK_TABLE' });
    new CfnOutput(this, 'ImportsBucket', { value: imports.bucketName, description: 'PROXYDESK_IMPORTS_BUCKET' });
    new CfnOutput(this, 'MaterialsBucket', { value: materials.bucketName, description: 'PROXYDESK_MATERIALS_BUCKET' });
  }
}
