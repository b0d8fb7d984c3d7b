import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../infra/build.js';
import type { ProxydeskStack } from '../../infra/stack.js';
import { BUCKETS, MAIN_TABLE, ROUTES, type FunctionName } from '../../shared/resources.js';

// Skip esbuild bundling in unit tests; `npx cdk synth` bundles for real.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

// One app and template for every assertion below (the cdk-nag tests synthesize their own apps).
let stack: ProxydeskStack;
let template: Template;
beforeAll(() => {
  // An environment-agnostic template (as in CI), whatever the shell has set: the snapshot must not depend on it.
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  stack = buildApp({ context: NO_BUNDLING }).stack;
  template = Template.fromStack(stack);
});

const logicalId = (c: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(c.node.defaultChild as CfnElement);

/** The IAM actions granted to a function's execution role, across all its inline policies. */
function actionsOf(name: FunctionName): string[] {
  const role = logicalId(stack.functions[name].fn.role!);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
    .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
}

describe('the Proxydesk stack', () => {
  it('has the main table on demand with point-in-time recovery and the keys of shared/resources.ts', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: MAIN_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: MAIN_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: MAIN_TABLE.globalSecondaryIndexes.map((g) =>
        Match.objectLike({
          IndexName: g.indexName,
          KeySchema: [
            { AttributeName: g.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: g.sortKey.name, KeyType: 'RANGE' },
          ],
        }),
      ),
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('in prod keeps and protects the table; every stage keeps its buckets; another stage can be torn down', () => {
    const prod = Template.fromStack(buildApp({ context: { ...NO_BUNDLING, stage: 'prod' } }).stack);
    prod.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    prod.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
    for (const t of [prod, template]) {
      for (const bucket of Object.values(t.findResources('AWS::S3::Bucket')))
        expect(bucket.DeletionPolicy).toBe('Retain');
    }
    // The default stage is dev: its table goes with the stack.
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
    });
    expect(stack.stackName).toBe('proxydesk-dev');
    expect(() => buildApp({ context: { ...NO_BUNDLING, stage: 'Prod!' } })).toThrow('-c stage=Prod!');
  });

  it('makes one bucket per definition plus the access-log bucket, all private and encrypted', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(BUCKETS.length + 1);
    for (const b of Object.values(buckets)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
      ).toBe('AES256');
    }
    const logged = Object.values(buckets).filter((b) => b.Properties.LoggingConfiguration);
    expect(logged).toHaveLength(BUCKETS.length);
  });

  it('denies every bucket request that is not over TLS', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(BUCKETS.length + 1);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      );
    }
  });

  it('runs the functions on Node 22, arm64, with tracing and the table name in their environment', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.PROXYDESK_TABLE,
    );
    // deadlines, meetings, holders-import, votes-import, distributions, distribution-worker, requests, votes, results, site,
    // voting-site, requests-worker, requests-check, email-events (openapi has no data access: its own test below)
    expect(fns).toHaveLength(14);
    for (const f of fns) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      expect(Object.keys(f.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining(['PROXYDESK_TABLE', 'PROXYDESK_IMPORTS_BUCKET', 'PROXYDESK_MATERIALS_BUCKET']),
      );
    }
  });

  it('routes exactly the API routes declared in shared/resources.ts', () => {
    const keys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey as string,
    );
    expect(keys.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('sends each route to the function its ROUTES entry names', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    for (const def of ROUTES) {
      const route = routes.find((r) => r.Properties.RouteKey === `${def.method} ${def.path}`)!;
      // Target: "integrations/<integration ref>"
      const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)![1]!;
      expect(integrations[integrationId]!.Properties.IntegrationUri).toEqual({
        'Fn::GetAtt': [logicalId(stack.functions[def.function].fn), 'Arn'],
      });
    }
  });

  it('logs the API stage as JSON with HTTP API variables and throttles it', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.routeKey') },
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
    });
    const format = JSON.parse(
      template.findResources('AWS::ApiGatewayV2::Stage')[logicalId(stack.api.stage)]!.Properties.AccessLogSettings
        .Format,
    );
    expect(format.requestId).toBe('$context.requestId');
    expect(JSON.stringify(format)).not.toContain('resourcePath'); // a REST API variable
  });

  it('gives the deadlines function no data access and the meetings function read-only table access (and the list of posted documents)', () => {
    expect(actionsOf('deadlines').filter((a) => !a.startsWith('xray:'))).toEqual([]);
    const meetings = actionsOf('meetings').filter((a) => !a.startsWith('xray:'));
    expect(meetings).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 's3:ListBucket']));
    expect(meetings.every((a) => a.startsWith('dynamodb:') || a === 's3:ListBucket')).toBe(true);
    for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
      expect(meetings).not.toContain(write);
    }
  });

  it('serves the OpenAPI document from a function with no data access and no environment of the stack', () => {
    expect(actionsOf('openapi').filter((a) => !a.startsWith('xray:'))).toEqual([]);
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions.openapi.fn)]!;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual([
      'NODE_OPTIONS',
      'POWERTOOLS_SERVICE_NAME',
    ]);
  });

  it('sets the service name and source maps in every function environment and keeps logs a year', () => {
    for (const name of ['deadlines', 'meetings'] as const) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: 'index.handler',
        Environment: {
          Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'proxydesk', NODE_OPTIONS: '--enable-source-maps' }),
        },
        LoggingConfig: { LogGroup: { Ref: logicalId(stack.functions[name].logGroup) } },
      });
      expect(
        template.findResources('AWS::Logs::LogGroup')[logicalId(stack.functions[name].logGroup)]!.Properties
          .RetentionInDays,
      ).toBe(365);
    }
  });

  it('outputs the API URL, the table name and the bucket names', () => {
    const outputs = template.findOutputs('*');
    expect(outputs.TableName!.Value).toEqual({ Ref: logicalId(stack.storage.tables[MAIN_TABLE.id]!) });
    expect(outputs.ImportsBucket!.Value).toEqual({ Ref: logicalId(stack.storage.buckets.Imports!) });
    expect(outputs.MaterialsBucket!.Value).toEqual({ Ref: logicalId(stack.storage.buckets.Materials!) });
    const url = Object.values(outputs).find((o) => JSON.stringify(o.Value).includes(logicalId(stack.api.api)));
    expect(JSON.stringify(url?.Value)).toContain('execute-api');
  });
});

