import { Duration, Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface VoteOversightProps {
  /** The HTTP API whose IAM-authorized vote routes the role and the policy may invoke. */
  readonly api: apigw.HttpApi;
}

/** Refused votes in five minutes that raise the alarm (docs/operations.md: the threshold and why). */
export const REFUSED_VOTES_THRESHOLD = 100;

/**
 * Who may see the vote, and the alarm on refused votes (docs/voting.md, confidential voting; docs/operations.md):
 *
 * - the inspector of election's role: may invoke `GET /meetings/{id}/votes/accounts/{account}` (how a named holder
 *   voted), the status figures, the results (JSON and page) and the inspector's certificate (which names the
 *   accounts whose proxies did not count); assumed by principals of this account that the account's admins allow;
 * - the operators' managed policy: the status figures (counts, no account, no choice) and the results (JSON and
 *   page: totals only); attach it to the mailing operations' users or roles. It denies the per-account route
 *   outright (and the certificate), so no wildcard of its grants reaches them: the results grant's pattern also matches
 *   the per-account route of an account named `results`.
 *
 * Every such route is IAM-authorized (shared/resources.ts `auth: 'iam'`): without a signed request from a principal
 * allowed `execute-api:Invoke` on the route, API Gateway answers 403 before the function runs.
 */
export class VoteOversight extends Construct {
  public readonly inspectorRole: iam.Role;
  public readonly operatorsPolicy: iam.ManagedPolicy;
  public readonly refusedVotesAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: VoteOversightProps) {
    super(scope, id);
    const arn = (path: string) => props.api.arnForExecuteApi('GET', path, '$default');
    const OPERATORS = ['/meetings/*/votes/status', '/meetings/*/results', '/meetings/*/results/page'];
    const INSPECTOR = [...OPERATORS, '/meetings/*/votes/accounts/*', '/meetings/*/results/certificate'];

    this.operatorsPolicy = new iam.ManagedPolicy(this, 'OperatorsPolicy', {
      description: 'proxydesk: the voting status figures and the results (totals only), for mailing operations',
      statements: [
        new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: OPERATORS.map(arn) }),
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['execute-api:Invoke'],
          resources: [arn('/meetings/*/votes/accounts/*'), arn('/meetings/*/results/certificate')],
        }),
      ],
    });
    this.inspectorRole = new iam.Role(this, 'InspectorRole', {
      description: 'proxydesk: the inspector of election, who may see how a named holder voted',
      assumedBy: new iam.AccountPrincipal(this.operatorsPolicy.stack.account),
      maxSessionDuration: Duration.hours(1),
    });
    this.inspectorRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: INSPECTOR.map(arn) }),
    );
    // cdk-nag names each route's ARN with the API's logical id; the wildcards are the path parameters.
    const stack = Stack.of(this);
    const apiId = stack.getLogicalId(props.api.node.defaultChild as CfnElement);
    // A stage deployed with an explicit region (cdk.json, `npx cdk synth`) has it in the ARN; an environment-agnostic one a token.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const route = (path: string) =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${region}:${account}:<${apiId}>/$default/GET${path}]`;
    const grants = [
      [this.operatorsPolicy, OPERATORS],
      [this.inspectorRole, INSPECTOR],
    ] as const;
    for (const [grantee, paths] of grants)
      for (const path of paths)
        Validations.of(grantee).acknowledge({
          id: route(path),
          reason:
            'execute-api:Invoke on this one route of this API and stage: the wildcards are its meeting (and account) ' +
            'path parameters, so the grant covers that route, for every meeting.',
        });

    this.refusedVotesAlarm = new cloudwatch.Alarm(this, 'RefusedVotesAlarm', {
      alarmDescription:
        `proxydesk: ${REFUSED_VOTES_THRESHOLD} or more online votes refused in five minutes (wrong control numbers, ` +
        'throttled clients, late or malformed ballots). Look at the votes function logs and the API access log: ' +
        'a guessing attempt, a broken integration, or holders voting after the cut-off.',
      metric: new cloudwatch.Metric({
        namespace: 'proxydesk',
        metricName: 'VotesRefused',
        dimensionsMap: { service: 'votes' },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: REFUSED_VOTES_THRESHOLD,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, // no refusal publishes no data
    });
  }
}
