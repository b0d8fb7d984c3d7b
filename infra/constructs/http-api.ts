import { CfnOutput, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogField as F, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, type FunctionName } from '#shared/resources.js';
import type { ProxydeskFunction } from './function.js';

export interface HttpApiProps {
  /** The function behind each route's `function` name in shared/resources.ts. */
  readonly functions: Readonly<Record<FunctionName, ProxydeskFunction>>;
  /** @default 50 requests/s steady, 100 burst */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * One JSON line per request with HTTP API variables. (AccessLogFormat's ready-made formats are for
 * REST APIs: they log `$context.resourcePath` and IAM caller fields, which HTTP APIs do not fill.)
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: F.contextRequestId(),
    ip: F.contextIdentitySourceIp(),
    requestTime: F.contextRequestTime(),
    httpMethod: F.contextHttpMethod(),
    routeKey: F.contextRouteKey(),
    path: F.contextPath(),
    status: F.contextStatus(),
    protocol: F.contextProtocol(),
    responseLength: F.contextResponseLength(),
    responseLatency: F.contextResponseLatency(),
    integrationStatus: F.contextIntegrationStatus(),
    integrationLatency: F.contextIntegrationLatency(),
    integrationError: F.contextIntegrationErrorMessage(),
    error: F.contextErrorMessage(),
  }),
);

const METHODS = {
  GET: apigw.HttpMethod.GET,
  POST: apigw.HttpMethod.POST,
  PUT: apigw.HttpMethod.PUT,
  DELETE: apigw.HttpMethod.DELETE,
} as const;

/** The HTTP API: one route per ROUTES entry in shared/resources.ts, access-logged and throttled. */
export class HttpApi extends Construct {
  public readonly api: apigw.HttpApi;
  /** The `$default` stage: auto-deployed, access-logged, throttled. */
  public readonly stage: apigw.HttpStage;
  public readonly accessLogs: logs.LogGroup;
  public readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', { description: 'proxydesk HTTP API', createDefaultStage: false });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    // Operations routes (distribution, the vote views) need a SigV4-signed request from a principal allowed execute-api:Invoke.
    const iamAuthorizer = new HttpIamAuthorizer();
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}Integration`, props.functions[route.function].fn);
        integrations.set(route.function, integration);
      }
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [METHODS[route.method]],
        integration,
        authorizer: route.auth === 'iam' ? iamAuthorizer : undefined,
      });
      if (route.auth !== 'iam')
        Validations.of(created!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: proposal deadlines, published meeting facts, the materials website (Rule 14a-16(b) requires it open), ' +
            'stockholder requests (control-number checked, throttled per client and by the stage) and the API contract ' +
            '(GET /openapi.json). Operations routes (distributions, the vote status and how a holder voted) use IAM authorization.',
        });
    }
    this.url = this.stage.url;
    new CfnOutput(this, 'Url', { value: this.url, description: 'proxydesk API URL' });
  }
}