describe('bucket lifecycles', () => {
  it("expire a run's plan chunks after 30 days, archive print files after 180, and drop old versions after 90", () => {
    const rulesOf = (id: string) =>
      template.findResources('AWS::S3::Bucket')[logicalId(stack.storage.buckets[id]!)]!.Properties
        .LifecycleConfiguration.Rules as Record<string, unknown>[];
    const materials = rulesOf('Materials');
    expect(materials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'plans/', ExpirationInDays: 30, Status: 'Enabled' }),
        expect.objectContaining({
          Prefix: 'print/',
          Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 180 }],
        }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
      ]),
    );
    expect(materials.find((r) => r.Prefix === 'print/')).not.toHaveProperty('ExpirationInDays');
    expect(rulesOf('Imports')).toEqual(
      expect.arrayContaining([expect.objectContaining({ Prefix: 'imports/', ExpirationInDays: 730 })]),
    );
  });
});

describe('holder imports on AWS', () => {
  it('an upload under imports/ with a .csv name notifies the import function', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: 'suffix', Value: '.csv' },
                  { Name: 'prefix', Value: 'imports/' },
                ],
              },
            },
          }),
        ],
      },
    });
  });

  it('the import function runs up to 15 minutes and continues through an encrypted queue with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          PROXYDESK_IMPORT_QUEUE_URL: Match.anyValue(),
          PROXYDESK_CONTROL_SECRET_ARN: Match.anyValue(),
        }),
      },
    });
    // Imports, vote-file uploads, distribution jobs and request fulfilment: a queue and its dead-letter queue each.
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(8);
    for (const q of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 960,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1 });
  });

  it('a vote file uploaded under votes/ reaches the vote-import function through its own queue (S3 → SQS, dead letters after three tries)', () => {
    const queue = logicalId(stack.voteImport.queue);
    const fn = logicalId(stack.voteImport.fn.fn);
    // The bucket notification: uploads under votes/ ending .csv go to the queue (not to a function).
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const config = JSON.stringify(notifications.map((n) => n.Properties.NotificationConfiguration));
    expect(config).toContain(`"QueueArn":{"Fn::GetAtt":["${queue}","Arn"]}`);
    expect(config).toContain('{"Name":"prefix","Value":"votes/"}');
    // S3 may send to the queue; the function reads it one message at a time.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 's3.amazonaws.com' } })]),
      }),
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn },
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      BatchSize: 1,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 960,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
    });
  });

  it('control numbers are keyed by a generated secret that only the functions that look holders up by it may read', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
    const readers = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'))
      .map((p) => JSON.stringify(p.Properties.Roles));
    const roles = [
      stack.holderImport.fn,
      stack.distribution.worker,
      stack.requests.api,
      stack.requests.site,
      stack.requests.worker,
      stack.functions.votes,
      stack.functions['voting-site'],
      stack.voteImport.fn,
    ].map((f) => logicalId(f.fn.role!));
    expect(readers).toHaveLength(8);
    for (const role of roles) expect(readers.some((r) => r.includes(`"${role}"`))).toBe(true);
  });

  it('the import function reads only imports/ and writes only reports/ in the bucket', () => {
    const docs = Object.values(template.findResources('AWS::IAM::Policy')).map((p) =>
      JSON.stringify(p.Properties.PolicyDocument),
    );
    const importPolicy = docs.find((d) => d.includes('secretsmanager:GetSecretValue') && d.includes('/imports/*'))!;
    expect(importPolicy).toContain('/imports/*');
    expect(importPolicy).toContain('/reports/*');
    expect(importPolicy).not.toContain('s3:DeleteObject');
  });
});

describe('distribution on AWS', () => {
  const policyOf = (fn: { fn: { role?: unknown } }) => {
    const role = logicalId(fn.fn.role as never);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
      .map((p) => JSON.stringify(p.Properties.PolicyDocument))
      .join('\n');
  };

  it('the distribution routes are IAM-authorized; the public ones are not', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType?: string },
    );
    for (const r of ROUTES) {
      const route = routes.find((x) => x.RouteKey === `${r.method} ${r.path}`)!;
      expect(route.AuthorizationType ?? 'NONE').toBe(r.auth === 'iam' ? 'AWS_IAM' : 'NONE');
    }
    expect(ROUTES.filter((r) => r.function === 'distributions').every((r) => r.auth === 'iam')).toBe(true);
  });

  it('jobs go through an encrypted queue whose dead-letter queue raises an alarm', () => {
    const queueId = logicalId(stack.distribution.queue);
    const dlqId = logicalId(stack.distribution.deadLetters);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 960,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 3 },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 4 },
    });
  });

  it('the worker sends email, writes plans/ and print/ only, and reads the key; the API neither sends nor reads the key', () => {
    const worker = policyOf(stack.distribution.worker);
    expect(worker).toContain('ses:SendEmail');
    expect(worker).toContain('secretsmanager:GetSecretValue');
    expect(worker).toContain('/plans/*');
    expect(worker).toContain('/print/*');
    expect(worker).not.toContain('s3:DeleteObject');
    expect(worker).not.toContain('/imports/*');
    const api = policyOf(stack.distribution.api);
    expect(api).toContain('sqs:SendMessage');
    expect(api).not.toContain('ses:');
    expect(api).not.toContain('secretsmanager:');
    expect(api).not.toContain('s3:GetObject');
  });
});

describe('stockholder requests on AWS', () => {
  it('a scheduled check every 15 minutes feeds alarms on overdue and due-soon requests; fulfilment has an alarmed dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack.requests.check.fn), 'Arn'] } })],
    });
    for (const name of ['RequestsOverdue', 'RequestsDueSoon']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'proxydesk',
        MetricName: name,
        Dimensions: [{ Name: 'service', Value: 'requests-check' }],
        Threshold: 1,
        TreatMissingData: 'breaching',
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.requests.deadLetters), 'QueueName'] } },
      ],
    });
  });

  it('the public requests route needs no signature; the check only reads the table', () => {
    expect(ROUTES.find((r) => r.path === '/meetings/{meetingId}/requests')?.auth).toBeUndefined();
    const role = logicalId(stack.requests.check.fn.role!);
    const docs = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
      .map((p) => JSON.stringify(p.Properties.PolicyDocument))
      .join('');
    expect(docs).toContain('dynamodb:Query');
    expect(docs).not.toContain('dynamodb:PutItem');
  });
});

describe('email that does not arrive', () => {
  it('mail goes through a configuration set publishing bounces and complaints to EventBridge, whose rule invokes email-events; bounces are alarmed', () => {
    const set = logicalId(stack.emailEvents.configurationSet);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: set },
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        EventBridgeDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack.emailEvents.fn.fn), 'Arn'] } })],
    });
    const senders = [
      stack.distribution.worker,
      stack.requests.worker,
      stack.functions.votes,
      stack.functions['voting-site'],
    ];
    for (const sender of senders) {
      const env = template.findResources('AWS::Lambda::Function')[logicalId(sender.fn)]!.Properties.Environment
        .Variables as Record<string, unknown>;
      expect(env.PROXYDESK_SES_CONFIGURATION_SET).toEqual({ Ref: set });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.04,
    });
  });
});

describe('secrets and settings', () => {
  it('no function environment holds key material: only the secret ARN; -c mailFrom sets the sender', () => {
    for (const f of Object.values(template.findResources('AWS::Lambda::Function'))) {
      const env = (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
      expect(Object.keys(env)).not.toContain('PROXYDESK_CONTROL_SECRET');
      for (const v of Object.values(env)) if (typeof v === 'string') expect(v).not.toMatch(/^[0-9a-f]{64}$/);
    }
    const withSender = Template.fromStack(
      buildApp({ context: { ...NO_BUNDLING, mailFrom: 'proxy@issuer.example' } }).stack,
    );
    withSender.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PROXYDESK_MAIL_FROM: 'proxy@issuer.example' }) },
    });
    expect(() => buildApp({ context: { ...NO_BUNDLING, mailFrom: 'nobody' } })).toThrow('-c mailFrom=nobody');
  });
});

describe('the voting page in the Notice and the materials emails on AWS', () => {
  it('the distribution and request workers get the HTTP API URL as PROXYDESK_PUBLIC_URL; the API functions do not', () => {
    const envOf = (fn: { node: { defaultChild?: unknown } }) =>
      (template.findResources('AWS::Lambda::Function')[logicalId(fn)]!.Properties.Environment?.Variables ??
        {}) as Record<string, unknown>;
    const api = logicalId(stack.api.api);
    for (const sender of [stack.distribution.worker, stack.requests.worker]) {
      const url = JSON.stringify(envOf(sender.fn).PROXYDESK_PUBLIC_URL);
      // https://<api id>.execute-api.<region>.<suffix>/ (the $default stage)
      expect(url).toContain(`{"Ref":"${api}"}`);
      expect(url).toContain('.execute-api.');
    }
    expect(envOf(stack.functions.votes.fn).PROXYDESK_PUBLIC_URL).toBeUndefined();
  });
});

describe('vote receipts on AWS', () => {
  it('the votes API sends its receipt email as the voting page does: SES SendEmail, the configuration set, -c mailFrom', () => {
    const set = logicalId(stack.emailEvents.configurationSet);
    for (const name of ['votes', 'voting-site'] as const) {
      expect(actionsOf(name)).toContain('ses:SendEmail');
      const env = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions[name].fn)]!.Properties
        .Environment.Variables as Record<string, unknown>;
      expect(env.PROXYDESK_SES_CONFIGURATION_SET).toEqual({ Ref: set });
    }
    const built = buildApp({ context: { ...NO_BUNDLING, mailFrom: 'proxy@issuer.example' } }).stack;
    const votes =
      Template.fromStack(built).findResources('AWS::Lambda::Function')[
        built.getLogicalId(built.functions.votes.fn.node.defaultChild as CfnElement)
      ]!;
    expect(votes.Properties.Environment.Variables.PROXYDESK_MAIL_FROM).toBe('proxy@issuer.example');
  });
});

describe('confidential voting on AWS', () => {
  const routeOf = (key: string) =>
    Object.values(template.findResources('AWS::ApiGatewayV2::Route')).find((r) => r.Properties.RouteKey === key)!
      .Properties as { AuthorizationType?: string };
  /** The route ARNs a policy document allows execute-api:Invoke on, as the path part after the stage. */
  const invokable = (doc: { Statement: { Action: string; Resource: unknown }[] }) =>
    doc.Statement.filter((st) => st.Action === 'execute-api:Invoke').flatMap((st) =>
      [st.Resource].flat().map((r) => /\/\$default(\/GET\/[^"]+)"/.exec(JSON.stringify(r))?.[1]),
    );

  it('how a named holder voted and the status figures are IAM-authorized routes (not open without a signed request)', () => {
    expect(routeOf('GET /meetings/{meetingId}/votes/accounts/{accountId}').AuthorizationType).toBe('AWS_IAM');
    expect(routeOf('GET /meetings/{meetingId}/votes/status').AuthorizationType).toBe('AWS_IAM');
    // The stockholders' own vote routes stay public (the control number authenticates).
    expect(routeOf('POST /meetings/{meetingId}/votes').AuthorizationType ?? 'NONE').toBe('NONE');
  });

  it("only the inspector's role may invoke the per-account route and the certificate; the operators' policy has the figures and the results", () => {
    const role = logicalId(stack.voteOversight.inspectorRole);
    const rolePolicy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${role}"`),
    )!;
    expect(invokable(rolePolicy.Properties.PolicyDocument).sort()).toEqual([
      '/GET/meetings/*/results',
      '/GET/meetings/*/results/certificate',
      '/GET/meetings/*/results/page',
      '/GET/meetings/*/votes/accounts/*',
      '/GET/meetings/*/votes/status',
    ]);
    const managed = template.findResources('AWS::IAM::ManagedPolicy');
    const operators = managed[logicalId(stack.voteOversight.operatorsPolicy)]!;
    const allowed = (doc: { Statement: { Effect: string; Action: string; Resource: unknown }[] }) =>
      invokable({ Statement: doc.Statement.filter((st) => st.Effect === 'Allow') });
    const denied = (doc: { Statement: { Effect: string; Action: string; Resource: unknown }[] }) =>
      invokable({ Statement: doc.Statement.filter((st) => st.Effect === 'Deny') });
    expect(allowed(operators.Properties.PolicyDocument).sort()).toEqual([
      '/GET/meetings/*/results',
      '/GET/meetings/*/results/page',
      '/GET/meetings/*/votes/status',
    ]);
    // The operators' grant /meetings/*/results would also match the per-account route of an account named
    // "results": the per-account route and the certificate are denied outright.
    expect(denied(operators.Properties.PolicyDocument).sort()).toEqual([
      '/GET/meetings/*/results/certificate',
      '/GET/meetings/*/votes/accounts/*',
    ]);
    // No other policy of the stack allows the per-account route or the certificate.
    for (const route of ['votes/accounts', 'results/certificate']) {
      const all = [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(managed)].filter(
        (p) => allowed(p.Properties.PolicyDocument).some((r) => r?.includes(route)),
      );
      expect(all).toEqual([rolePolicy]);
    }
  });

  it('the results routes are IAM-authorized, served by a results function that only reads the table', () => {
    for (const path of ['', '/page', '/certificate'])
      expect(routeOf(`GET /meetings/{meetingId}/results${path}`).AuthorizationType).toBe('AWS_IAM');
    const results = actionsOf('results').filter((a) => !a.startsWith('xray:'));
    expect(results).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(results.every((a) => a.startsWith('dynamodb:'))).toBe(true);
    for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'])
      expect(results).not.toContain(write);
  });

  it('an alarm fires on 100 or more refused votes in five minutes (VotesRefused from the votes function)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'proxydesk',
      MetricName: 'VotesRefused',
      Dimensions: [{ Name: 'service', Value: 'votes' }],
      Period: 300,
      Statistic: 'Sum',
      Threshold: 100,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('the synthesized template', () => {
  /**
   * Kept as a snapshot so every change to the deployed resources shows up in review
   * (`npx vitest -u` records an intended change). Asset hashes change with any code edit, so they
   * are replaced by a placeholder; everything else is compared as synthesized.
   */
  it('matches the reviewed snapshot', () => {
    const text = JSON.stringify(template.toJSON(), null, 1).replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '<asset hash>');
    expect(JSON.parse(text)).toMatchSnapshot();
  });
});

describe('cdk-nag AwsSolutions checks', () => {
  it('the stack synthesizes with no unacknowledged finding', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'proxydesk-synth-'));
    try {
      const { app } = buildApp({ context: NO_BUNDLING, outdir });
      expect(() => app.synth()).not.toThrow();
      const result = new AwsSolutionsChecks(app).validateScope(app);
      expect(result.violations).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('with a concrete account and region (as `npx cdk synth` gives from the shell), still no unacknowledged finding', () => {
    // The acknowledgements name ARNs; with an environment they hold the region and account, not tokens.
    const outdir = mkdtempSync(join(tmpdir(), 'proxydesk-synth-'));
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    process.env.CDK_DEFAULT_REGION = 'us-east-1';
    try {
      const { app, stack: located } = buildApp({ context: NO_BUNDLING, outdir });
      expect(located.region).toBe('us-east-1');
      expect(() => app.synth()).not.toThrow();
    } finally {
      for (const [k, v] of [
        ['CDK_DEFAULT_ACCOUNT', saved.account],
        ['CDK_DEFAULT_REGION', saved.region],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('a non-compliant bucket fails synthesis (the checks are really on)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'proxydesk-synth-'));
    try {
      const app = new App({ outdir });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      new s3.Bucket(new Stack(app, 'Bad'), 'Open');
      expect(() => app.synth()).toThrow();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
